// Keyboard alone, from a fresh page load: sign in, open the report form, file it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { SHOTS, apiFromPage, axNode, launchBrowser, openApp, startServer } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

// What has keyboard focus: a real text field (its accessible name) or an app control (its label).
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (el && el.classList.contains('portal-field')) return el.getAttribute('aria-label');
  return window.portalTest.focused();
});

// Presses a key and waits for the app to draw three frames (ImGui moves focus over two).
async function press(page, key) {
  const frame = await page.evaluate(() => window.portalTest.state().frame);
  await page.keyboard.press(key);
  await page.waitForFunction((f) => { window.portalTest.tick(); return window.portalTest.state().frame >= f + 3; },
    frame, { polling: 30 });
}

// Presses `key` until `label` has focus; fails after `limit` presses.
// Signs in with the keyboard alone on the sign-in screen, then opens the report form.
async function signInToReport(page, email) {
  await press(page, 'Tab');
  await page.keyboard.type(email);
  await press(page, 'Tab');
  await page.keyboard.type('demo-password');
  await press(page, 'Enter');
  await page.waitForFunction(() => window.portalTest.view() === 'issues', null, { timeout: 20000 });
  await page.evaluate(() => { window.location.hash = '#/new'; });
  await page.waitForFunction(() => window.portalTest.view() === 'new');
}

async function tabTo(page, label, { key = 'Tab', limit = 40 } = {}) {
  for (let i = 0; i < limit; i++) {
    if (await focused(page) === label) return i;
    await press(page, key);
  }
  assert.fail(`${label} never got focus with ${key} (last: ${await focused(page)})`);
}

test('from a fresh page load, Tab reaches the first field at once, and sign-in and filing need no mouse', async () => {
  const { page, context } = await openApp(browser, server.url + '#/signin');
  await press(page, 'Tab');
  assert.equal(await focused(page), 'Email', 'the first Tab goes to the first field of the page');
  await page.keyboard.type('premium@demo.test');
  await press(page, 'Tab');
  assert.equal(await focused(page), 'Password');
  await page.keyboard.type('demo-password');
  await press(page, 'Shift+Tab');
  assert.equal(await focused(page), 'Email', 'Shift+Tab goes back');
  await press(page, 'Tab');
  await press(page, 'Enter');                        // Enter in a field submits the sign-in
  await page.waitForFunction(() => window.portalTest.view() === 'issues', null, { timeout: 20000 });

  await press(page, 'Tab');                          // into the page, then back up to the navigation
  await tabTo(page, 'File a bug report', { key: 'Shift+Tab', limit: 12 });
  await press(page, 'Enter');
  await page.waitForFunction(() => window.portalTest.view() === 'new');
  await press(page, 'Tab');
  assert.equal(await focused(page), 'Title', 'the report form starts at its first field');
  const title = `Keyboard only ${Date.now()}: export stalls`;
  await page.keyboard.type(title);
  await tabTo(page, 'P0 Emergency');                 // Tab enters the radio group, arrows choose in it
  await press(page, 'ArrowDown');
  await press(page, 'ArrowDown');
  assert.equal(await focused(page), 'P2 Medium');
  await page.waitForFunction(() => window.portalTest.widget('Response deadline'));
  const text = {
    'Fleet server version': '4.40.0', 'Agent version': '1.20.0', 'Operating system': 'Debian 12',
    'Web browser': 'Firefox 128', 'Expected behavior': 'The export finishes.',
    'Actual behavior': 'It stops at 99 %.', 'Steps to reproduce': 'Export 10,000 hosts.',
  };
  await tabTo(page, 'fleetd');
  await press(page, 'Space');
  for (const [label, value] of Object.entries(text)) {
    await tabTo(page, label);
    await page.keyboard.type(value);
  }
  await page.screenshot({ path: join(SHOTS, 'keyboard-report-1280.png') });
  await tabTo(page, 'Web browser', { key: 'Shift+Tab' });
  await press(page, 'Enter');                        // Enter in a one-line field files the report
  await page.waitForFunction(() => window.portalTest.view() === 'issue', null, { timeout: 20000 });
  const id = Number((await page.evaluate(() => location.hash)).split('/').pop());
  const issue = await apiFromPage(page, 'GET', '/api/issues/' + id);
  assert.equal(issue.title, title);
  assert.equal(issue.fields.steps, 'Export 10,000 hosts.');
  await context.close();
});

