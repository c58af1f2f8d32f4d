// The canvas is also a web page: axe-core finds no serious or critical problem on
// any screen; a person who uses only the accessibility tree and the keyboard can
// sign in, file a report and read it; links, find and text selection work.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

import { ROOT, apiFromPage, axNode, click, fillReportByRole, findIssue, launchBrowser, openApp, reveal, signIn, startServer, waitForIssue } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

async function axe(page, screen) {
  // The layer follows the frame that was just drawn: ask for a frame, wait until it has been
  // drawn, then one more animation frame for the layer to catch up (no fixed sleep).
  const frame = await page.evaluate(() => window.portalTest.state().frame);
  await page.evaluate(() => window.portalTest.tick());
  await page.waitForFunction((f) => window.portalTest.state().frame > f, frame);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  // Evaluated through the debugging protocol: the page's Content-Security-Policy rightly refuses inline scripts.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe on ${screen}`);
}

const view = (page, v) => page.waitForFunction((x) => window.portalTest.view() === x, v, { timeout: 20000 });

test('axe-core finds no serious or critical violation on any screen', async () => {
  const { page, context } = await openApp(browser, server.url);
  await axe(page, 'home');
  assert.equal(await page.getByRole('table', { name: 'Plans and response targets' })
    .getByRole('columnheader', { name: 'First response' }).count(), 1, 'the plans are a table with headers');
  await page.evaluate(() => { location.hash = '#/signin'; });
  await view(page, 'signin');
  await axe(page, 'sign-in');
  await signIn(page, 'premium@demo.test', 'issues', { navigate: false });
  await page.waitForFunction(() => document.querySelectorAll('#semantics a[href^="#/issues/"]').length > 0);
  await axe(page, 'issue list');
  await page.evaluate(() => { location.hash = '#/new'; });
  await view(page, 'new');
  const optional = page.getByRole('button', { name: /show \d+ optional details/ });
  assert.equal(await optional.getAttribute('aria-expanded'), 'false', 'the folded section says it is folded');
  assert.ok(await page.getByRole('heading', { level: 2, name: 'Required details' }).count(), 'sections are h2');
  await page.getByRole('button', { name: 'File report' }).dispatchEvent('click');
  await page.waitForFunction(() => window.portalTest.widget('Report problems'));
  await axe(page, 'report form with errors');
  const reported = await findIssue(page, 'scope=mine');          // the reporter's first issue
  await page.evaluate((n) => { location.hash = '#/issues/' + n; }, reported.id);
  await page.waitForFunction(() => window.portalTest.widget('Issue title'));
  await axe(page, 'issue page');
  await context.close();

  const staff = await openApp(browser, server.url);
  await signIn(staff.page, 'cse@demo.test', 'queue');
  await staff.page.waitForFunction(() => document.querySelectorAll('#semantics a[href^="#/issues/"]').length > 0);
  await axe(staff.page, 'queue');
  await staff.page.evaluate(() => { location.hash = '#/preview'; });
  await staff.page.waitForFunction(() => window.portalTest.widget('Preview field title'));
  await axe(staff.page, 'form preview');
  await staff.context.close();
});

