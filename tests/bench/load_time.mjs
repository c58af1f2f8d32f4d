// Prints what the first screen transfers (every response, encoded bytes on the wire as
// Chromium counts them, headers included) and the time from navigation to the first
// usable frame (the app reports ready), median of five cold loads in headless Chromium.
//   PORTAL_SITE_DIR=build-wasm-fonts/site node tests/bench/load_time.mjs
import { ROOT, SITE, launchBrowser, startServer } from '../e2e/harness.mjs';

const BUDGET_KB = 400;
const kb = (n) => (n / 1024).toFixed(1);

// One cold load in a fresh context: the responses of everything requested before the
// app was ready (and finished after, if still in flight), and the time to ready.
async function coldLoad(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith('data:')) requests.set(e.requestId, { url: e.request.url, decoded: 0, done: false });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    r.encoding = headers['content-encoding'] || 'identity';
    r.fromCache = e.response.fromDiskCache || e.response.fromServiceWorker;
  });
  cdp.on('Network.dataReceived', (e) => { const r = requests.get(e.requestId); if (r) r.decoded += e.dataLength; });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) { r.wire = e.encodedDataLength; r.done = true; }
  });
  cdp.on('Network.loadingFailed', (e) => { const r = requests.get(e.requestId); if (r) { r.failed = e.errorText; r.done = true; } });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

  await page.goto(url);
  await page.waitForFunction(() => window.portalTest && window.portalTest.ready(), null, { timeout: 30000 });
  const ms = await page.evaluate(() => performance.now());
  const firstScreen = [...requests.values()];
  const deadline = Date.now() + 10000;
  while (firstScreen.some((r) => !r.done) && Date.now() < deadline) await page.waitForTimeout(50);
  await context.close();
  return { ms, responses: firstScreen };
}

const server = await startServer();
const browser = await launchBrowser();
const loads = [];
for (let i = 0; i < 5; i++) loads.push(await coldLoad(browser, server.url));
await browser.close();
server.stop();

console.log(`site: ${SITE.startsWith(ROOT) ? SITE.slice(ROOT.length + 1) : SITE}`);
console.log('first screen, first cold load (wire = encoded bytes incl. headers):');
const rows = loads[0].responses.map((r) => ({
  file: new URL(r.url).pathname, status: r.failed ? `failed: ${r.failed}` : String(r.status),
  encoding: r.encoding || '-', wire: r.wire || 0, decoded: r.decoded,
}));
const width = Math.max(...rows.map((r) => r.file.length), 4);
console.log(`  ${'file'.padEnd(width)}  status  encoding  ${'wire KB'.padStart(8)}  ${'decoded KB'.padStart(10)}`);
for (const r of rows) {
  console.log(`  ${r.file.padEnd(width)}  ${r.status.padEnd(6)}  ${r.encoding.padEnd(8)}  ${kb(r.wire).padStart(8)}  ${kb(r.decoded).padStart(10)}`);
}
const total = rows.reduce((s, r) => s + r.wire, 0);
const decoded = rows.reduce((s, r) => s + r.decoded, 0);
console.log(`  ${'total'.padEnd(width)}  ${String(rows.length).padEnd(6)}  ${''.padEnd(8)}  ${kb(total).padStart(8)}  ${kb(decoded).padStart(10)}`);
const totals = loads.map((l) => l.responses.reduce((s, r) => s + (r.wire || 0), 0));
console.log(`first-screen transfer: ${kb(total)} KB (${total} bytes; all loads: ${totals.map(kb).join(', ')} KB), ` +
            `budget ${BUDGET_KB} KB: ${total <= BUDGET_KB * 1024 ? 'within' : 'OVER'}`);
const times = loads.map((l) => l.ms).sort((a, b) => a - b);
console.log(`first usable frame: median ${times[2].toFixed(0)} ms over 5 loads (${times.map((t) => t.toFixed(0)).join(', ')})`);
if (total > BUDGET_KB * 1024) process.exitCode = 1;
