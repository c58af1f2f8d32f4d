// The administration screens end to end against the real server in demo mode, its emails
// delivered to a real SMTP server: an admin runs organizations, accounts, invitations and
// the outbox; an organization's org_admin sees and manages only their own organization.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { SHOTS, click, fill, launchBrowser, openApp, reveal, signIn, startMailSink, startServer, typeInto, view, widget,
         widgetValue } from './harness.mjs';

let sink, server, browser;
before(async () => {
  sink = await startMailSink();                // a real SMTP server: invitations arrive, links in them are followed
  server = await startServer({ demo: true, extra: ['--smtp', sink.address, '--mail-from', 'support@vendor.test'] });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.stop(); sink?.stop(); });

const ORG = '株式会社テスト 🚀';
const DEMO_PASSWORD = 'demo-password';         // what harness.signIn types, for the accounts made here too

// A mail server that refuses every recipient, as a real one answers for an unknown mailbox.
async function refusingMailServer() {
  const smtp = createServer((socket) => {
    let pending = '';
    socket.write('220 refuse.test ESMTP\r\n');
    socket.on('data', (data) => {
      pending += data;
      for (let end; (end = pending.indexOf('\r\n')) >= 0; pending = pending.slice(end + 2)) {
        const verb = pending.slice(0, 4).toUpperCase();
        if (verb === 'RCPT') socket.write('550 5.1.1 No such mailbox here\r\n');
        else if (verb === 'QUIT') socket.end('221 Bye\r\n');
        else socket.write(verb === 'EHLO' || verb === 'HELO' ? '250 refuse.test\r\n' : '250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return smtp;
}

// The API straight from the test, for what the test sets up and checks (not what it exercises).
async function api(method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const r = await fetch(new URL(path, server.url), { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: r.status === 204 ? null : await r.json() };
}
const adminToken = async () => (await api('POST', '/api/session', { email: 'admin@demo.test', password: DEMO_PASSWORD })).body.token;
async function account(token, email) {
  return (await api('GET', '/api/admin/accounts', null, token)).body.accounts.find((a) => a.email === email);
}
// An account made as a real deployment makes one: invited, the emailed link accepted. -> its session token.
async function invitedAccount(token, invitation) {
  const r = await api('POST', '/api/invitations', invitation, token);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const link = await sink.waitFor(invitation.email, 'invite');
  const accepted = await api('POST', '/api/invitations/accept', { token: link, name: invitation.name, password: DEMO_PASSWORD });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  return accepted.body.token;
}
const value = widgetValue;

// Long lists draw only their visible rows: scroll down with the wheel, as a person would, until the row is there.
async function scrollToRow(page, label) {
  const { width, height } = page.viewportSize();
  for (let step = 0; step < 30; step++) {
    if (await page.evaluate((l) => { window.portalTest.tick(); return !!window.portalTest.widget(l); }, label)) return reveal(page, label);
    await page.mouse.move(width / 2, height / 2);
    await page.mouse.wheel(0, height / 3);
    await page.waitForTimeout(100);
  }
  throw new Error(`${label} never scrolled into view`);
}

test('an admin creates an anonymous organization, invites a customer to it, changes a role, deactivates and reactivates', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await signIn(page, 'admin@demo.test', 'queue');
  await click(page, 'Administration');
  await view(page, 'admin-organizations');
  await widget(page, 'Organization Acme Corp');

  // A new anonymous organization gets a minor planet's codename, shown large; the admin changes it.
  await click(page, 'New organization');
  await typeInto(page, 'Name', ORG);
  await click(page, 'Ultimate');
  await click(page, 'Anonymous: public views show a codename instead of the name');
  await click(page, 'Create organization');
  assert.match(await value(page, 'Organization outcome', /^Created /), /In public views it appears as customer-[a-z]+\.$/);
  const codename = await value(page, 'Organization codename', /^customer-[a-z0-9-]+$/);
  assert.equal((await scrollToRow(page, 'Organization ' + ORG)) && (await widget(page, 'Organization ' + ORG)).value, codename,
    'the list shows the codename');
  const token = await adminToken();
  const created = (await api('GET', '/api/admin/organizations', null, token)).body.organizations.find((o) => o.name === ORG);
  assert.deepEqual([created.plan, created.anonymous, created.codename], ['ultimate', true, codename]);
  await page.screenshot({ path: join(SHOTS, 'admin-organizations-1280.png') });

  await fill(page, 'Codename', 'Rocket Team');
  await click(page, 'Save organization');
  assert.match(await value(page, 'Error codename', /./), /customer-vesta/, 'the server\'s word, under the field');
  await fill(page, 'Codename', 'customer-rocket');
  await click(page, 'Save organization');
  await value(page, 'Organization outcome', /^Saved\./);
  await value(page, 'Organization codename', /^customer-rocket$/);

  // Invite a customer to it: a wrong address is refused under the field, then the invitation is listed and queued.
  await click(page, 'Invitations');
  await view(page, 'admin-invitations');
  await typeInto(page, 'Email', 'not an address');
  await page.getByRole('combobox', { name: 'Organization' }).selectOption(`${ORG} (customer-rocket)`);
  await value(page, 'Organization', /customer-rocket/);
  await click(page, 'Send invitation');
  await value(page, 'Error email', /./);
  await fill(page, 'Email', 'new.customer@example.test');
  await typeInto(page, 'Name', 'Ana Nuevo');
  await click(page, 'Send invitation');
  await value(page, 'Invitation outcome', /^Invitation sent to new\.customer@example\.test/);
  assert.equal((await widget(page, 'Invitation new.customer@example.test')).value, 'pending');
  const invitation = (await api('GET', '/api/invitations', null, token)).body.invitations
    .find((i) => i.email === 'new.customer@example.test');
  assert.deepEqual([invitation.role, invitation.organization_id], ['customer', created.id]);
  await click(page, 'Resend new.customer@example.test');
  await value(page, 'Invitation new.customer@example.test outcome', /^Sent again/);
  await page.screenshot({ path: join(SHOTS, 'admin-invitations-1280.png') });

  assert.ok(await sink.waitFor('new.customer@example.test', 'invite', 2), 'both emails reached the mail server');
  await click(page, 'Outbox');
  await view(page, 'admin-outbox');
  assert.match(await value(page, 'Email to new.customer@example.test', /^sent/), /invit/i);
  await page.screenshot({ path: join(SHOTS, 'admin-outbox-1280.png') });

  // An account changes role, is deactivated after a confirmation (signed out at once), and reactivated.
  const session = await invitedAccount(token, { email: 'role.change@example.test', name: 'Rollo Change', role: 'community' });
  await click(page, 'Accounts');
  await view(page, 'admin-accounts');
  await typeInto(page, 'Filter accounts', 'role.change');
  await click(page, 'Account role.change@example.test');
  await value(page, 'Managing', /^role\.change@example\.test$/);
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Support engineer');
  await value(page, 'Role', /^Support engineer$/);
  await click(page, 'Change role');
  await value(page, 'Account outcome', /^The role is now Support engineer\.$/);
  assert.equal((await account(token, 'role.change@example.test')).role, 'cse');

  await click(page, 'Deactivate\u2026');
  await widget(page, 'Yes, deactivate');
  await page.waitForFunction(() => window.portalTest.focused() === 'Keep active', null, { timeout: 5000 });   // the safe choice
  assert.equal((await account(token, 'role.change@example.test')).active, true, 'nothing happens before the confirmation');
  await page.screenshot({ path: join(SHOTS, 'admin-accounts-confirm-1280.png') });
  await click(page, 'Yes, deactivate');
  await value(page, 'Account outcome', /^Deactivated/);
  assert.equal((await account(token, 'role.change@example.test')).active, false);
  assert.equal((await api('GET', '/api/me', null, session)).status, 401, 'signed out at once');
  await click(page, 'Reactivate');
  await value(page, 'Account outcome', /^Reactivated/);
  assert.equal((await account(token, 'role.change@example.test')).active, true);
  // The browser logs the refusals the test asked for (422); nothing else went wrong.
  assert.deepEqual(errors.filter((e) => !/responded with a status of 422/.test(e)), []);
  await context.close();
});

// An organization with a name in any script, two customers, one of them its org_admin.
async function organizationWithPeople(name) {
  const token = await adminToken();
  const org = (await api('POST', '/api/admin/organizations', { name, plan: 'premium', anonymous: true }, token)).body.organization;
  const tag = String(Date.now()).slice(-6);
  const people = { admin: `kenji.${tag}@rocket.test`, colleague: `mia.${tag}@rocket.test` };
  const customer = { role: 'customer', organization_id: org.id };
  await invitedAccount(token, { ...customer, email: people.admin, name: '木村 健二', org_admin: true });
  await invitedAccount(token, { ...customer, email: people.colleague, name: 'Mia Rocket' });
  return { token, org, people };
}

test('an org_admin sees only their organization, makes and unmakes an org_admin, deactivates, invites a customer and revokes it', async () => {
  const { token, org, people } = await organizationWithPeople(ORG + ' West');
  const { page, context, errors } = await openApp(browser, server.url);
  await signIn(page, people.admin, 'issues');
  await click(page, 'Your organization');
  await view(page, 'organization');
  assert.equal((await value(page, 'Organization Name', /./)), ORG + ' West');
  assert.equal((await widget(page, 'Organization In public views')).value, 'Anonymous, as ' + org.codename);
  await widget(page, 'Account ' + people.colleague);
  const listed = await page.evaluate(() => Object.keys(window.portalTest.state().widgets).filter((k) => k.startsWith('Account ')));
  assert.deepEqual(listed.sort(), ['Account ' + people.admin, 'Account ' + people.colleague].sort(),
    'their organization\'s people, and no one else of the portal');

  await click(page, 'Account ' + people.colleague);
  await click(page, 'Organization admin');
  await value(page, 'Account outcome', /^Now an admin of their organization/);
  assert.equal((await account(token, people.colleague)).org_admin, true);
  await click(page, 'Organization admin');
  await value(page, 'Account outcome', /^No longer an admin/);
  assert.equal((await account(token, people.colleague)).org_admin, false);
  await click(page, 'Deactivate\u2026');
  await click(page, 'Yes, deactivate');
  await value(page, 'Account outcome', /^Deactivated/);
  assert.equal((await account(token, people.colleague)).active, false);

  await typeInto(page, 'Email', 'new.colleague@rocket.test');
  await click(page, 'Send invitation');
  await value(page, 'Invitation outcome', /^Invitation sent to new\.colleague@rocket\.test/);
  assert.equal((await widget(page, 'Invitation new.colleague@rocket.test')).value, 'pending');
  const invitation = (await api('GET', '/api/invitations', null, token)).body.invitations
    .find((i) => i.email === 'new.colleague@rocket.test');
  assert.deepEqual([invitation.role, invitation.organization_id], ['customer', org.id]);
  await page.screenshot({ path: join(SHOTS, 'organization-1280.png') });
  await click(page, 'Revoke new.colleague@rocket.test');
  await value(page, 'Invitation new.colleague@rocket.test outcome', /^Revoked/);
  assert.equal((await widget(page, 'Invitation new.colleague@rocket.test')).value, 'revoked');

  await page.evaluate(() => { location.hash = '#/admin'; });   // not theirs: back to their issues
  await view(page, 'issues');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the screens on a phone and in the dark theme, with a name in any script', async () => {
  const name = ORG + ' 東京';
  const { people } = await organizationWithPeople(name);
  for (const [width, height, scheme] of [[390, 844, 'light'], [390, 844, 'dark'], [320, 640, 'light'], [1280, 800, 'dark']]) {
    const shot = (name) => join(SHOTS, `${name}-${width}-${scheme}.png`);
    const admin = await openApp(browser, server.url, { width, height, touch: width < 640, colorScheme: scheme });
    await signIn(admin.page, 'admin@demo.test', 'queue');
    await admin.page.evaluate(() => { location.hash = '#/admin'; });
    await view(admin.page, 'admin-organizations');
    await scrollToRow(admin.page, 'Organization ' + name);
    await click(admin.page, 'Organization ' + name);
    await value(admin.page, 'Organization codename', /^customer-/);
    await admin.page.screenshot({ path: shot('admin-organizations') });
    await admin.page.evaluate(() => { location.hash = '#/admin/accounts'; });
    await view(admin.page, 'admin-accounts');
    await typeInto(admin.page, 'Filter accounts', people.admin.split('@')[0]);
    await click(admin.page, 'Account ' + people.admin);
    await admin.page.screenshot({ path: shot('admin-accounts') });
    await admin.page.evaluate(() => { location.hash = '#/admin/invitations'; });
    await view(admin.page, 'admin-invitations');
    await widget(admin.page, 'Send invitation');
    await admin.page.screenshot({ path: shot('admin-invitations') });
    await admin.page.evaluate(() => { location.hash = '#/admin/outbox'; });
    await view(admin.page, 'admin-outbox');
    await admin.page.screenshot({ path: shot('admin-outbox') });
    assert.deepEqual(admin.errors, []);
    await admin.context.close();

    const orgAdmin = await openApp(browser, server.url, { width, height, touch: width < 640, colorScheme: scheme });
    await signIn(orgAdmin.page, people.admin, 'issues');
    await orgAdmin.page.evaluate(() => { location.hash = '#/organization'; });
    await view(orgAdmin.page, 'organization');
    await value(orgAdmin.page, 'Organization In public views', /^Anonymous, as customer-/);
    await orgAdmin.page.screenshot({ path: shot('organization') });
    await scrollToRow(orgAdmin.page, 'Account ' + people.colleague);
    await click(orgAdmin.page, 'Account ' + people.colleague);
    await value(orgAdmin.page, 'Managing', /^mia\./);
    await orgAdmin.page.screenshot({ path: shot('organization-person') });
    assert.deepEqual(orgAdmin.errors, []);
    await orgAdmin.context.close();
  }
});

test('a mail server that refuses shows up in the outbox with its answer, and Retry sends again', async () => {
  const smtp = await refusingMailServer();
  const refusing = await startServer({ demo: true, extra: ['--smtp', `127.0.0.1:${smtp.address().port}`,
                                                           '--mail-from', 'support@vendor.test'] });
  try {
    const call = async (method, path, body, token) => {
      const r = await fetch(new URL(path, refusing.url), { method, body: body && JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) } });
      return r.json();
    };
    const token = (await call('POST', '/api/session', { email: 'admin@demo.test', password: DEMO_PASSWORD })).token;
    await call('POST', '/api/invitations', { email: 'nobody@refuse.test', role: 'cse' }, token);
    const failed = async () => (await call('GET', '/api/admin/outbox?state=failed', null, token)).emails
      .find((e) => e.to === 'nobody@refuse.test');
    for (let i = 0; i < 100 && !(await failed()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match((await failed()).last_error, /^550 5\.1\.1 No such mailbox here/);

    const { page, context } = await openApp(browser, refusing.url);
    await signIn(page, 'admin@demo.test', 'queue');
    await page.evaluate(() => { location.hash = '#/admin/outbox'; });
    await view(page, 'admin-outbox');
    assert.match(await value(page, 'Email to nobody@refuse.test', /^failed/), /550 5\.1\.1 No such mailbox here$/,
      'the mail server\'s answer, as it gave it');
    await page.screenshot({ path: join(SHOTS, 'admin-outbox-failed-1280.png') });
    await click(page, 'Retry nobody@refuse.test');
    await value(page, 'Email to nobody@refuse.test outcome', /^Queued again; it is being sent now\.$/);
    await click(page, 'Refresh');
    await value(page, 'Email to nobody@refuse.test', /^failed/);   // refused again, at once: a 5xx is final
    await context.close();
  } finally {
    refusing.stop();
    smtp.close();
  }
});