test('with only the accessibility tree and the keyboard, a customer signs in, files a report and reads it', async () => {
  const { page, context } = await openApp(browser, server.url + '#/signin');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.waitForFunction(() => document.title.startsWith('Sign in'));
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByRole('textbox', { name: 'Email' }).fill('ultimate@demo.test');
  await form.getByLabel('Password').fill('demo-password');
  await form.getByLabel('Password').press('Enter');
  await page.waitForFunction(() => document.title.startsWith('Issues'), null, { timeout: 20000 });
  assert.ok(await page.getByRole('navigation').getByRole('link', { name: 'Issues' }).count());
  assert.ok(await page.getByRole('table', { name: 'Issues' }).getByRole('columnheader', { name: 'Title' }).count());
  await page.getByRole('combobox', { name: 'Status' }).selectOption('Closed');   // a drop-down, chosen by a screen reader
  await page.waitForFunction(() => window.portalTest.widget('Status')?.value === 'Closed');
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ index: 0 });

  await page.getByRole('link', { name: 'File a bug report' }).dispatchEvent('click');
  await page.waitForFunction(() => document.title.startsWith('File a bug report'));
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'File a bug report');
  assert.equal(await page.getByRole('radiogroup', { name: 'Impact level' }).getByRole('radio').count(), 4,
               'the impact radios are one group named by its question');
  const title = `Screen reader report ${Date.now()}`;
  await fillReportByRole(page, { title, impact: 'P3 Low' });
  const outcome = await page.waitForFunction((t) => document.title.includes(t) ? 'filed'
    : window.portalTest.widget('Report problems') &&
      Object.keys(window.portalTest.state().widgets).filter((k) => k.startsWith('Go to ')).join(', '),
  title, { timeout: 20000 });
  assert.equal(await outcome.jsonValue(), 'filed');
  assert.match(await page.getByRole('heading', { level: 1 }).textContent(), new RegExp(`^#\\d+ +${title}$`));
  assert.match(await page.evaluate(() => document.title), /^#\d+ Screen reader report \d+ — Fleet Support$/);
  assert.ok(await page.getByText('Nothing happens.').count(), 'the report reads back');
  await context.close();
});

test('issue rows are real links, text can be found and copied exactly', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  const link = page.locator('#semantics a[href^="#/issues/"]').first();
  await link.waitFor({ state: 'attached' });
  const href = await link.getAttribute('href');
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click({ button: 'middle' })]);
  await tab.waitForLoadState();
  assert.ok(tab.url().endsWith(href), `middle-click opens ${href} in a new tab (${tab.url()})`);
  await tab.close();
  const id = Number(href.split('/').pop());
  const issue = await apiFromPage(page, 'GET', '/api/issues/' + id);
  assert.ok(await page.evaluate((t) => window.find(t, false, false, true), issue.title), 'find in page finds the issue title');

  await link.click();                                  // a plain click navigates in place
  await page.waitForFunction((n) => window.portalTest.view() === 'issue' && location.hash === '#/issues/' + n, id);
  const body = 'Copy me exactly: Zoë 😀 日本語 — line two follows\nand this is line two.';
  await apiFromPage(page, 'POST', `/api/issues/${id}/comments`, { body, visibility: 'public' });
  await page.evaluate((n) => { location.hash = '#/issues'; location.hash = '#/issues/' + n; }, id);
  const withReply = await waitForIssue(page, id, (i) => i.comments.some((c) => c.body === body));
  await reveal(page, 'Reply ' + withReply.comments.find((c) => c.body === body).id);
  const reply = page.locator('#semantics p.sem-text', { hasText: 'Copy me exactly' });
  await reply.waitFor({ state: 'attached', timeout: 15000 });
  const box = await reply.boundingBox();                // drag across it, as a person selects
  await page.mouse.move(box.x + 1, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width - 1, box.y + box.height - 2, { steps: 4 });
  await page.mouse.up();
  const selected = await page.evaluate(() => window.getSelection().toString());
  assert.equal(selected.replace(/\n$/, ''), body, 'the selection is the reply, exactly');
  await context.close();
});