test('a failed submit names the wrong fields and takes focus to the first', async () => {
  const { page, context } = await openApp(browser, server.url + '#/signin');
  await signInToReport(page, 'ultimate@demo.test');
  await press(page, 'Tab');
  await page.keyboard.type('Only a title');
  await press(page, 'Tab');                          // passing through a field does not mark it
  assert.equal(await page.evaluate(() => window.portalTest.widget('Error impact')), null);
  await tabTo(page, 'Fleet server version');
  await page.keyboard.type('four');
  await press(page, 'Enter');
  const summary = await page.waitForFunction(() => window.portalTest.widget('Report problems')?.value);
  assert.match(await summary.jsonValue(), /fields? need/);
  for (const label of ['Go to Impact level', 'Go to Fleet server version', 'Go to Agent version']) {
    assert.ok(await page.evaluate((l) => window.portalTest.widget(l), label), `the summary names ${label.slice(6)}`);
  }
  await page.waitForFunction(() => window.portalTest.focused() === 'P0 Emergency', null, { timeout: 5000 });
  const first = await page.evaluate(() => window.portalTest.widget('P0 Emergency'));
  assert.ok(first.visible && first.y >= 0 && first.y < 800, 'the first wrong field is scrolled into view');
  await context.close();
});

// The radio, as the page and a screen reader see it: checked and focused.
const radio = (page, name) => page.evaluate((n) => {
  const el = document.querySelector(`#semantics input[type=radio][aria-label="${n}"]`);
  return el && { checked: el.checked, focused: document.activeElement === el };
}, name);

test('in a radio group arrow keys choose the next or previous radio, and Tab stops only on the chosen one', async () => {
  const { page, context } = await openApp(browser, server.url + '#/signin');
  await signInToReport(page, 'premium@demo.test');
  await press(page, 'Tab');
  assert.equal(await focused(page), 'Title');
  await press(page, 'Tab');
  assert.equal(await focused(page), 'P0 Emergency', 'with none chosen, Tab enters the group at its first radio');
  assert.deepEqual(await radio(page, 'P0 Emergency'), { checked: false, focused: true }, 'focus alone does not choose');
  const steps = [['ArrowDown', 'P1 High'], ['ArrowRight', 'P2 Medium'], ['ArrowDown', 'P3 Low'], ['ArrowDown', 'P0 Emergency'],
                 ['ArrowUp', 'P3 Low'], ['ArrowLeft', 'P2 Medium']];
  for (const [key, name] of steps) {                 // wraps at both ends
    await press(page, key);
    assert.equal(await focused(page), name, `${key} moves focus to ${name}`);
    await page.waitForFunction((n) => document.activeElement?.getAttribute('aria-label') === n, name);
    assert.deepEqual(await radio(page, name), { checked: true, focused: true }, `${key} chooses ${name}`);
    const others = ['P0 Emergency', 'P1 High', 'P2 Medium', 'P3 Low'].filter((n) => n !== name);
    for (const other of others) assert.equal((await radio(page, other)).checked, false, `only ${name} is checked`);
  }
  const node = await axNode(page, 'radio', 'P2 Medium');
  assert.ok(node?.checked === 'true' && node?.focused === true,
            `the accessibility tree has P2 Medium checked and focused (${JSON.stringify(node)})`);
  await page.waitForFunction(() => window.portalTest.widget('Response deadline'));
  await press(page, 'Tab');
  assert.ok(!/^P\d /.test(await focused(page)), `Tab leaves the group (now on ${await focused(page)})`);
  await press(page, 'Shift+Tab');
  assert.equal(await focused(page), 'P2 Medium', 'Shift+Tab comes back to the chosen radio, not the last one');
  await press(page, 'Shift+Tab');
  assert.equal(await focused(page), 'Title', 'and leaves the group backwards in one step');
  await context.close();
});
