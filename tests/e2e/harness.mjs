// Shared end-to-end plumbing: the real serve.py on a free port, Debian's Chromium
// through playwright-core, and helpers that use the app's test interface.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
// The built bundle under test; PORTAL_SITE_DIR points elsewhere (serve.py reads it too).
export const SITE = resolve(process.env.PORTAL_SITE_DIR || join(ROOT, 'build-wasm', 'site'));
mkdirSync(SHOTS, { recursive: true });

export async function startServer({ demo = false, extra = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const args = [join(ROOT, 'serve.py'), '--port', '0', '--db', join(dir, 'portal.db'), '--site', SITE];
  if (demo) args.push('--demo');
  args.push(...extra);
  const proc = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('serve.py did not start:\n' + out + log)), 60000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^/]+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => reject(new Error(`serve.py exited ${code}:\n${out}${log}`)));
  });
  return { url, db: join(dir, 'portal.db'), stop: () => proc.kill('SIGTERM'), log: () => log };
}

// A real SMTP server (tests/server/smtp_sink.py) for the server's emails: `address` for --smtp,
// `waitFor(to, kind, n)` resolves to the token of the n-th /#/<kind>/<token> link emailed to `to`.
export async function startMailSink() {
  const proc = spawn('python3', ['-m', 'tests.server.smtp_sink'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const mails = [];
  let out = '';
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the SMTP sink did not start')), 20000);
    proc.stdout.on('data', (d) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop();
      for (const line of lines) {
        const m = line.match(/^listening on (\S+)/);
        if (m) { clearTimeout(timer); resolve(m[1]); } else if (line.trim()) mails.push(JSON.parse(line));
      }
    });
    proc.on('exit', (code) => reject(new Error(`the SMTP sink exited ${code}`)));
  });
  return {
    address, mails,
    async waitFor(to, kind, n = 1, timeout = 20000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const tokens = mails.filter((mail) => mail.to.includes(to))
          .map((mail) => mail.text.match(new RegExp('/#/' + kind + '/([A-Za-z0-9_-]+)'))).filter(Boolean);
        if (tokens.length >= n) return tokens[n - 1][1];
        if (Date.now() > deadline) throw new Error(`no ${kind} link emailed to ${to}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => proc.stdin.end(),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
           '--enable-unsafe-swiftshader'],
  });
}

// `touch`: a phone (touch screen, mobile viewport); `colorScheme`: the system's light or dark preference.
export async function openApp(browser, url, { width = 1280, height = 800, scale = 1, touch = false, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, hasTouch: touch,
                                             isMobile: touch, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await waitReady(page);
  return { page, context, errors };
}

export async function waitReady(page, timeout = 30000) {
  await page.waitForFunction(() => window.portalTest && window.portalTest.ready(), null, { timeout });
}

export async function widget(page, label, timeout = 10000) {
  const handle = await page.waitForFunction((l) => window.portalTest && window.portalTest.widget(l), label,
                                            { timeout });
  return handle.jsonValue();
}

// A widget whose place has not moved for two frames: layout has settled (a panel
// that opens above it would otherwise move it between looking and clicking).
export async function settled(page, label, timeout = 10000) {
  const handle = await page.waitForFunction((l) => {
    window.portalTest.tick();
    const s = window.portalTest.state();
    const w = s.widgets[l];
    if (!w) return null;
    const key = `${w.x},${w.y},${w.w},${w.h}`;
    const seen = (window.__settle = window.__settle || {})[l];
    if (!seen || seen.key !== key) { window.__settle[l] = { key, frame: s.frame }; return null; }
    return s.frame >= seen.frame + 2 ? w : null;
  }, label, { timeout, polling: 50 });
  return handle.jsonValue();
}

// Scrolls a widget into view the way a person would before using it.
export async function reveal(page, label) {
  await widget(page, label);
  let w = await settled(page, label);
  const height = page.viewportSize().height;
  if (w.visible && w.y >= 0 && w.y + w.h <= height) return w;
  await page.evaluate((l) => window.portalTest.reveal(l), label);
  await page.waitForFunction(([l, vh]) => {
    const x = window.portalTest.widget(l);
    return x && x.visible && x.y >= 0 && x.y + x.h <= vh ? x : null;
  }, [label, height], { timeout: 10000 });
  return settled(page, label);
}

export async function click(page, label) {
  const w = await reveal(page, label);
  await page.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
  return w;
}

// Clicks a field, waits for its caret as a person would, then types.
export async function typeInto(page, label, text) {
  await click(page, label);
  await page.waitForFunction((l) => window.portalTest.widget(l)?.active, label, { timeout: 10000 });
  await page.keyboard.type(text);
  return page.waitForFunction(([l, t]) => {
    const w = window.portalTest.widget(l);
    return w && w.value === t ? w.value : null;
  }, [label, text], { timeout: 10000 }).then((h) => h.jsonValue());
}

// Counts distinct colours in a screenshot, decoded by the browser itself: a blank
// canvas has one or two, a drawn screen hundreds.
export async function distinctColours(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  }, png.toString('base64'));
}

// Signs in through the sign-in screen as a person would and waits for the landing view.
export async function signIn(page, email, landing, { navigate = true } = {}) {
  if (navigate) await page.evaluate(() => { window.location.hash = '#/signin'; });
  await page.waitForFunction(() => window.portalTest.view() === 'signin');
  await typeInto(page, 'Email', email);
  await click(page, 'Password');
  await page.waitForFunction(() => window.portalTest.widget('Password')?.active);
  await page.keyboard.type('demo-password');
  await page.keyboard.press('Enter');
  await page.waitForFunction((v) => window.portalTest.view() === v, landing, { timeout: 20000 });
}

// Opens an issue by its link and waits until its page is drawn.
export async function openIssue(page, id) {
  await page.evaluate((n) => { window.location.hash = '#/issues/' + n; }, id);
  await page.waitForFunction((n) => window.portalTest.view() === 'issue' &&
    window.portalTest.widget('Issue title') && location.hash === '#/issues/' + n, id);
}

// Calls the API from the page with the signed-in session's token (and a JSON body, if any);
// resolves to { status, body } (body null for 204).
export async function apiCall(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const token = JSON.parse(localStorage.getItem('portal.session')).token;
    const headers = { Authorization: 'Bearer ' + token };
    if (b !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(p, { method: m, headers, body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  }, [method, path, body]);
}

// The same, resolving to the JSON reply.
export async function apiFromPage(page, method, path, body) {
  return (await apiCall(page, method, path, body)).body;
}

// The first issue, in the list's own order, of GET /api/issues?<query> (as the signed-in
// person sees it) for which `predicate` holds: tests find the issue they need by what it
// is, never by a demo id.
export async function findIssue(page, query, predicate = () => true) {
  const list = await apiFromPage(page, 'GET', '/api/issues?page_size=500&' + query);
  const found = (list.issues || []).find(predicate);
  if (!found) throw new Error(`no issue in /api/issues?${query} is the one the test needs`);
  return found;
}

// Polls an issue through the API until `predicate(issue)` holds.
export async function waitForIssue(page, id, predicate, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const issue = await apiFromPage(page, 'GET', '/api/issues/' + id);
    if (predicate(issue)) return issue;
    if (Date.now() > deadline) throw new Error(`issue #${id} never reached the expected state`);
    await page.waitForTimeout(200);
  }
}

export const PASSWORD = 'correct horse battery';     // for accounts the tests make

export const view = (page, v) => page.waitForFunction((x) => window.portalTest.view() === x, v, { timeout: 20000 });

// Replaces a field's text as a person would (select all, type); a password's value is never reported.
export async function fill(page, label, text) {
  await click(page, label);
  await page.waitForFunction((l) => window.portalTest.widget(l)?.active, label, { timeout: 10000 });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  if (/password/i.test(label)) return;
  await page.waitForFunction(([l, t]) => window.portalTest.widget(l)?.value === t, [label, text], { timeout: 10000 });
}

export async function acceptInvitation(page, token, name) {
  await page.evaluate((t) => { location.hash = '#/invite/' + t; }, token);
  await view(page, 'invitation');
  await widget(page, 'Create my account');
  await fill(page, 'Name', name);
  await fill(page, 'Password', PASSWORD);
  await click(page, 'Create my account');
}

// Fills the report form through the accessibility tree only (role and name, as a screen
// reader does), then presses File report. `impact` is the radio's name ("P3 Low").
export async function fillReportByRole(page, { title, impact, actual = 'Nothing happens.' }) {
  const text = (name, value) => page.getByRole('textbox', { name, exact: true }).fill(value);
  await text('Title', title);
  await page.getByRole('radio', { name: impact }).dispatchEvent('click');
  await page.waitForFunction((n) => document.querySelector(`#semantics input[type=radio][aria-label="${n}"]`)?.checked,
                             impact);
  await text('Fleet server version', '4.40.0');
  await page.getByRole('radio', { name: 'osquery' }).dispatchEvent('click');
  await page.waitForFunction(() => document.querySelector('#semantics input[type=radio][aria-label="osquery"]')?.checked);
  await text('Agent version', '5.11.0');
  await text('Operating system', 'Fedora 40');
  await text('Web browser', 'Firefox 128');
  await text('Expected behavior', 'Labels apply.');
  await text('Actual behavior', actual);
  await text('Steps to reproduce', 'Add a label.');
  await page.getByRole('button', { name: 'File report' }).dispatchEvent('click');
}

// Waits until the widget's value matches `pattern` -> the value.
export const widgetValue = (page, label, pattern) => page.waitForFunction(([l, p]) => {
  const v = window.portalTest.widget(l)?.value;
  return v !== undefined && new RegExp(p).test(v) ? v : null;
}, [label, pattern.source], { timeout: 15000 }).then((h) => h.jsonValue());

// What a screen reader gets for the element of `role` and `name` (Chromium's accessibility
// tree): { role, name, description, checked, focused, invalid, ... }, or null.
export async function axNode(page, role, name) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const n = nodes.find((x) => !x.ignored && x.role?.value === role && x.name?.value === name);
    if (!n) return null;
    const out = { role, name, description: n.description?.value ?? '' };
    for (const p of n.properties || []) out[p.name] = p.value.value;
    return out;
  } finally {
    await cdp.detach();
  }
}