test('issue numbers in text and Copy link are real links; a deadline that changes is announced', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  const mine = (await apiFromPage(page, 'GET', '/api/issues?scope=mine&page_size=50')).issues;
  assert.ok(mine.length >= 2, 'the reporter has two issues');
  const [from, to] = mine;
  await apiFromPage(page, 'POST', `/api/issues/${from.id}/comments`,
                    { body: `Looks like #${to.id} again (not a#1 or &#12;).`, visibility: 'public' });
  await page.evaluate((n) => { location.hash = '#/issues/' + n; }, from.id);
  const withReply = await waitForIssue(page, from.id, (i) => i.comments.some((c) => c.body.startsWith('Looks like #')));
  const reply = page.locator('#semantics p.sem-text', { hasText: 'Looks like #' });
  await reply.waitFor({ state: 'attached', timeout: 15000 });   // below the fold, yet in the layer: find reaches it
  assert.ok(await page.evaluate(() => window.find('Looks like #', false, false, true)), 'find in page finds the reply');
  await reveal(page, 'Reply ' + withReply.comments.find((c) => c.body.startsWith('Looks like #')).id);
  assert.deepEqual(await reply.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')])),
    [[`#${to.id}`, `#/issues/${to.id}`]], 'only the issue number is a link');
  assert.equal(await reply.textContent(), `Looks like #${to.id} again (not a#1 or &#12;).`, 'the text reads unchanged');
  assert.equal(await page.getByRole('link', { name: `#${to.id}`, exact: true }).count(), 2,
               'and a link under the reply, which Tab reaches');
  const ref = reply.locator('a');
  const [tab] = await Promise.all([context.waitForEvent('page'), ref.click({ button: 'middle' })]);
  await tab.waitForLoadState();
  assert.ok(tab.url().endsWith(`#/issues/${to.id}`), `middle-click opens #${to.id} in a new tab`);
  await tab.close();
  await ref.click();                                    // a plain click navigates in place
  await page.waitForFunction((n) => window.portalTest.view() === 'issue' && location.hash === '#/issues/' + n, to.id);
  const copy = page.getByRole('link', { name: 'Copy link' });
  await copy.waitFor({ state: 'attached' });
  assert.equal(await copy.getAttribute('href'), `#/issues/${to.id}`, '"Copy link address" gives the issue');

  await page.evaluate(() => { location.hash = '#/new'; });
  await view(page, 'new');
  const live = () => page.evaluate(() => document.querySelector('#semantics [aria-live]').textContent);
  await page.getByRole('radio', { name: 'P3 Low' }).dispatchEvent('click');
  await page.waitForFunction(() => /^First response due /.test(document.querySelector('#semantics [aria-live]').textContent));
  const p3 = await live();
  await page.getByRole('radio', { name: 'P1 High' }).dispatchEvent('click');
  await page.waitForFunction((before) => {
    const now = document.querySelector('#semantics [aria-live]').textContent;
    return now !== before && /^First response due /.test(now);
  }, p3);
  assert.notEqual(await live(), p3, 'the new deadline is heard');
  await context.close();
});

test('email notification settings: a screen reader turns one kind off and picks the time zone', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  await page.getByRole('navigation').getByRole('link', { name: 'Account' }).dispatchEvent('click');
  await view(page, 'account');
  const box = page.getByRole('checkbox', { name: 'A support engineer replied' });
  await box.waitFor({ state: 'attached' });
  assert.equal(await box.isChecked(), true, 'every kind is on until turned off');
  await box.dispatchEvent('click');
  await page.waitForFunction(() => window.portalTest.widget('Notifications outcome')?.value === 'Saved.');
  await page.waitForFunction(() => document.querySelector('#semantics [aria-live]').textContent === 'Saved.');
  const after = await apiFromPage(page, 'GET', '/api/me/notifications');
  assert.equal(after.kinds.find((k) => k.kind === 'staff_reply').enabled, false);
  assert.ok(after.kinds.filter((k) => k.kind !== 'staff_reply').every((k) => k.enabled), 'only that one changed');
  const here = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await page.getByRole('radio', { name: `Your time zone and Pacific Time (${here})` }).dispatchEvent('click');
  await page.waitForFunction(() => window.portalTest.widget('Notifications outcome')?.value === 'Saved.');
  let zone = null;                                        // (polled here: waitForFunction takes a promise as truthy)
  for (let i = 0; i < 50 && zone !== here; i++) {
    zone = (await apiFromPage(page, 'GET', '/api/me/notifications')).time_zone;
    if (zone !== here) await page.waitForTimeout(100);
  }
  assert.equal(zone, here, 'deadlines in emails are written in this browser\'s zone too');
  await axe(page, 'account');
  await context.close();
});

