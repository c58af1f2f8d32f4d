// Real text fields over the canvas, for field_layer.cpp. Loaded with --pre-js.
Module.portalFieldsInstall = function () {
  if (Module.portalFields) return;

    const root = document.createElement('div');
    root.id = 'field-layer';
    document.body.appendChild(root);
    const F = {root, els: new Map(), seen: new Set()};
    const send = (id, type, text) => {
        if (text === undefined) { _platform_field_event(id, type, 0); return; }
        const size = lengthBytesUTF8(text) + 1;
        const ptr = _malloc(size);
        stringToUTF8(text, ptr, size);
        _platform_field_event(id, type, ptr);
        _free(ptr);
    };
    F.make = (id, multiline) => {
        const el = document.createElement(multiline ? 'textarea' : 'input');
        el.className = 'portal-field';
        el.dataset.field = String(id);
        el.setAttribute('dir', 'auto');
        el.addEventListener('input', () => send(id, 0, el.value));
        el.addEventListener('focus', () => send(id, 1));
        el.addEventListener('blur', () => send(id, 2));
        el.addEventListener('keydown', (e) => {
            e.stopPropagation();                   // the app's keys are not this field's keys
            if (e.isComposing || e.keyCode === 229) return;
            if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) { e.preventDefault(); send(id, e.shiftKey ? 5 : 4); }
            else if (e.key === 'Escape') send(id, 6);
            else if (e.key === 'Enter' && !multiline && el.form) { /* the form submits: its button's click signs in */ }
            else if (e.key === 'Enter' && !multiline) { e.preventDefault(); send(id, 3); }
        });
        el.addEventListener('keyup', (e) => e.stopPropagation());
        el.addEventListener('wheel', (e) => {
            const scrollable = multiline && el.scrollHeight > el.clientHeight + 1 &&
                ((e.deltaY < 0 && el.scrollTop > 0) || (e.deltaY > 0 && el.scrollTop + el.clientHeight < el.scrollHeight - 1));
            if (scrollable) return;                // the textarea scrolls its own text first
            e.preventDefault();
            _platform_wheel(e.deltaX, e.deltaY, e.deltaMode, e.clientX, e.clientY);
        }, {passive: false});
        root.appendChild(el);
        F.els.set(id, el);
        return el;
    };
    Module.portalFields = F;
};
