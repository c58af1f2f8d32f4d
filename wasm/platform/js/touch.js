// Touch gestures for touch.cpp: swipes scroll, taps click, pinches stay the
// browser's. Loaded with --pre-js.
Module.portalTouchInstall = function () {

    const T = {active: false};
    const isField = (el) => !!(el && el.classList && el.classList.contains('portal-field'));
    // The canvas, a field, or the semantic layer's text and links over the canvas: a swipe that starts
    // on a paragraph scrolls the page like one that starts between them.
    const onApp = (el) => el && (el.id === 'canvas' || isField(el) || !!(el.closest && el.closest('#semantics')));
    document.addEventListener('touchstart', (e) => {
        if (e.touches.length !== 1 || !onApp(e.target)) {     // pinch zoom and the page's own are the browser's
            if (T.active && T.drag) _platform_touch(3, 0, 0, e.timeStamp);
            T.active = false;
            return;
        }
        const t = e.changedTouches[0];
        Object.assign(T, {active: true, drag: false, id: t.identifier, x0: t.clientX, y0: t.clientY, target: e.target,
                          field: isField(e.target)});
        _platform_touch(0, t.clientX, t.clientY, e.timeStamp);
    }, {passive: true, capture: true});
    const find = (e) => Array.from(e.changedTouches).find((t) => t.identifier === T.id);
    document.addEventListener('touchmove', (e) => {
        if (!T.active) return;
        const t = find(e);
        if (!t) return;
        if (!T.drag && Math.hypot(t.clientX - T.x0, t.clientY - T.y0) > 8) T.drag = true;
        if (!T.drag) return;
        if (e.cancelable) e.preventDefault();   // no text selection, no emulated mouse
        const el = T.target;
        if (el.tagName === 'TEXTAREA' && el.scrollHeight > el.clientHeight) {  // its own text first
            const before = el.scrollTop;
            el.scrollTop += (T.lastY === undefined ? T.y0 : T.lastY) - t.clientY;
            T.lastY = t.clientY;
            if (el.scrollTop !== before) { _platform_touch(0, t.clientX, t.clientY, e.timeStamp); return; }
        }
        T.lastY = t.clientY;
        _platform_touch(1, t.clientX, t.clientY, e.timeStamp);
    }, {passive: false, capture: true});
    const end = (e) => {
        if (!T.active) return;
        const t = find(e);
        if (!t) return;
        T.active = false;
        T.lastY = undefined;
        if (e.type === 'touchcancel') { _platform_touch(3, t.clientX, t.clientY, e.timeStamp); return; }
        if (T.drag) { if (e.cancelable) e.preventDefault(); _platform_touch(2, t.clientX, t.clientY, e.timeStamp); return; }
        if (T.field) return;                    // the browser focuses the field and opens the keyboard
        if (e.cancelable) e.preventDefault();   // no emulated mouse events after the tap
        _platform_touch(4, t.clientX, t.clientY, e.timeStamp);
    };
    document.addEventListener('touchend', end, {passive: false, capture: true});
    document.addEventListener('touchcancel', end, {passive: false, capture: true});
};
