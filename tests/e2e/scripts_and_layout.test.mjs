// Every writing system a reply may hold is drawn (by the UI font, or rasterised by the
// browser where the font has no glyph), never as a row of question marks; the first
// frame wears the system's theme; and a 320 px wide screen keeps every navigation item.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { SHOTS, launchBrowser, openApp, openIssue, settled, signIn, startServer, widget } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const SCRIPTS = {
  latin: 'Zoë Ørsted café',
  greek: 'Καλημέρα κόσμε',
  cyrillic: 'Привет мир',
  cjk: '日本語の報告 中文 한국어',
  hebrew: 'שלום עולם',
  arabic: 'مرحبا بالعالم',
  devanagari: 'नमस्ते दुनिया',
  symbols: '→ ✓ ★ ∞ ≤',
  emoji: '😀 👩‍💻 👍🏽 🇯🇵',
};
// The control: what a renderer without the glyphs would draw, one "?" per code point.
const questionMarks = (text) => '?'.repeat([...text].length);

// ---- the API, called from the test itself ----

async function api(method, path, { token, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const r = await fetch(new URL(path, server.url), { method, headers, body: body && JSON.stringify(body) });
  const json = r.status === 204 ? null : await r.json();
  assert.ok(r.ok, `${method} ${path} answered ${r.status}: ${JSON.stringify(json)}`);
  return json;
}

const sessionToken = async (email) =>
  (await api('POST', '/api/session', { body: { email, password: 'demo-password' } })).token;

// Posts a public reply; the answer is the whole issue, so the new comment is the last one.
async function postReply(token, issueId, body) {
  const issue = await api('POST', `/api/issues/${issueId}/comments`, { token, body: { body, visibility: 'public' } });
  const comment = issue.comments.at(-1);
  assert.equal(comment.body, body);
  return comment.id;
}

// ---- the page ----

const shot = (page, name, options = {}) => page.screenshot({ path: join(SHOTS, name), ...options });

// The stretch of the viewport the page scrolls in: below the navigation bar (its last
// button, the signed-in person's name under it, the rule) and above the window's padding.
async function pageArea(page) {
  const account = await settled(page, 'Sign out');
  return [account.y + account.h + 50, page.viewportSize().height - 20];
}

// Scrolls the page with the mouse wheel, as a person would, until the widget lies wholly on
// screen with its top within `slack` px of `top` (default: anywhere on screen). The test
// interface's reveal() cannot help here: it scrolls the window the widget sits in, and a
// reply sits in its own child window, which does not scroll. A widget scrolled out of
// view is still tracked (at its place, with no height), which gives the direction. How
// far a wheel delta scrolls depends on the screen, so each step learns from the last.
async function scrollTo(page, label, { top = null, slack = 40 } = {}) {
  const { width, height } = page.viewportSize();
  const [pageTop, pageBottom] = await pageArea(page);
  let gain = 1, last = null;                     // px scrolled per px of wheel delta
  for (let attempt = 0; attempt < 25; attempt++) {
    const w = await settled(page, label);
    if (last && Math.abs(last.y - w.y) > 2) gain = Math.min(4, Math.max(0.1, (last.y - w.y) / last.delta));
    const onScreen = w.visible && w.h > 0 && w.y >= pageTop && w.y + w.h <= pageBottom;
    if (onScreen && (top === null || Math.abs(w.y - top) <= slack)) return w;
    const goal = top ?? height / 2 - w.h / 2;
    const delta = Math.max(-4 * height, Math.min(4 * height, (w.y - goal) / gain));
    await page.mouse.move(width / 2, height / 2);
    await page.mouse.wheel(0, delta);
    last = { y: w.y, delta };
    try {
      await page.waitForFunction(([l, y]) => { window.portalTest.tick(); return window.portalTest.widget(l)?.y !== y; },
                                 [label, w.y], { timeout: 2000, polling: 50 });
    } catch {
      if (onScreen) return w;                    // the end of the page: as close as it gets
      throw new Error(`the wheel does not move ${label} (at y ${w.y})`);
    }
  }
  throw new Error(`could not scroll ${label} into place`);
}

// Decodes two screenshots of the same size in the page and compares them pixel by pixel:
// `differing` pixels whose colour differs noticeably, and each image's `ink`, the pixels
// that differ from its background (its most common colour).
async function comparePixels(page, a, b) {
  return page.evaluate(async ([pngA, pngB]) => {
    const decode = async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return ctx.getImageData(0, 0, c.width, c.height);
    };
    const [x, y] = [await decode(pngA), await decode(pngB)];
    if (x.width !== y.width || x.height !== y.height) throw new Error('the images differ in size');
    const far = (d, i, e, j) => Math.max(Math.abs(d[i] - e[j]), Math.abs(d[i + 1] - e[j + 1]), Math.abs(d[i + 2] - e[j + 2])) > 40;
    const ink = (img) => {
      const counts = new Map();
      for (let i = 0; i < img.data.length; i += 4) {
        const key = (img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
      }
      const bg = [...counts].sort((p, q) => q[1] - p[1])[0][0];
      const bgPixel = [bg >> 16, (bg >> 8) & 255, bg & 255];
      let n = 0;
      for (let i = 0; i < img.data.length; i += 4) if (far(img.data, i, bgPixel, 0)) n++;
      return n;
    };
    let differing = 0;
    for (let i = 0; i < x.data.length; i += 4) if (far(x.data, i, y.data, i)) differing++;
    return { differing, inkA: ink(x), inkB: ink(y), area: x.width * x.height };
  }, [a.toString('base64'), b.toString('base64')]);
}

// Screenshots two replies, each where it is on screen, through one clip of the larger
// size of the two, and compares them.
async function compareReplies(page, first, second) {
  const [a, b] = [await scrollTo(page, first), await scrollTo(page, second)];
  const size = { width: Math.ceil(Math.max(a.w, b.w)), height: Math.ceil(Math.max(a.h, b.h)) };
  const shoot = (w) => page.screenshot({ clip: { x: Math.floor(w.x), y: Math.floor(w.y), ...size } });
  const secondPng = await shoot(b);
  const firstPng = await shoot(await scrollTo(page, first));
  return { first: a, ...await comparePixels(page, firstPng, secondPng) };
}

async function setTheme(page, dark) {
  const [from, to] = dark ? ['Dark', 'Light'] : ['Light', 'Dark'];   // the button names the theme it switches to
  if (await page.evaluate((l) => window.portalTest.widget(l), to)) return;
  const w = await settled(page, from);
  await page.mouse.click(w.x + w.w / 2, w.y + w.h / 2);
  await widget(page, to);
}

// Screenshots of a stretch of replies at the viewport's size, paging down through them:
// the canvas is the viewport, and the issue page scrolls inside it, so a "full page"
// screenshot is a viewport; the stretch is shown on as many as it takes.
async function shootReplies(page, labels, name) {
  const [, bottom] = await pageArea(page);
  const files = [];
  let next = 0;
  while (next < labels.length) {
    // The reply's text near the top, its author and date (about 60 px above it) on screen too.
    const first = await scrollTo(page, labels[next], { top: 180, slack: 25 });
    const file = `${name}-${files.length + 1}.png`;
    await shot(page, file, { fullPage: true });
    files.push(file);
    const widgets = await page.evaluate(() => window.portalTest.state().widgets);
    const shown = labels.findIndex((l, i) => i >= next && !(widgets[l].visible && widgets[l].h > 0 &&
                                                             widgets[l].y + widgets[l].h <= bottom));
    if (shown === next) throw new Error(`${labels[next]} does not fit the screen (${JSON.stringify(first)})`);
    next = shown === -1 ? labels.length : shown;
  }
  return files;
}

// The average luminance (0..1) of a rectangle (CSS px) of a screenshot, decoded in the page.
async function luminance(page, png, rect) {
  return page.evaluate(async ([b64, r]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const scale = img.width / window.innerWidth;
    const d = ctx.getImageData(r.x * scale, r.y * scale, r.width * scale, r.height * scale).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += (0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]) / 255;
    return sum / (d.length / 4);
  }, [png.toString('base64'), rect]);
}

