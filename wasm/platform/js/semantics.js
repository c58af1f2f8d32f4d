// The semantic layer for semantics.cpp: a DOM tree kept in step with what the
// canvas draws, so screen readers, find in page, text selection, links and
// password managers see a web page. Loaded with --pre-js.
Module.portalSemanticsInstall = function () {
  if (Module.portalSemantics) return;
  const ROLES = ['text', 'h1', 'h2', 'button', 'link', 'checkbox', 'radio', 'field', 'table', 'row', 'columnheader',
                 'cell', 'list', 'listitem', 'form', 'select', 'radiogroup'];
  const FLAG = { checked: 1, disabled: 2, invalid: 4, required: 8, current: 16, expanded: 32, selected: 64, strong: 128,
                 outside: 256, expandable: 512 };
  const root = document.createElement('div');
  root.id = 'semantics';
  const header = document.createElement('header');
  const nav = document.createElement('nav');
  nav.setAttribute('aria-label', 'Portal');
  header.appendChild(nav);
  const main = document.createElement('main');
  main.id = 'main';
  const live = document.createElement('div');
  live.className = 'sem-live';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  root.append(header, main, live);
  document.body.appendChild(root);
  const S = { root, regions: [nav, main], nodes: new Map(), syncing: false };
  const send = (id, type) => _platform_sem_event(id, type);

  function make(role, id) {
    let el;
    switch (role) {
      case 'h1': case 'h2': el = document.createElement(role); el.className = 'sem-text'; el.dir = 'auto';
        if (role === 'h1') el.tabIndex = -1;                // a new screen's title takes focus (not a Tab stop)
        break;
      case 'text': el = document.createElement('p'); el.className = 'sem-text'; el.dir = 'auto'; break;
      case 'button': el = document.createElement('button'); el.type = 'button'; el.className = 'sem-control'; break;
      case 'link': el = document.createElement('a'); el.className = 'sem-link'; break;
      case 'checkbox': case 'radio':
        el = document.createElement('input'); el.type = role; el.className = 'sem-control'; break;
      case 'select':                                        // a real <select>: a screen reader can choose
        el = document.createElement('select'); el.className = 'sem-control';
        el.addEventListener('change', () => send(id, 100 + el.selectedIndex));
        el.addEventListener('focus', () => { if (!S.syncing) send(id, 1); });
        break;
      case 'form':                                          // a real form: password managers fill and save it
        el = document.createElement('form'); el.className = 'sem-group'; el.noValidate = true;
        el.addEventListener('submit', (e) => e.preventDefault());
        break;
      case 'table': case 'row': case 'columnheader': case 'cell': case 'list': case 'listitem': case 'radiogroup':
        el = document.createElement('div'); el.setAttribute('role', role); el.className = 'sem-group'; break;
      default: el = document.createElement('span'); el.className = 'sem-text';
    }
    el.id = 'sem-' + id;                                    // fields point at their error text (aria-describedby)
    if (['button', 'link', 'checkbox', 'radio'].includes(role)) {
      el.addEventListener('focus', () => { if (!S.syncing) send(id, 1); });
      el.addEventListener('click', (e) => {
        // Middle-click, Ctrl/Cmd/Shift+click on a link: the browser's (new tab, new window).
        if (role === 'link' && (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey)) return;
        if (el.type !== 'submit') e.preventDefault();       // a form's submit still happens (password managers watch it)
        send(id, 2);                                         // activate, as ImGui would on a click
      });
    }
    return el;
  }

  function container(parentId, region) {
    if (parentId) { const p = S.nodes.get(parentId); if (p) return p.el; }
    return S.regions[region] || main;
  }

  // Puts `want` in `parent` in this order without ever moving the focused element
  // (moving it would blur it, and a person's typing would go nowhere).
  function order(parent, want) {
    let i = 0;
    for (const el of want) {
      for (;;) {
        const here = parent.children[i];
        if (here === el) break;
        if (el === document.activeElement && el.parentElement === parent) {
          parent.insertBefore(here, el.nextSibling);          // the occupant moves, the focused one stays
          continue;
        }
        parent.insertBefore(el, here || null);
        break;
      }
      i++;
    }
  }

  // Writes only the style properties that changed: while a list scrolls, only `top` does.
  function set(el, prop, value) {
    const cache = el._st || (el._st = {});
    if (cache[prop] === value) return;
    cache[prop] = value;
    el.style[prop] = value;
  }

  function place(n, el) {
    el._geom = n.geom;
    const [x, y, w, h, cx0, cy0, cx1, cy1, fontH] = n.box;
    const top = Math.max(0, cy0 - y), left = Math.max(0, cx0 - x);
    const right = Math.max(0, x + w - cx1), bottom = Math.max(0, y + h - cy1);
    const outside = top >= h || bottom >= h || left >= w || right >= w;
    set(el, 'left', x + 'px');
    set(el, 'top', y + 'px');
    set(el, 'width', w + 'px');
    set(el, 'height', h + 'px');
    set(el, 'clipPath', (!outside && (top || left || right || bottom)) ? `inset(${top}px ${right}px ${bottom}px ${left}px)` : '');
    set(el, 'pointerEvents', outside ? 'none' : '');
    if (fontH > 0) {
      const R = Module.portalRaster;
      set(el, 'fontSize', (fontH * (R ? R.emPerHeight : 0.734)).toFixed(3) + 'px');
      set(el, 'lineHeight', fontH + 'px');
    }
  }

  // "#42" in read-only text is a real link to that issue, laid out by the browser
  // over the drawn glyphs (its underline shows on the canvas).
  function linkify(el, text) {
    const parts = [];
    const re = /(^|[^\w&\/])#(\d{1,9})(?!\w)/g;
    let last = 0, m;
    while ((m = re.exec(text)) !== null) {
      const at = m.index + m[1].length;
      if (Number(m[2]) === 0) continue;
      if (at > last) parts.push(document.createTextNode(text.slice(last, at)));
      const a = document.createElement('a');
      a.className = 'sem-inline-link';
      a.href = '#/issues/' + Number(m[2]);
      a.textContent = '#' + m[2];
      parts.push(a);
      last = at + 1 + m[2].length;
    }
    if (last < text.length) parts.push(document.createTextNode(text.slice(last)));
    el.replaceChildren(...parts);
  }

  function apply(n, el) {
    const f = n.flags;
    if (n.role === 'field') return;                        // the field layer keeps its own attributes
    if (['text', 'h1', 'h2', 'columnheader'].includes(n.role) && n.name !== el._name) {
      if (n.role === 'columnheader') el.setAttribute('aria-label', n.name);
      else if (n.role === 'text' && n.name.indexOf('#') >= 0) linkify(el, n.name);
      else el.textContent = n.name;
      el._name = n.name;
    }
    if (['button', 'link', 'table', 'list', 'form', 'radiogroup'].includes(n.role) && el._name !== n.name) {
      if (n.role === 'button' || n.role === 'link') el.textContent = n.name; else el.setAttribute('aria-label', n.name);
      el._name = n.name;
    }
    if (n.role === 'text' || n.role === 'h1' || n.role === 'h2') el.classList.toggle('sem-strong', !!(f & FLAG.strong));
    if (n.role === 'link' && el.getAttribute('href') !== n.href) el.setAttribute('href', n.href);
    if (n.role === 'link') { if (f & FLAG.current) el.setAttribute('aria-current', 'page'); else el.removeAttribute('aria-current'); }
    if (n.role === 'checkbox' || n.role === 'radio') {
      el.checked = !!(f & FLAG.checked);
      if (el.getAttribute('aria-label') !== n.name) el.setAttribute('aria-label', n.name);
      if (n.role === 'radio' && el.name !== n.value) el.name = n.value;   // the group
    }
    if (n.role === 'button' || n.role === 'checkbox' || n.role === 'radio') el.disabled = !!(f & FLAG.disabled);
    if (n.role === 'button') {
      if (f & FLAG.expandable) el.setAttribute('aria-expanded', String(!!(f & FLAG.expanded)));
      else el.removeAttribute('aria-expanded');
    }
    if (n.role === 'select') {
      const options = n.href.split('\x1d');
      if (el._options !== n.href) {
        el._options = n.href;
        el.replaceChildren(...options.map((o) => new Option(o)));
      }
      el.selectedIndex = Number(n.value) || 0;
      if (el.getAttribute('aria-label') !== n.name) el.setAttribute('aria-label', n.name);
    }
    if (n.role === 'button' && n.value && el.getAttribute('aria-description') !== n.value) el.setAttribute('aria-description', n.value);
  }

  // Records: id, parent, role, region, x, y, w, h, clip x0 y0 x1 y1, flags, font height, name, value, href.
  S.update = function (text) {
    const seen = new Set();
    const kids = new Map();
    for (const rec of text ? text.split('\x1e') : []) {
      const p = rec.split('\x1f');
      const id = Number(p[0]);
      if (seen.has(id)) continue;                          // one element per id, whatever else claims it
      const role = ROLES[Number(p[2])] || 'text';
      let entry = S.nodes.get(id);
      if (entry && entry.role !== role) { entry.el.remove(); S.nodes.delete(id); entry = null; }
      if (!entry) {
        const el = role === 'field' ? Module.portalFields && Module.portalFields.els.get(id) : make(role, id);
        if (!el) continue;
        entry = { el, role };
        S.nodes.set(id, entry);
      }
      seen.add(id);
      // Unchanged parts are not even parsed: while a list scrolls, only positions move.
      const geom = p[4] + ',' + p[5] + ',' + p[6] + ',' + p[7] + ',' + p[8] + ',' + p[9] + ',' + p[10] + ',' + p[11] + ',' + p[13];
      const meta = p[12] + '\x1f' + p[14] + '\x1f' + p[15] + '\x1f' + p[16];
      const n = { id, role, parent: Number(p[1]), region: Number(p[3]), geom };
      const group = entry.el.classList.contains('sem-group');   // tables, rows, cells, forms: no box of their own
      if (role !== 'field' && !group && entry.el._geom !== geom) {
        n.box = [4, 5, 6, 7, 8, 9, 10, 11, 13].map((i) => Number(p[i]));
        place(n, entry.el);
      }
      if (entry.el._meta !== meta) {
        entry.el._meta = meta;
        apply({ role, flags: Number(p[12]), name: p[14] || '', value: p[15] || '', href: p[16] || '' }, entry.el);
      }
      const parent = container(n.parent, n.region);
      if (!kids.has(parent)) kids.set(parent, []);
      kids.get(parent).push(entry.el);
    }
    S.nodes.forEach((entry, id) => {                         // the gone first, so ordering moves nothing needlessly
      if (seen.has(id)) return;
      if (entry.role !== 'field') entry.el.remove();
      S.nodes.delete(id);
    });
    kids.forEach((want, parent) => order(parent, want));     // (no destructuring in for-of: Emscripten 3.1.6 drops it)
    kids.forEach((want, parent) => {                         // a form's button submits it
      if (parent.tagName === 'FORM') for (const el of want) if (el.tagName === 'BUTTON') el.type = 'submit';
    });
  };

  // Keyboard focus moved in the app: the element follows (a screen reader hears it).
  S.focus = function (id) {
    const entry = S.nodes.get(id);
    if (!entry || document.activeElement === entry.el) return;
    S.syncing = true;
    entry.el.focus({ preventScroll: true });
    S.syncing = false;
  };

  S.announce = function (text) { if (live.textContent !== text) live.textContent = text; };

  // Find in page scrolls this layer to a match: the canvas follows, and the layer returns to 0.
  root.addEventListener('scroll', () => {
    const dx = root.scrollLeft, dy = root.scrollTop;
    if (!dx && !dy) return;
    root.scrollTop = 0;
    root.scrollLeft = 0;
    _platform_sem_scrolled(dx, dy);
  });
  // Over text and links the canvas does not see the mouse: tell it, so hover and wheel still work.
  root.addEventListener('mousemove', (e) => _platform_sem_pointer(e.clientX, e.clientY));
  root.addEventListener('wheel', (e) => {
    if (e.target.classList && e.target.classList.contains('portal-field')) return;   // fields forward their own
    e.preventDefault();
    _platform_wheel(e.deltaX, e.deltaY, e.deltaMode, e.clientX, e.clientY);
  }, { passive: false });
  Module.portalSemantics = S;
};
