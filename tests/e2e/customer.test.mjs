// The customer's and community member's portal, end to end against the real server in demo mode.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import {
  SHOTS, apiFromPage, click, findIssue, launchBrowser, openApp, openIssue, settled, signIn, startServer, typeInto, waitReady, widget,
} from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });


const view = (page) => page.evaluate(() => window.portalTest.view());
const shot = (page, name) => page.screenshot({ path: join(SHOTS, name) });

test('a premium customer files a P1 report with non-ASCII text, sees the deadline, and finds it after a reload', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  await shot(page, 'customer-issues-1280.png');
  await click(page, 'File a bug report');
  await page.waitForFunction(() => window.portalTest.view() === 'new');
  const title = 'Zoë Ørsted — café: live queries time out';
  await typeInto(page, 'Title', title);
  const similar = await page.waitForFunction(() => {
    const found = Object.entries(window.portalTest.state().widgets).filter(([k]) => k.startsWith('Similar #'));
    return found.length ? found.map(([, w]) => w.value) : null;
  });
  assert.ok((await similar.jsonValue()).some((t) => /live queries time out/i.test(t)), 'similar issues are offered before filing');
  await click(page, 'P1 High');
  const deadline = await widget(page, 'Response deadline');
  assert.match(deadline.value, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await typeInto(page, 'Fleet server version', '4.40.0');
  await click(page, 'fleetd');
  await typeInto(page, 'Agent version', '1.20.0');
  await typeInto(page, 'Operating system', 'macOS 14.4');
  await typeInto(page, 'Web browser', 'Chrome 124');
  await typeInto(page, 'Expected behavior', 'Results within 30 s.');
  await typeInto(page, 'Actual behavior', 'The spinner never stops.');
  await typeInto(page, 'Steps to reproduce', '1. Run a live query.');
  await shot(page, 'customer-report-1280.png');
  await click(page, 'File report');
  await page.waitForFunction(() => window.portalTest.view() === 'issue', null, { timeout: 20000 });
  const filed = await widget(page, 'Issue title');
  assert.equal(filed.value, title);
  await shot(page, 'customer-issue-1280.png');
  const url = page.url();
  await page.reload();
  await waitReady(page);
  await page.waitForFunction(() => window.portalTest.view() === 'issue');
  assert.equal((await widget(page, 'Issue title')).value, title, 'the text is intact after a reload');
  assert.equal(page.url(), url);
  await context.close();
});

test('a draft survives a reload', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'ultimate@demo.test', 'issues');
  await click(page, 'File a bug report');
  await page.waitForFunction(() => window.portalTest.view() === 'new');
  const before = await settled(page, 'Title');
  await page.mouse.move(640, 500);
  await page.mouse.wheel(0, 300);                    // one notch and a bit, downwards
  const after = await page.waitForFunction((y) => {
    const w = window.portalTest.widget('Title');
    return w && w.y < y ? w.y : null;
  }, before.y);
  const moved = before.y - (await after.jsonValue());
  assert.ok(moved > 60 && moved < 600, `the wheel scrolls down a sane amount (${moved} px)`);
  await typeInto(page, 'Title', 'Draft kept: ünïcödé ✓');
  await typeInto(page, 'Operating system', 'Ubuntu 22.04');
  await page.reload();
  await waitReady(page);
  await page.waitForFunction(() => window.portalTest.view() === 'new');
  assert.equal((await widget(page, 'Title')).value, 'Draft kept: ünïcödé ✓');
  assert.equal((await widget(page, 'Operating system')).value, 'Ubuntu 22.04');
  await context.close();
});

test('a bad version string shows the field error and files nothing', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'ultimate@demo.test', 'issues');
  await click(page, 'File a bug report');
  await typeInto(page, 'Fleet server version', '4.40');
  await click(page, 'Title');                        // leaving the field checks it
  const error = await page.waitForFunction(() => {
    const w = window.portalTest.widget('Error fleet_version');
    return w ? w.value : null;
  });
  assert.equal(await error.jsonValue(), 'Fleet server version must look like 4.40.0.');
  const filedBefore = (await apiFromPage(page, 'GET', '/api/issues?scope=mine')).total;
  await click(page, 'File report');
  // The app's answer to the click: the refusal naming the wrong field (a report on its way
  // would clear it and show "Filing…" instead), then the server's list, one issue no longer.
  const problems = await page.waitForFunction(() => window.portalTest.widget('Report problems')?.value);
  assert.match(await problems.jsonValue(), /attention before the report can be filed/);
  assert.ok(await widget(page, 'Go to Fleet server version'), 'the refusal names the version field');
  assert.equal(await page.evaluate(() => window.portalTest.widget('Filing\u2026')), null, 'no filing under way');
  assert.equal(await view(page), 'new', 'nothing was filed');
  assert.equal((await apiFromPage(page, 'GET', '/api/issues?scope=mine')).total, filedBefore, 'the server has no new issue');
  await shot(page, 'customer-report-errors-1280.png');
  await context.close();
});

test('a community member sees no deadline, and the public list never shows the anonymous organization', async () => {
  const { page, context } = await openApp(browser, server.url, { width: 390, height: 844, scale: 2 });
  await signIn(page, 'community@demo.test', 'issues');
  await click(page, 'Report');
  await page.waitForFunction(() => window.portalTest.view() === 'new');
  assert.equal(await page.evaluate(() => window.portalTest.widget('Response deadline')), null);
  assert.equal(await page.evaluate(() => window.portalTest.widget('P1 High')), null, 'no impact level for community');
  await shot(page, 'community-report-390.png');
  await page.evaluate(() => { window.location.hash = '#/issues?scope=public'; });
  await page.waitForFunction(() => Object.keys(window.portalTest.state().widgets).some((k) => k.startsWith('Issue #')));
  await shot(page, 'community-public-390.png');
  await page.setViewportSize({ width: 1280, height: 1000 });     // every public row on one screen
  await page.waitForFunction(() => Object.keys(window.portalTest.state().widgets).filter((k) => k.startsWith('Issue #')).length > 5);
  const rows = await page.evaluate(() => Object.entries(window.portalTest.state().widgets)
    .filter(([k]) => k.startsWith('Issue #')).map(([, w]) => w.value));
  assert.ok(rows.some((r) => r.includes('customer-ceres')), 'the codename is shown');
  for (const row of rows) assert.ok(!row.split(' | ')[1].includes('Acme'), row);
  await context.close();
});

