// The page shell: checks the browser, loads the wasm with a progress bar, and
// shows a readable message if anything stops the app from starting.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  // The loading screen wears the theme the app will draw: a stored choice, else the system's.
  try {
    const theme = localStorage.getItem('portal.theme');
    if (theme === 'dark' || theme === 'light') document.documentElement.dataset.theme = theme;
  } catch (e) { /* storage blocked: the system preference stands */ }
  let started = false;

  function fail(message) {
    $('loading').classList.add('done');
    $('canvas').hidden = true;
    $('failure-text').textContent = message;
    $('failure').hidden = false;
  }
  function progress(fraction, text) {
    $('loading-fill').style.width = Math.round(Math.min(1, fraction) * 100) + '%';
    $('loading-text').textContent = text;
  }
  window.portalShell = {
    ready(flag) { if (flag) { started = true; $('loading').classList.add('done'); } },
    fail,
  };
  window.addEventListener('error', (e) => { if (!started) fail('Something went wrong while starting: ' + e.message); });

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    fail('This browser does not support WebAssembly, which the portal needs. Please use a current Chrome, Edge, Firefox or Safari.');
    return;
  }
  if (!document.createElement('canvas').getContext('webgl2')) {
    fail('This browser cannot draw with WebGL 2, which the portal needs. Please use a current browser, or turn on hardware acceleration in its settings.');
    return;
  }

  // Download the wasm ourselves to show progress, then hand the bytes to the runtime.
  async function download(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error('the server answered ' + response.status + ' for ' + url);
    const total = Number(response.headers.get('X-Decoded-Length') || response.headers.get('Content-Length') || 0);
    if (!response.body || !total) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      progress(received / total, 'Loading… ' + Math.round(received / 1024) + ' of ' + Math.round(total / 1024) + ' KB');
    }
    const bytes = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    return bytes;
  }

  const wasm = download('app.wasm');
  window.Module = {
    canvas: $('canvas'),
    instantiateWasm(imports, receive) {
      wasm.then((bytes) => {
        progress(1, 'Starting…');
        return WebAssembly.instantiate(bytes, imports);
      }).then((r) => receive(r.instance, r.module))
        .catch((e) => fail('The portal could not be loaded (' + e.message + '). Check your connection and reload.'));
      return {};
    },
    onAbort(what) { fail('The portal stopped unexpectedly (' + what + ').'); },
    print() {},
    printErr(text) { console.warn(text); },
  };
  const script = document.createElement('script');
  script.src = 'app.js';
  script.onerror = () => fail('The portal could not be loaded. Check your connection and reload.');
  document.body.appendChild(script);
})();
