// Prints the support queue's CPU time per frame with 10,000 open issues, measured
// in headless Chromium by the app itself (forced frames, median of 5 runs of 30).
import { launchBrowser, openApp, signIn, startServer } from '../e2e/harness.mjs';

const server = await startServer({ demo: true, extra: ['--demo-bulk', '10000'] });
const browser = await launchBrowser();
const { page } = await openApp(browser, server.url, { width: 1440, height: 900 });
await signIn(page, 'cse@demo.test', 'queue');
const loaded = Date.now();
await page.waitForFunction(() => /^10,?0\d\d of 10,?0\d\d open/.test(window.portalTest.widget('Queue summary')?.value || ''),
                           null, { timeout: 120000, polling: 500 });
console.log(`queue loaded ${await page.evaluate(() => window.portalTest.widget('Queue summary').value)} in ${Date.now() - loaded} ms`);
const runs = [];
for (let i = 0; i < 5; i++) runs.push(await page.evaluate(() => window.portalTest.measureFrames(30)));
runs.sort((a, b) => a - b);
console.log(`queue frame with 10,000 issues: median ${runs[2].toFixed(2)} ms CPU per frame (runs: ${runs.map((r) => r.toFixed(2)).join(', ')})`);
await browser.close();
server.stop();
