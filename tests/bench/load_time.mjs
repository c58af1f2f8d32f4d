// Prints the bundle sizes and the time from navigation to the first usable frame
// (the app reports ready), median of five cold loads in headless Chromium.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

import { ROOT, launchBrowser, startServer } from '../e2e/harness.mjs';

const site = join(ROOT, 'build-wasm', 'site');
for (const file of ['app.wasm', 'app.js', 'fonts/OpenSans-Regular.ttf', 'fonts/OpenSans-Semibold.ttf']) {
  const bytes = readFileSync(join(site, file));
  console.log(`${file}: ${(bytes.length / 1024).toFixed(0)} KB raw, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(0)} KB gzipped`);
}
const server = await startServer();
const browser = await launchBrowser();
const times = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => window.portalTest && window.portalTest.ready(), null, { timeout: 30000 });
  times.push(await page.evaluate(() => performance.now()));
  await context.close();
}
times.sort((a, b) => a - b);
console.log(`first usable frame: median ${times[2].toFixed(0)} ms over 5 loads (${times.map((t) => t.toFixed(0)).join(', ')})`);
await browser.close();
server.stop();