test('axe-core finds no serious or critical violation on the administration screens and Your organization', async () => {
  const admin = await openApp(browser, server.url);
  await signIn(admin.page, 'admin@demo.test', 'queue');
  const acme = (await apiFromPage(admin.page, 'GET', '/api/admin/organizations')).organizations.find((o) => o.anonymous);
  const customer = (await apiFromPage(admin.page, 'GET', '/api/admin/accounts')).accounts.find((a) => a.organization_id === acme.id);
  await apiFromPage(admin.page, 'PATCH', '/api/admin/accounts/' + customer.id, { org_admin: true });
  await apiFromPage(admin.page, 'POST', '/api/invitations', { email: 'axe.engineer@example.test', role: 'cse' });   // rows to check
  for (const [hash, screen, label] of [
    ['#/admin', 'admin-organizations', 'Organization ' + acme.name],
    ['#/admin/organizations/' + acme.id, 'admin-organizations', 'Organization codename'],
    ['#/admin/accounts', 'admin-accounts', 'Account ' + customer.email],
    ['#/admin/accounts/' + customer.id, 'admin-accounts', 'Managing'],
    ['#/admin/invitations', 'admin-invitations', 'Invitation axe.engineer@example.test'],
    ['#/admin/outbox', 'admin-outbox', 'Email to axe.engineer@example.test'],
  ]) {
    await admin.page.evaluate((h) => { location.hash = h; }, hash);
    await view(admin.page, screen);
    await admin.page.waitForFunction((l) => window.portalTest.widget(l), label);
    await axe(admin.page, hash);
  }
  await admin.context.close();
  const orgAdmin = await openApp(browser, server.url);
  await signIn(orgAdmin.page, customer.email, 'issues');
  for (const [hash, label] of [['#/organization', 'Account ' + customer.email], ['#/organization/people/' + customer.id, 'Managing']]) {
    await orgAdmin.page.evaluate((h) => { location.hash = h; }, hash);
    await view(orgAdmin.page, 'organization');
    await orgAdmin.page.waitForFunction((l) => window.portalTest.widget(l), label);
    await axe(orgAdmin.page, hash);
  }
  await orgAdmin.context.close();
});

const live = (page) => page.evaluate(() => document.querySelector('#semantics [aria-live]').textContent);

// A field the server refused, as a screen reader gets it: invalid, and described by the visible error.
async function assertRefused(page, name, error) {
  const field = page.locator(`#semantics [aria-label="${name}"]`);
  await page.waitForFunction((n) => document.querySelector(`#semantics [aria-label="${n}"]`)
    ?.getAttribute('aria-invalid') === 'true', name, { timeout: 15000 });
  const about = await field.getAttribute('aria-describedby');
  assert.equal(await page.locator('#' + about).textContent(), error, `${name} is described by its error`);
  const node = await axNode(page, 'textbox', name);
  assert.deepEqual([node?.invalid, node?.description], ['true', error], `the accessibility tree: ${JSON.stringify(node)}`);
}

const unmarked = (page, name) => page.waitForFunction((n) => {
  const el = document.querySelector(`#semantics [aria-label="${n}"]`);
  return el && !el.hasAttribute('aria-invalid') && !el.hasAttribute('aria-describedby');
}, name, { timeout: 15000 });

