// Nobody has to watch the portal: a support engineer's reply, typed in the browser, reaches the
// customer by email (a real SMTP server); the customer answers from Gmail, the mail server pipes
// it to `serve.py ingest-email`, and the answer is on the issue page with the + label gone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ROOT, acceptInvitation, apiFromPage, click, findIssue, launchBrowser, openApp, openIssue, signIn, startMailSink,
         startServer, typeInto, view, waitForIssue } from './harness.mjs';

let sink, server, browser;
before(async () => {
  sink = await startMailSink();
  server = await startServer({ demo: true, extra: ['--smtp', sink.address, '--mail-from', 'support@portal.test'] });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.stop(); sink?.stop(); });

async function mailTo(address, predicate, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = sink.mails.find((m) => m.to.includes(address) && predicate(m));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such email to ${address}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a reply by email reaches the issue page and clears the + label', async () => {
  const customer = await openApp(browser, server.url);
  await signIn(customer.page, 'premium@demo.test', 'issues');
  const { id } = await findIssue(customer.page, 'scope=mine', (i) => !i.labels.some((l) => l.startsWith('+')));

  const cse = await openApp(browser, server.url, { width: 1440, height: 900 });
  await signIn(cse.page, 'cse@demo.test', 'queue');
  await apiFromPage(cse.page, 'PATCH', '/api/issues/' + id, { add_labels: ['+more info please'] });
  await openIssue(cse.page, id);
  const asked = 'Which proxy do your hosts use? Zoë from support 🙂';
  await typeInto(cse.page, 'Your reply', asked);
  await click(cse.page, 'Send reply');

  const email = await mailTo('premium@demo.test', (m) => m.text.includes(asked));
  assert.match(email.subject, new RegExp(`#${id}\\b`), 'the subject names the issue');
  assert.ok(email.text.includes(`/#/issues/${id}`), 'the email links to the issue');
  assert.match(email.reply_to, /^reply\+/, 'a reply address of its own');

  const fixture = readFileSync(join(ROOT, 'tests', 'server', 'fixtures', 'mail', 'gmail.eml'), 'utf8');
  const message = fixture.replace(/\{\{TO\}\}/g, email.reply_to).replace(/\{\{FROM\}\}/g, 'premium@demo.test')
    .replace(/\{\{ISSUE\}\}/g, String(id)).replace(/\{\{THREAD\}\}/g, email.message_id)
    .replace(/\{\{MSGID\}\}/g, `<${Date.now()}@mail.example>`);
  execFileSync('python3', [join(ROOT, 'serve.py'), '--db', server.db, '--public-url', server.url, '--mail-from',
                           'support@portal.test', 'ingest-email'], { input: message });

  const issue = await waitForIssue(customer.page, id, (i) => i.comments.some((c) => c.body.includes('Squid 6.1')));
  assert.ok(!issue.labels.includes('+more info please'), 'the + label is gone, as after a reply typed in the portal');
  const stored = issue.comments.find((c) => c.body.includes('Squid 6.1')).body;
  assert.ok(stored.startsWith('Hi Sam,') && !stored.includes('wrote:') && !stored.includes(asked),
            'the answer without the quoted email: ' + stored);
  await openIssue(customer.page, id);
  await customer.page.locator('#semantics p.sem-text', { hasText: 'Squid 6.1 on Debian 12' })
    .waitFor({ state: 'attached', timeout: 15000 });
  assert.equal(await customer.page.locator('#semantics p.sem-text', { hasText: 'support asked for more information' }).count(), 0,
               'no "waiting on you" banner');
  await cse.context.close();
  await customer.context.close();
});

test("a colleague of the reporter ticks 'Email me about this issue' and hears the next reply", async () => {
  const admin = await openApp(browser, server.url);
  await signIn(admin.page, 'admin@demo.test', 'queue');
  const acme = (await apiFromPage(admin.page, 'GET', '/api/admin/organizations')).organizations
    .find((o) => o.name === 'Acme Corp');
  await apiFromPage(admin.page, 'POST', '/api/invitations',
                    { email: 'kofi@acme.test', name: 'Kofi Mensah', role: 'customer', organization_id: acme.id });
  await admin.context.close();

  const colleague = await openApp(browser, server.url);
  await acceptInvitation(colleague.page, await sink.waitFor('kofi@acme.test', 'invite'), 'Kofi Mensah');
  await view(colleague.page, 'issues');
  const { id } = await findIssue(colleague.page, 'scope=org', (i) => i.reporter !== 'Kofi Mensah');
  await openIssue(colleague.page, id);
  const box = colleague.page.getByRole('checkbox', { name: 'Email me about this issue too (as its reporter hears)' });
  await box.waitFor({ state: 'attached' });
  assert.equal(await box.isChecked(), false);
  await box.dispatchEvent('click');
  await waitForIssue(colleague.page, id, (i) => i.watching === true);

  const cse = await openApp(browser, server.url, { width: 1440, height: 900 });
  await signIn(cse.page, 'cse@demo.test', 'queue');
  await apiFromPage(cse.page, 'POST', `/api/issues/${id}/comments`, { body: 'A fix is in 4.41.0.', visibility: 'public' });
  const email = await mailTo('kofi@acme.test', (m) => m.text.includes('A fix is in 4.41.0.'));
  assert.match(email.subject, new RegExp(`#${id}\\b`));
  await cse.context.close();
  await colleague.context.close();
});
