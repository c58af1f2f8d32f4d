// Running it for real, every link from an email a real SMTP server received: the first
// admin from `invite-admin`, an anonymous organization, a customer invited who accepts
// in the browser and files; a community sign-up confirmed by its link (answering the
// same for a taken email); a forgotten password reset.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { PASSWORD, ROOT, acceptInvitation, apiFromPage, click, fill, fillReportByRole, launchBrowser, openApp,
         startMailSink, startServer, view, widget, widgetValue } from './harness.mjs';

let sink, server, browser;
before(async () => {
  sink = await startMailSink();
  server = await startServer({ extra: ['--smtp', sink.address, '--mail-from', 'support@portal.test'] });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.stop(); sink?.stop(); });


async function signInAs(page, email, password) {
  await page.evaluate(() => { location.hash = '#/signin'; });
  await view(page, 'signin');
  await fill(page, 'Email', email);
  await fill(page, 'Password', password);
  await click(page, 'Sign in');
}

test('from invite-admin to an invited customer of an anonymous organization filing a report', async () => {
  const printed = execFileSync('python3', [join(ROOT, 'serve.py'), '--db', server.db, '--public-url', server.url,
                                           'invite-admin', 'ada@vendor.test', 'Ada Admin'], { encoding: 'utf8' });
  const adminToken = printed.match(/#\/invite\/([A-Za-z0-9_-]+)/)[1];
  assert.equal(await sink.waitFor('ada@vendor.test', 'invite'), adminToken, 'the printed link is also emailed');

  const admin = await openApp(browser, server.url);
  await acceptInvitation(admin.page, adminToken, 'Ada Admin');
  await view(admin.page, 'queue');                        // staff land on the queue
  // The organization and the invitation, in the Administration screens.
  const ORG = 'Globex 株式会社';
  await click(admin.page, 'Administration');
  await view(admin.page, 'admin-organizations');
  await click(admin.page, 'New organization');
  await fill(admin.page, 'Name', ORG);
  await click(admin.page, 'Ultimate');
  await click(admin.page, 'Anonymous: public views show a codename instead of the name');
  await click(admin.page, 'Create organization');
  const codename = await widgetValue(admin.page, 'Organization codename', /^customer-[a-z0-9-]+$/);
  await click(admin.page, 'Invitations');
  await view(admin.page, 'admin-invitations');
  await fill(admin.page, 'Email', 'hank@globex.test');
  await admin.page.getByRole('combobox', { name: 'Organization' }).selectOption(`${ORG} (${codename})`);
  await widgetValue(admin.page, 'Organization', new RegExp(codename));
  await click(admin.page, 'Send invitation');
  await widgetValue(admin.page, 'Invitation outcome', /^Invitation sent to hank@globex\.test/);
  const organization = (await apiFromPage(admin.page, 'GET', '/api/admin/organizations')).organizations
    .find((o) => o.name === ORG);
  assert.deepEqual([organization.plan, organization.anonymous, organization.codename], ['ultimate', true, codename]);

  const customer = await openApp(browser, server.url);
  await customer.page.evaluate((t) => { location.hash = '#/invite/' + t; }, await sink.waitFor('hank@globex.test', 'invite'));
  await view(customer.page, 'invitation');
  await customer.page.getByText('as a customer of Globex 株式会社').waitFor({ state: 'attached' });
  const email = customer.page.getByRole('textbox', { name: 'Email' });
  assert.equal(await email.inputValue(), 'hank@globex.test', 'the account name a password manager saves');
  assert.equal(await email.getAttribute('readonly'), '', 'shown, not editable: the invitation decides it');
  await acceptInvitation(customer.page, await sink.waitFor('hank@globex.test', 'invite'), 'Hank Scorpio');
  await view(customer.page, 'issues');

  await customer.page.evaluate(() => { location.hash = '#/new'; });
  await view(customer.page, 'new');
  const page = customer.page;
  const title = `Invited customer's report ${Date.now()}`;
  await fillReportByRole(page, { title, impact: 'P2 Medium' });
  await page.waitForFunction((t) => document.title.includes(t), title, { timeout: 20000 });
  const filed = await apiFromPage(page, 'GET', '/api/issues?scope=mine');
  assert.equal(filed.issues[0].title, title);
  assert.equal(filed.issues[0].plan, 'ultimate', 'filed under the organization\'s plan');
  await admin.context.close();
  await customer.context.close();
});

test('a community sign-up answers alike for a taken email and is confirmed by its emailed link', async () => {
  const { page, context } = await openApp(browser, server.url + '#/signup');
  await view(page, 'signup');
  const signUp = async (name, email) => {
    await fill(page, 'Name', name);
    await fill(page, 'Email', email);
    await fill(page, 'Password', PASSWORD);
    await click(page, 'Create account');
    return (await widget(page, 'Sent')).value;
  };
  const fresh = await signUp('Nomvula 🌍', 'nomvula@community.test');
  await click(page, 'Use a different email');
  const taken = await signUp('Someone', 'hank@globex.test');
  assert.equal(taken.replace('hank@globex.test', 'X'), fresh.replace('nomvula@community.test', 'X'),
               'the page cannot tell a taken email from a free one');
  await sink.waitFor('nomvula@community.test', 'verify');
  const existing = await (async () => {
    const deadline = Date.now() + 20000;
    for (;;) {
      const m = sink.mails.find((x) => x.to.includes('hank@globex.test') && /already have a Fleet Support Portal account/i.test(x.subject));
      if (m) return m;
      if (Date.now() > deadline) throw new Error('no "you already have an account" email');
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  assert.ok(existing, 'the owner of the taken email hears about it');

  await signInAs(page, 'nomvula@community.test', PASSWORD);
  await view(page, 'issues');
  await click(page, 'Send a new link');                   // unconfirmed: the banner says why, and offers a new link
  assert.match((await widget(page, 'Resend outcome')).value, /new link/);
  const second = await sink.waitFor('nomvula@community.test', 'verify', 2);
  const first = await sink.waitFor('nomvula@community.test', 'verify', 1);
  await page.evaluate((t) => { location.hash = '#/verify/' + t; }, first);
  await view(page, 'verify');
  assert.match((await widget(page, 'Verify outcome')).value, /link/i, 'the replaced link says it cannot be used');
  await page.evaluate((t) => { location.hash = '#/verify/' + t; }, second);
  await view(page, 'issues');
  const verified = (await apiFromPage(page, 'GET', '/api/me')).user.verified;
  assert.equal(verified, true);
  await page.waitForFunction(() => !window.portalTest.widget('Send a new link'), null, { timeout: 10000 });
  await context.close();
});

test('a forgotten password is reset from the emailed link, and the new one signs in', async () => {
  const { page, context } = await openApp(browser, server.url + '#/signin');
  await view(page, 'signin');
  await click(page, 'Forgot your password?');
  await view(page, 'reset');
  await fill(page, 'Email', 'hank@globex.test');
  await click(page, 'Send the link');
  await widget(page, 'Sent');
  const token = await sink.waitFor('hank@globex.test', 'reset');
  await page.evaluate((t) => { location.hash = '#/reset/' + t; }, token);
  await view(page, 'reset-confirm');
  await fill(page, 'New password', 'a brand new password');
  await click(page, 'Set the password');
  await view(page, 'signin');
  assert.match((await widget(page, 'Sign-in notice')).value, /password was changed/);
  await signInAs(page, 'hank@globex.test', 'a brand new password');
  await view(page, 'issues');
  await page.evaluate((t) => { location.hash = '#/reset/' + t; }, token);   // a link works once
  await view(page, 'reset-confirm');
  await fill(page, 'New password', 'yet another password');
  await click(page, 'Set the password');
  assert.match((await widget(page, 'Reset outcome')).value, /already been used/);
  await context.close();
});