// ---- 1. every script ----

test('every script is drawn, not as question marks', async () => {
  const token = await sessionToken('premium@demo.test');
  const { issues } = await api('GET', '/api/issues?scope=mine', { token });
  const issue = issues.find((i) => i.status !== 'closed' && i.status !== 'resolved');
  assert.ok(issue, 'the premium customer has an open issue to reply on');
  // The scripts first, then their controls: on the page the scripts sit together.
  const replies = Object.entries(SCRIPTS).map(([name, text]) => ({ name, text }));
  for (const r of replies) r.id = await postReply(token, issue.id, r.text);
  for (const r of replies) r.control = await postReply(token, issue.id, questionMarks(r.text));
  // A second copy of the first control: the measure must find two equal renderings equal.
  const twin = await postReply(token, issue.id, questionMarks(replies[0].text));

  const stored = await api('GET', `/api/issues/${issue.id}`, { token });
  for (const r of replies) {
    assert.equal(stored.comments.find((c) => c.id === r.id)?.body, r.text, `the ${r.name} reply reads back exactly`);
  }

  const { page, context, errors } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  await openIssue(page, issue.id);
  const measured = [];
  const twins = await compareReplies(page, `Reply ${replies[0].control}`, `Reply ${twin}`);
  measured.push(`${'twin'.padEnd(10)} ink ${twins.inkA}, twin's ink ${twins.inkB}, differing ${twins.differing}`);
  assert.ok(twins.inkA > 40 && twins.differing <= 0.1 * twins.inkA,
            `two identical replies compare as equal (${twins.differing} pixels differ; ink ${twins.inkA})`);
  for (const { name, text, id, control } of replies) {
    const { first, differing, inkA, inkB, area } = await compareReplies(page, `Reply ${id}`, `Reply ${control}`);
    assert.equal(first.value, text, `the page holds the ${name} reply as stored`);
    measured.push(`${name.padEnd(10)} ink ${inkA}, control's ink ${inkB}, differing ${differing} of ${area}`);
    assert.ok(inkA >= 0.5 * inkB, `the ${name} reply is not blank: ${inkA} inked pixels (the control has ${inkB})`);
    assert.ok(differing >= 0.5 * Math.max(inkA, inkB),
              `the ${name} reply is not drawn as question marks: ${differing} pixels differ (ink ${inkA} vs ${inkB})`);
  }
  console.log(measured.join('\n'));
  assert.deepEqual(errors, []);

  const labels = replies.map((r) => `Reply ${r.id}`);
  const files = [];
  for (const dark of [false, true]) {
    await setTheme(page, dark);
    files.push(...await shootReplies(page, labels, `scripts-1280-${dark ? 'dark' : 'light'}`));
  }
  await context.close();

  const phone = await openApp(browser, server.url, { width: 390, height: 844, scale: 3 });
  await signIn(phone.page, 'premium@demo.test', 'issues');
  await openIssue(phone.page, issue.id);
  for (const dark of [false, true]) {
    await setTheme(phone.page, dark);
    files.push(...await shootReplies(phone.page, labels, `scripts-390-${dark ? 'dark' : 'light'}`));
  }
  console.log('screenshots: ' + files.join(', '));
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
});

