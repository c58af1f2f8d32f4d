// Every character typed, pasted or composed reaches the field, the server and the
// database exactly: emoji with joiners and skin tones, astral letters, right-to-left.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { SHOTS, apiFromPage, click, launchBrowser, openApp, signIn, startServer, typeInto, waitForIssue, widget }
  from './harness.mjs';

let server, browser;
before(async () => { server = await startServer({ demo: true }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const TYPED = 'Zoë 😀 👩‍💻 日本語 → ✓ שלום 𝔘';
const PASTED = 'Line one 👍🏽\n\nLine three: مرحبا بالعالم\n\tindented नमस्ते\ne\u0301 (e + combining acute) 🇯🇵';

// A paste: the text arrives in one go at the caret, as the browser's paste does.
async function paste(page, label, text) {
  await click(page, label);
  await page.waitForFunction((l) => document.activeElement?.getAttribute('aria-label') === l, label);
  await page.keyboard.insertText(text);
}

test('a report and a reply keep every character, line breaks included, byte for byte', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await signIn(page, 'premium@demo.test', 'issues');
  await click(page, 'File a bug report');
  await page.waitForFunction(() => window.portalTest.view() === 'new');
  assert.equal(await typeInto(page, 'Title', TYPED), TYPED, 'the field holds what was typed');
  await click(page, 'P3 Low');
  await typeInto(page, 'Fleet server version', '4.40.0');
  await click(page, 'fleetd');
  await typeInto(page, 'Agent version', '1.20.0');
  await typeInto(page, 'Operating system', 'Windows 11 (日本語)');
  await typeInto(page, 'Web browser', 'Edge 125');
  await typeInto(page, 'Expected behavior', TYPED);
  await paste(page, 'Actual behavior', PASTED);
  await typeInto(page, 'Steps to reproduce', '1. ');
  await page.keyboard.insertText(PASTED);
  await page.waitForFunction((t) => window.portalTest.widget('Steps to reproduce')?.value === t, '1. ' + PASTED);
  await click(page, 'File report');
  await page.waitForFunction(() => window.portalTest.view() === 'issue', null, { timeout: 20000 });
  const id = Number((await page.evaluate(() => location.hash)).split('/').pop());
  const issue = await apiFromPage(page, 'GET', '/api/issues/' + id);
  assert.equal(issue.title, TYPED);
  assert.equal(issue.fields.expected, TYPED);
  assert.equal(issue.fields.actual, PASTED);
  assert.equal(issue.fields.steps, '1. ' + PASTED);
  assert.equal(issue.fields.os, 'Windows 11 (日本語)');
  assert.equal((await widget(page, 'Issue title')).value, TYPED, 'the issue page shows it as stored');

  await typeInto(page, 'Your reply', TYPED);
  await page.keyboard.press('Enter');                // a line break in the reply, not a submit
  await page.keyboard.insertText(PASTED);
  await click(page, 'Send reply');
  const replied = await waitForIssue(page, id, (i) => i.comments.length > 0);
  assert.equal(replied.comments.at(-1).body, TYPED + '\n' + PASTED);
  await page.screenshot({ path: join(SHOTS, 'unicode-issue-1280.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('undo takes back an edit, not a character, and text typed while composing arrives whole', async () => {
  const { page, context } = await openApp(browser, server.url);
  await signIn(page, 'ultimate@demo.test', 'issues');
  await click(page, 'File a bug report');
  await page.waitForFunction(() => window.portalTest.view() === 'new');
  await typeInto(page, 'Operating system', 'Ubuntu 24.04 LTS');
  await page.keyboard.press('Control+Z');
  const undone = await page.waitForFunction(() => {
    const v = window.portalTest.widget('Operating system')?.value;
    return v !== 'Ubuntu 24.04 LTS' ? { v } : null;
  });
  assert.ok((await undone.jsonValue()).v.length < 'Ubuntu 24.04 LTS'.length - 1, 'undo takes back more than a character');
  await page.keyboard.press('Control+Shift+Z');
  await page.waitForFunction(() => window.portalTest.widget('Operating system')?.value === 'Ubuntu 24.04 LTS');
  // An input method's composition: shown in the field while composing, committed once.
  const cdp = await context.newCDPSession(page);
  await click(page, 'Web browser');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Web browser');
  await cdp.send('Input.imeSetComposition', { text: 'にほん', selectionStart: 3, selectionEnd: 3 });
  assert.equal(await page.evaluate(() => document.activeElement.value), 'にほん', 'the composition shows in place');
  await cdp.send('Input.insertText', { text: '日本' });
  await page.waitForFunction(() => window.portalTest.widget('Web browser')?.value === '日本');
  await context.close();
});
