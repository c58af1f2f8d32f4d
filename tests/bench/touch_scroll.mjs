// Prints the app's CPU time per frame and the interval between frames while a phone
// (390×844 at 3×, touch) swipes the report form up and down: median and p95.
import { launchBrowser, openApp, signIn, startServer } from '../e2e/harness.mjs';

const server = await startServer({ demo: true });
const browser = await launchBrowser();
const { page, context } = await openApp(browser, server.url, { width: 390, height: 844, scale: 3, touch: true });
await signIn(page, 'premium@demo.test', 'issues');
await page.evaluate(() => { window.location.hash = '#/new'; });
await page.waitForFunction(() => window.portalTest.view() === 'new');
const cdp = await context.newCDPSession(page);
await page.evaluate(() => {                         // frame intervals as the browser paints them
  window.__intervals = [];
  let last = 0;
  const tick = (t) => { if (last) window.__intervals.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
const before = await page.evaluate(() => window.portalTest.state().frame);
for (let round = 0; round < 6; round++) {
  const [from, to] = round % 2 ? [250, 750] : [750, 250];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 200, y: from }] });
  for (let i = 1; i <= 30; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 200, y: from + ((to - from) * i) / 30 }] });
    await new Promise((r) => setTimeout(r, 16));
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await new Promise((r) => setTimeout(r, 600));   // momentum
}
const frames = (await page.evaluate(() => window.portalTest.state().frame)) - before;
const cpu = (await page.evaluate(() => window.portalTest.frameTimes())).slice(-Math.min(frames, 240)).sort((a, b) => a - b);
const gaps = (await page.evaluate(() => window.__intervals)).sort((a, b) => a - b);
const at = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(xs.length * q))];
console.log(`touch-scrolling the report form (390×844 @3x): ${frames} frames drawn`);
console.log(`app CPU per frame: median ${at(cpu, 0.5).toFixed(2)} ms, p95 ${at(cpu, 0.95).toFixed(2)} ms`);
console.log(`interval between painted frames: median ${at(gaps, 0.5).toFixed(1)} ms, p95 ${at(gaps, 0.95).toFixed(1)} ms` +
            ` (60 fps = 16.7 ms; headless Chromium renders WebGL in software)`);
await browser.close();
server.stop();
