// Prints the accounts screen's CPU time per frame with 5,000 accounts (the most the
// server lists), still and while its table scrolls, measured in headless Chromium by
// the app itself (forced frames, median of 5 runs of 30).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, SITE, launchBrowser, openApp, signIn, widget } from '../e2e/harness.mjs';

const COUNT = 5000;
const db = join(mkdtempSync(join(tmpdir(), 'portal-bench-')), 'portal.db');
const proc = spawn('python3', [join(ROOT, 'serve.py'), '--port', '0', '--db', db, '--site', SITE, '--demo'],
                   { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => {
  let out = '';
  proc.stdout.on('data', (d) => { out += d; const m = out.match(/listening on (http:\/\/[^/]+\/)/); if (m) resolve(m[1]); });
});
// Accounts written straight into the database (signing up 5,000 people would take PBKDF2 5,000 times).
const insert = spawnSync('python3', ['-c', `
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
h = conn.execute("SELECT password_hash, password_salt, password_iterations, created_at FROM users LIMIT 1").fetchone()
org = conn.execute("SELECT id FROM organizations LIMIT 1").fetchone()[0]
conn.executemany("""INSERT INTO users (email, name, role, organization_id, password_hash, password_salt,
                    password_iterations, created_at) VALUES (?, ?, 'customer', ?, ?, ?, ?, ?)""",
                 [(f"person{i}@bulk.example", f"Person {i} 株式会社", org) + tuple(h) for i in range(int(sys.argv[2]))])
conn.commit()
`, db, String(COUNT - 6)], { encoding: 'utf8' });
if (insert.status !== 0) throw new Error(insert.stderr);

const browser = await launchBrowser();
const { page } = await openApp(browser, url, { width: 1440, height: 900 });
await signIn(page, 'admin@demo.test', 'queue');
await page.evaluate(() => { location.hash = '#/admin/accounts'; });
const loaded = Date.now();
await page.waitForFunction((n) => window.portalTest.widget('People summary')?.value === `${n} of ${n} accounts`, COUNT,
                           { timeout: 60000, polling: 200 });
console.log(`${COUNT} accounts listed in ${Date.now() - loaded} ms`);
const median = async (wheel) => {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await page.evaluate((w) => window.portalTest.measureFrames(30, w), wheel));
  runs.sort((a, b) => a - b);
  return `median ${runs[2].toFixed(2)} ms (runs: ${runs.map((r) => r.toFixed(2)).join(', ')})`;
};
console.log(`accounts frame, still: ${await median(false)}`);
const row = await widget(page, 'Account person10@bulk.example');
await page.mouse.move(row.x + row.w / 2, row.y + row.h / 2);   // the wheel scrolls the table under the mouse
console.log(`accounts frame, scrolling: ${await median(true)}`);
await page.evaluate(() => window.portalTest.tick());
await browser.close();
proc.kill('SIGTERM');
