// Prints what the semantic layer costs per frame: the app's CPU time per frame with
// the layer on and off, while the view scrolls (so the DOM tree really changes),
// on the issue list with 10,000 rows and on the report form. Each figure is the mean of
// 200 frames timed together (the browser's clock has 0.1 ms steps); median of 5 such runs.
import { launchBrowser, openApp, signIn, startServer } from '../e2e/harness.mjs';

const server = await startServer({ demo: true, extra: ['--demo-bulk', '10000'] });
const browser = await launchBrowser();
const { page } = await openApp(browser, server.url, { width: 1280, height: 800 });
await signIn(page, 'cse@demo.test', 'queue');

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function perFrame(on) {
  await page.evaluate((x) => window.portalTest.semantics(x), on);
  return page.evaluate(() => window.portalTest.measureFrames(200, true));
}
async function compare(name) {
  await page.mouse.move(640, 500);
  const on = [], off = [];
  for (let round = 0; round < 5; round++) { off.push(await perFrame(false)); on.push(await perFrame(true)); }
  const [a, b] = [median(on), median(off)];
  const nodes = await page.evaluate(() => document.querySelectorAll('#semantics *').length);
  console.log(`${name}: ${a.toFixed(3)} ms per frame with the layer, ${b.toFixed(3)} ms without: ` +
              `the layer costs ${(a - b).toFixed(3)} ms (${nodes} elements in the tree)`);
}

await page.evaluate(() => { location.hash = '#/issues?scope=all'; });
await page.waitForFunction(() => /10,?0\d\d/.test(document.body.innerText) ||
  (window.portalTest.state().widgets['Issue #10000'] !== undefined), null, { timeout: 120000, polling: 500 }).catch(() => {});
await page.waitForFunction(() => document.querySelectorAll('#semantics a[href^="#/issues/"]').length > 10, null, { timeout: 120000 });
await compare('issue list, 10,000 rows');
await page.evaluate(() => { location.hash = '#/new'; });
await page.waitForFunction(() => window.portalTest.view() === 'new');
await compare('report form');
await browser.close();
server.stop();
