// The support engineer's side, end to end against the real server in demo mode.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import {
  SHOTS, apiFromPage, click, findIssue, launchBrowser, openApp, openIssue, signIn, startServer, typeInto, waitForIssue, widget,
} from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });


test('the queue puts the escalated P0 first; + label, customer reply, next-reply clock, SLA met', async () => {
  const cse = await openApp(browser, server.url, { width: 1440, height: 900 });
  await signIn(cse.page, 'cse@demo.test', 'queue');
  const top = await cse.page.waitForFunction(() => window.portalTest.widget('Queue row 0')?.value);
  const topId = Number((await top.jsonValue()).slice(1));
  const topIssue = await apiFromPage(cse.page, 'GET', '/api/issues/' + topId);
  assert.equal(topIssue.escalated, true);
  assert.equal(topIssue.impact, 'P0');
  await cse.page.screenshot({ path: join(SHOTS, 'cse-queue-1440.png') });

  // Ask for more information on the Acme customer's P2 issue that has no reply yet, found through the API.
  const customer = await openApp(browser, server.url);
  await signIn(customer.page, 'premium@demo.test', 'issues');
  const { id } = await findIssue(customer.page, 'scope=mine&impact=P2&status=new',
    (i) => !i.clock?.first_response_at && !i.labels.some((l) => l.startsWith('+')));
  await openIssue(cse.page, id);
  await click(cse.page, 'Suggest +more info please');
  await waitForIssue(cse.page, id, (i) => i.labels.includes('+more info please'));

  // The customer sees "Waiting on you", replies; the label is removed by automation.
  await openIssue(customer.page, id);
  await typeInto(customer.page, 'Your reply', 'The debug archive is attached — merci !');
  await click(customer.page, 'Send reply');
  await waitForIssue(customer.page, id, (i) => !i.labels.includes('+more info please') && i.reply_due_at);
  await customer.context.close();

  // Back in the queue with a next-reply deadline; the CSE's first public reply marks the SLA met.
  await openIssue(cse.page, id);
  const issue = await apiFromPage(cse.page, 'GET', '/api/issues/' + id);
  assert.ok(issue.reply_due_at, 'a next-reply clock runs');
  assert.ok(issue.timeline.some((e) => e.kind === 'label_removed' && e.by_automation));
  await cse.page.screenshot({ path: join(SHOTS, 'cse-issue-1440.png') });
  await typeInto(cse.page, 'Your reply', 'Thanks, looking at the archive now.');
  await click(cse.page, 'Send reply');
  await waitForIssue(cse.page, id, (i) => i.sla_state === 'met');
  await cse.context.close();
});

test('the form preview shows a field added in the editor and lists a JSON error with its line', async () => {
  const { page, context } = await openApp(browser, server.url, { width: 1440, height: 900 });
  await signIn(page, 'cse@demo.test', 'queue');
  await click(page, 'Form preview');
  await page.waitForFunction(() => window.portalTest.widget('Preview field title'));
  const source = (await widget(page, 'Definition JSON')).value;
  // Add a field by editing the JSON in place: select all, insert the new text in one go (as a paste does).
  const added = source.replace('"fields": [', '"fields": [\n    {"id": "customer_ticket", "label": "Your ticket number", "section": "optional", "type": "text"},');
  await click(page, 'Definition JSON');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(added);
  const field = await page.waitForFunction(() => window.portalTest.widget('Preview field customer_ticket')?.value);
  assert.equal(await field.jsonValue(), 'Your ticket number');
  // Break the JSON on line 2: the error names the line, and the preview keeps the last good version.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.type('oops');
  const error = await page.waitForFunction(() => window.portalTest.widget('Definition error 0')?.value);
  assert.match(await error.jsonValue(), /^line 2, column \d+: /);
  assert.ok(await page.evaluate(() => window.portalTest.widget('Preview field customer_ticket')), 'the last good preview stays');
  await page.screenshot({ path: join(SHOTS, 'cse-preview-1440.png') });
  await context.close();
});
