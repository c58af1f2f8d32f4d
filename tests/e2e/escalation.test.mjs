// "Escalate now" tells the truth (SPEC §4, issue 12): with no webhook the customer is told
// the issue is at the top of the queue and which contact to use, never that on-call was
// paged; with a webhook that succeeds (a tiny local receiver) the page says "paged".
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  SHOTS, apiFromPage, click, findIssue, launchBrowser, openApp, openIssue, signIn, startServer, widget,
} from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const message = (page, pattern) => page.waitForFunction((p) => {
  const w = window.portalTest.widget('Escalation message');
  return w && new RegExp(p).test(w.value) ? w.value : null;
}, pattern.source, { timeout: 20000 }).then((h) => h.jsonValue());

test('without a webhook: the top of the queue and the contract address, never "paged"', async () => {
  const server = await startServer({ demo: true });
  try {
    // Acme's public P1 waiting on the customer, found through the reporter's own list.
    const { page, context } = await openApp(browser, server.url);
    await signIn(page, 'premium@demo.test', 'issues');
    const { id } = await findIssue(page, 'scope=mine&impact=P1&status=waiting_on_customer',
      (i) => i.visibility === 'public' && !i.escalated);

    const community = await openApp(browser, server.url);
    await signIn(community.page, 'community@demo.test', 'issues');
    await openIssue(community.page, id);
    assert.equal(await community.page.evaluate(() => window.portalTest.widget('Escalate now')), null,
      'no button where the server says no');
    await community.context.close();

    await openIssue(page, id);
    const before = await apiFromPage(page, 'GET', '/api/issues/' + id);
    assert.equal(before.can_escalate, true);
    if (before.notice) {                               // the server's notice for the last message, drawn as sent
      assert.equal((await widget(page, 'Message notice')).value, before.notice.text);
    }
    await click(page, 'Escalate now');
    const text = await message(page, /top of the support queue/);
    assert.match(text, /use the contact address in your Fleet contract, or your private Slack channel/);
    assert.doesNotMatch(text, /paged,|has been paged/);
    const issue = await apiFromPage(page, 'GET', '/api/issues/' + id);
    assert.equal(issue.escalation.delivery, 'not_configured');
    assert.equal(issue.escalation.message, text, 'the page draws the server\'s sentence');
    assert.ok(await widget(page, 'Escalated'), 'the button says it is done');
    await page.screenshot({ path: join(SHOTS, 'escalation-not-configured-1280.png') });
    await context.close();
  } finally {
    server.stop();
  }
});

test('with a webhook that succeeds and configured contacts: "paged" once delivered', async () => {
  const received = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { received.push(JSON.parse(body)); res.writeHead(200).end(); });
  });
  await new Promise((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'portal-contacts-'));
  const contacts = join(dir, 'contacts.json');
  writeFileSync(contacts, JSON.stringify({ contacts: [{ label: 'On-call line', value: '+1 415 555 0100' }] }));
  const server = await startServer({
    demo: true,
    extra: ['--webhook', `http://127.0.0.1:${hook.address().port}/page`, '--contacts', contacts],
  });
  try {
    const { page, context } = await openApp(browser, server.url);
    await signIn(page, 'managed@demo.test', 'issues');
    const mine = await apiFromPage(page, 'GET', '/api/issues?scope=org');
    const p1 = mine.issues.find((i) => i.impact === 'P1' && i.can_escalate);
    assert.ok(p1, 'Initech has a P1 its customer may escalate');
    assert.equal(p1.hosting, 'managed_cloud');
    await openIssue(page, p1.id);
    await click(page, 'Escalate now');
    const text = await message(page, /^On-call has been paged/);
    assert.equal(text, 'On-call has been paged, and the issue is at the top of the support queue.');
    assert.ok(received.some((m) => m.issue === p1.id), 'the receiver got the page');
    const issue = await apiFromPage(page, 'GET', `/api/issues/${p1.id}`);
    assert.equal(issue.escalation.delivery, 'delivered');
    assert.deepEqual(issue.escalation.contacts, [{ label: 'On-call line', value: '+1 415 555 0100' }]);
    await page.screenshot({ path: join(SHOTS, 'escalation-delivered-1280.png') });
    await context.close();
  } finally {
    server.stop();
    hook.close();
  }
});