// ---- 2. the system's theme ----

// An empty stretch of every screen: the window's left padding, below the navigation bar.
const MARGIN = { x: 2, y: 120, width: 10, height: 400 };

async function firstFrame(colorScheme, storedTheme) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  if (storedTheme) await context.addInitScript((t) => localStorage.setItem('portal.theme', t), storedTheme);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => window.portalTest && window.portalTest.ready());
  const png = await page.screenshot();
  const result = { luminance: await luminance(page, png, MARGIN),
                   button: await page.evaluate(() => (window.portalTest.widget('Light') ? 'Light' : 'Dark')) };
  await page.screenshot({ path: join(SHOTS, `theme-first-frame-${colorScheme}${storedTheme ? '-stored-' + storedTheme : ''}.png`) });
  await context.close();
  return result;
}

test('a dark system preference gives a dark first frame', async () => {
  const dark = await firstFrame('dark');
  assert.ok(dark.luminance < 0.2, `a dark preference draws a dark background (luminance ${dark.luminance.toFixed(3)})`);
  assert.equal(dark.button, 'Light', 'and offers the light theme');
  const light = await firstFrame('light');
  assert.ok(light.luminance > 0.8, `a light preference draws a light background (luminance ${light.luminance.toFixed(3)})`);
  assert.equal(light.button, 'Dark');
  const stored = await firstFrame('dark', 'light');
  assert.ok(stored.luminance > 0.8, `a stored light choice wins over a dark preference (luminance ${stored.luminance.toFixed(3)})`);
  assert.equal(stored.button, 'Dark');
});

// ---- 3. a 320 px screen ----

const NAV = {
  'signed-out': ['Plans', 'Dark', 'Sign in'],
  customer: ['Report', 'Issues', 'Dark', 'Sign out'],
  cse: ['Queue', 'Escalations', 'Form preview', 'Issues', 'Dark', 'Sign out'],
};

const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

async function assertNavFits(page, who) {
  const width = page.viewportSize().width;
  const placed = [];
  for (const label of NAV[who]) {
    const w = await settled(page, label);
    assert.ok(w.visible, `${who}: ${label} is visible`);
    assert.ok(w.w > 0 && w.x >= 0 && w.x + w.w <= width,
              `${who}: ${label} lies within 0..${width} (x ${w.x}, width ${w.w})`);
    for (const other of placed) assert.ok(!overlap(w, other), `${who}: ${label} does not cover ${other.label}`);
    placed.push({ label, ...w });
  }
  await shot(page, `layout-320-${who}.png`);
}

test('at 320 CSS px wide every navigation item is visible', async () => {
  const open = () => openApp(browser, server.url, { width: 320, height: 640 });
  const anonymous = await open();
  await assertNavFits(anonymous.page, 'signed-out');
  await anonymous.context.close();

  const customer = await open();
  await signIn(customer.page, 'premium@demo.test', 'issues');
  await assertNavFits(customer.page, 'customer');
  await customer.context.close();

  const cse = await open();
  await signIn(cse.page, 'cse@demo.test', 'queue');
  await assertNavFits(cse.page, 'cse');
  assert.deepEqual([...anonymous.errors, ...customer.errors, ...cse.errors], []);
  await cse.context.close();
});