test('fields the server refused on sign-in, sign-up, invitation and new password are invalid, described and heard', async () => {
  const { page, context } = await openApp(browser, server.url + '#/signin');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByRole('textbox', { name: 'Email' }).fill('premium@demo.test');
  await form.getByLabel('Password').fill('not-the-password');
  await form.getByLabel('Password').press('Enter');
  const wrong = 'That email and password do not match an account.';
  await assertRefused(page, 'Email', wrong);          // which of the two is wrong is not said: both are marked
  await assertRefused(page, 'Password', wrong);
  await page.waitForFunction((t) => document.querySelector('#semantics [aria-live]').textContent === t, wrong);
  await form.getByLabel('Password').fill('demo-password');
  await unmarked(page, 'Password');                  // an edit takes the mark off that field only
  assert.equal(await form.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid'), 'true');
  await form.getByLabel('Password').press('Enter');
  await view(page, 'issues');
  await context.close();

  const signup = await openApp(browser, server.url + '#/signup');
  const create = signup.page.getByRole('form', { name: 'Create an account' });
  await create.getByRole('textbox', { name: 'Name' }).fill('Short Password');
  await create.getByRole('textbox', { name: 'Email' }).fill('short.password@example.test');
  await create.getByLabel('Password').fill('short');
  await create.getByLabel('Password').press('Enter');
  await assertRefused(signup.page, 'Password', 'Password must be at least 10 characters.');
  for (const name of ['Name', 'Email']) await unmarked(signup.page, name);
  assert.match(await live(signup.page), /Password: Password must be at least 10 characters\.$/);
  await signup.context.close();

  const printed = execFileSync('python3', [join(ROOT, 'serve.py'), '--db', server.db, '--public-url', server.url,
                                           'invite-admin', 'refused.invitee@example.test', 'Refused Invitee'],
                               { encoding: 'utf8' });
  const token = printed.match(/#\/invite\/([A-Za-z0-9_-]+)/)[1];
  const invite = await openApp(browser, server.url + '#/invite/' + token);
  const accept = invite.page.getByRole('form', { name: 'Accept the invitation' });
  await accept.getByRole('textbox', { name: 'Name' }).waitFor({ state: 'attached' });
  await accept.getByLabel('Password').fill('short');
  await accept.getByRole('button', { name: 'Create my account' }).dispatchEvent('click');
  await assertRefused(invite.page, 'Password', 'Password must be at least 10 characters.');
  assert.match(await live(invite.page), /Password: Password must be at least 10 characters\.$/);
  await accept.getByLabel('Password').fill('a long enough password');
  await accept.getByRole('button', { name: 'Create my account' }).dispatchEvent('click');
  await view(invite.page, 'queue');                   // the retry succeeds
  await invite.context.close();

  const reset = await openApp(browser, server.url + '#/reset/not-a-real-token');
  const choose = reset.page.getByRole('form', { name: 'Choose a new password' });
  await choose.getByLabel('New password').fill('short');
  await choose.getByLabel('New password').press('Enter');
  await assertRefused(reset.page, 'New password', 'Password must be at least 10 characters.');
  await choose.getByLabel('New password').fill('a long enough password');
  await choose.getByLabel('New password').press('Enter');
  await reset.page.waitForFunction(() => window.portalTest.widget('Reset outcome')?.value.startsWith('This reset link is not valid'));
  await unmarked(reset.page, 'New password');          // the password was not what the server refused this time
  await axe(reset.page, 'a refused new password');
  await reset.context.close();
});

test('a screen opened by the person puts focus on its title; the first page load does not', async () => {
  const { page, context } = await openApp(browser, server.url + '#/signin');
  await page.waitForFunction(() => document.title.startsWith('Sign in'));
  const h1Focused = () => page.evaluate(() => document.activeElement?.tagName === 'H1' ? document.activeElement.textContent : null);
  assert.equal(await h1Focused(), null, 'nothing takes focus on the first load');
  await click(page, 'Plans');                          // a link in the navigation
  await view(page, 'home');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.equal(await h1Focused(), 'Fleet Support Portal');
  const heading = await axNode(page, 'heading', 'Fleet Support Portal');
  assert.equal(heading?.focused, true, 'a screen reader is on the new title');
  await page.goBack();                                 // Back is a person's doing too
  await view(page, 'signin');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === 'Sign in');
  await page.keyboard.press('Tab');                    // and Tab goes on into the page's first field
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Email');
  await context.close();
});