test('following a link to an issue loads it once', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  const { id } = await findIssue(page, 'scope=mine');
  const asked = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/issues/' + id) asked.push(r.method()); });
  await openIssue(page, id);                    // a hash change: popstate and hashchange both fire
  await page.waitForTimeout(500);
  assert.deepEqual(asked, ['GET']);
  await context.close();
});

test('Back returns to the list', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  await page.waitForFunction(() => Object.keys(window.portalTest.state().widgets).some((k) => k.startsWith('Issue #')));
  const first = await page.evaluate(() => Object.keys(window.portalTest.state().widgets).find((k) => k.startsWith('Issue #')));
  await click(page, first);
  await page.waitForFunction(() => window.portalTest.view() === 'issue');
  await page.goBack();
  await page.waitForFunction(() => window.portalTest.view() === 'issues');
  await context.close();
});

test('an expired session returns to sign-in and keeps the reply being typed', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  const { id } = await findIssue(page, 'scope=mine');         // the reporter's first issue
  await openIssue(page, id);
  await typeInto(page, 'Your reply', 'Ünïcode reply that must survive');
  await apiFromPage(page, 'DELETE', '/api/session');   // the session ends on the server
  await click(page, 'Send reply');
  await signIn(page, 'premium@demo.test', 'issue', { navigate: false });
  assert.equal(await page.evaluate(() => location.hash), '#/issues/' + id, 'back where the reader was');
  assert.equal((await widget(page, 'Your reply')).value, 'Ünïcode reply that must survive');
  await context.close();
});

test('a reply being typed survives a reload and another issue; sent again after a lost answer, it is stored once', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  const { id } = await findIssue(page, 'scope=mine');
  const text = 'مرحبا — the agent restarts at 06:00 🚀 #' + Date.now();
  await openIssue(page, id);
  await typeInto(page, 'Your reply', text);
  await page.reload();
  await page.waitForFunction(() => window.portalTest?.view() === 'issue');
  await page.waitForFunction(() => window.portalTest?.widget('Your reply'));
  assert.equal((await widget(page, 'Your reply')).value, text, 'kept across a reload');
  const other = (await apiFromPage(page, 'GET', '/api/issues?scope=mine')).issues.find((i) => i.id !== id);
  await openIssue(page, other.id);
  assert.equal((await widget(page, 'Your reply')).value, '', 'each issue has its own reply');
  await openIssue(page, id);
  assert.equal((await widget(page, 'Your reply')).value, text, 'and this one is still there');

  // The server stores the reply but its answer never reaches the browser.
  await page.route('**/api/issues/*/comments', async (route) => { await route.fetch(); await route.abort('connectionreset'); });
  await click(page, 'Send reply');
  await page.waitForFunction(() => (window.portalTest.widget('Reply outcome') || {}).value, null, { timeout: 10000 });
  assert.equal((await widget(page, 'Your reply')).value, text, 'still in the box after the error');
  await page.unroute('**/api/issues/*/comments');
  await click(page, 'Send reply');
  await page.waitForFunction(() => (window.portalTest.widget('Reply outcome') || {}).value === 'Reply sent.');
  const issue = await apiFromPage(page, 'GET', '/api/issues/' + id);
  assert.equal(issue.comments.filter((c) => c.body === text).length, 1, 'stored once');
  await page.reload();
  await page.waitForFunction(() => window.portalTest?.widget('Your reply'));
  assert.equal((await widget(page, 'Your reply')).value, '', 'a sent reply is no longer a draft');
  await context.close();
});

test('a debug archive is uploaded from the issue page and downloaded again; the link copies to the clipboard', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  const { id } = await findIssue(page, 'scope=mine&status=open');   // the reporter's first open issue
  await openIssue(page, id);
  const archive = Buffer.alloc(300 * 1024, 7);
  archive.write('PK\x03\x04', 0, 'latin1');   // a zip's magic number: the server checks contents, not names
  const chooser = page.waitForEvent('filechooser');
  await click(page, 'Add a debug archive…');
  await (await chooser).setFiles({ name: 'fleet-debug.zip', mimeType: 'application/zip', buffer: archive });
  await page.waitForFunction(() => window.portalTest.widget('File fleet-debug.zip'), null, { timeout: 20000 });
  const download = page.waitForEvent('download');
  await click(page, 'Download fleet-debug.zip');
  const file = await download;
  assert.equal(file.suggestedFilename(), 'fleet-debug.zip');
  const { statSync } = await import('node:fs');
  assert.equal(statSync(await file.path()).size, archive.length, 'the same bytes come back');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await click(page, 'Copy link');
  let copied = '';                                     // (waitForFunction would take the pending promise as truthy)
  for (let i = 0; i < 50 && !copied.endsWith('/#/issues/' + id); i++) {
    copied = await page.evaluate(() => navigator.clipboard.readText());
    if (!copied.endsWith('/#/issues/' + id)) await page.waitForTimeout(100);
  }
  assert.equal(copied, server.url.replace(/\/$/, '') + '/#/issues/' + id, 'the link is on the clipboard');
  await context.close();
});
