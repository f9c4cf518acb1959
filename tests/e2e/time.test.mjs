// Time fields in a real Chromium against `mnemo serve` on a real store, with the browser in India's
// time zone (UTC+05:30, no daylight saving) so that local time and UTC differ by a fraction of an
// hour: the inspector edits Occurred and Valid until in place and the store holds the exact UTC
// instants; Clear sets a time to none; an interval that ends before it starts is refused in the
// inspector and nothing is written; an edit against a version someone else changed is a conflict
// toast; quick add's When becomes the new memory's occurred_at. Screenshots in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, ARTIFACTS, sleep, until as waitUntil, addMemory, readMemory } from './harness.mjs';

let server, browser, page;
const seeded = {};
/** Uncaught errors in the page: a wait that times out says whether the app crashed meanwhile. */
const pageErrors = [];

const add = (text, extra) => addMemory(server.url, text, extra);
const memory = (id) => readMemory(server.url, id);
const until = (what, check, timeout) => waitUntil(what, check, { timeout, pageErrors });

/** The stored memory once `field` holds `instant` (compared as instants), or a failure naming both. */
async function stored(id, field, instant) {
  const want = instant === null ? null : Date.parse(instant);
  return until(`${field} to be stored as ${instant}`, async () => {
    const m = await memory(id);
    const got = m[field] === null ? null : Date.parse(m[field]);
    return got === want ? m : null;
  });
}

/** Opens a memory in the inspector through the search box, as a person would with `/`. */
async function inspect(m) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('/');
  await page.getByTestId('search-input').fill(m.title);
  await page.getByTestId('search-input').press('Enter');
  await page.locator(`[data-testid="inspector"][data-id="${m.id}"]`).waitFor();
  await page.getByTestId('time-occurred_at').scrollIntoViewIfNeeded();
}

/** The inspector's shown version of the memory. */
async function shownVersion() {
  const row = page.locator('.fields > div').filter({ has: page.locator('dt', { hasText: /^Version$/ }) });
  return Number(await row.locator('dd').innerText());
}

before(async () => {
  server = await serve(tempStore('mnemo-e2e-time-'));
  seeded.launch = await add('The Atlas launch is planned for the spring; the date is held from March', {
    title: 'Atlas launch window',
    kind: 'fact',
    valid_from: '2024-03-01T00:00:00Z',
  });
  seeded.standup = await add('The team standup moved to the small meeting room', { title: 'Standup room', kind: 'episode' });
  ({ browser, page } = await openApp(server.url, { timezoneId: 'Asia/Kolkata', locale: 'en-US' }));
  page.on('pageerror', (e) => pageErrors.push(e));
  // The browser really is in India: a January midnight there is 18:30 UTC the day before.
  assert.equal(await page.evaluate(() => new Date(2024, 0, 1).toISOString()), '2023-12-31T18:30:00.000Z');
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('Occurred is edited in place: Enter saves the exact instant, and the history shows it', async () => {
  const { launch } = seeded;
  await inspect(launch);
  const field = page.getByTestId('time-occurred_at');
  assert.equal(await field.getAttribute('data-value'), '', 'the seeded memory has no event time');
  assert.equal(await page.getByTestId('time-occurred_at-value').innerText(), 'not set');
  const version = (await memory(launch.id)).version;

  await page.getByTestId('time-occurred_at-value').click();
  const input = page.getByTestId('time-occurred_at-input');
  assert.equal(await input.evaluate((el) => el === document.activeElement), true, 'the input has the keyboard');
  await input.fill('2024-05-17T09:30');
  await input.press('Enter');

  // 09:30 in India is 04:00 UTC; only that field changed, one version on.
  const m = await stored(launch.id, 'occurred_at', '2024-05-17T04:00:00Z');
  assert.equal(m.version, version + 1);
  assert.equal(Date.parse(m.valid_from), Date.parse('2024-03-01T00:00:00Z'), 'valid_from untouched');
  assert.equal(m.valid_until, null);
  assert.equal(m.title, launch.title);

  // Shown readably in local time, and the edit is in the history, old → new.
  await page.getByTestId('time-occurred_at-value').filter({ hasText: 'May 17, 2024' }).waitFor();
  assert.match(await page.getByTestId('time-occurred_at-value').innerText(), /09:30/);
  await page.locator('[data-testid="history"] [data-field="occurred_at"]').first().waitFor();
  assert.equal(await page.getByTestId('time-occurred_at-value').evaluate((el) => el === document.activeElement), true, 'Enter returns the keyboard to the value');
});

test('Valid until is edited by keyboard and saved on leaving the field', async () => {
  const { launch } = seeded;
  const version = (await memory(launch.id)).version;
  // Enter on the focused value opens the editor, as a click does.
  await page.getByTestId('time-valid_until-value').focus();
  await page.keyboard.press('Enter');
  const input = page.getByTestId('time-valid_until-input');
  await input.waitFor();
  await input.fill('2024-06-30T18:00');
  // Leaving the field (a click on the section's heading) saves it.
  await page.locator('.fields dt', { hasText: /^Space$/ }).click();
  const m = await stored(launch.id, 'valid_until', '2024-06-30T12:30:00Z');
  assert.equal(m.version, version + 1);
  assert.equal(Date.parse(m.occurred_at), Date.parse('2024-05-17T04:00:00Z'), 'occurred_at untouched');
  await page.getByTestId('time-valid_until-value').filter({ hasText: 'Jun 30, 2024' }).waitFor();
  await page.locator('[data-testid="history"] [data-field="valid_until"]').first().waitFor();

  await page.getByTestId('time-valid_from').scrollIntoViewIfNeeded();
  // Pointed at, a time shows its clear control.
  await page.getByTestId('time-occurred_at-value').hover();
  await page.waitForTimeout(300);
  await page.locator('aside.side').screenshot({ path: join(ARTIFACTS, 'inspector-time.png') });
});

test('an interval that ends before it starts is refused in place and nothing is written', async () => {
  const { launch } = seeded;
  const before = await memory(launch.id);

  // Valid until before valid from (1 March 2024 UTC).
  await page.getByTestId('time-valid_until-value').click();
  const until = page.getByTestId('time-valid_until-input');
  await until.fill('2024-02-01T10:00');
  await until.press('Enter');
  const error = page.getByTestId('time-valid_until-error');
  await error.waitFor();
  assert.match(await error.innerText(), /^Valid until must be after valid from \(Mar 1, 2024/);
  assert.equal(await until.getAttribute('aria-invalid'), 'true');
  await page.waitForTimeout(300);
  await page.locator('aside.side').screenshot({ path: join(ARTIFACTS, 'inspector-time-error.png') });
  // Leaving the field does not send it either; the editor stays open with the reason.
  await page.locator('.fields dt', { hasText: /^Space$/ }).click();
  assert.equal(await error.isVisible(), true);
  // Esc gives the stored value back.
  await until.focus();
  await until.press('Escape');
  await until.waitFor({ state: 'detached' });
  assert.match(await page.getByTestId('time-valid_until-value').innerText(), /Jun 30, 2024/);

  // Valid from after valid until, the same way round.
  await page.getByTestId('time-valid_from-value').click();
  const from = page.getByTestId('time-valid_from-input');
  await from.fill('2024-07-01T00:00');
  await from.press('Enter');
  assert.match(await page.getByTestId('time-valid_from-error').innerText(), /^Valid from must be before valid until \(Jun 30, 2024/);
  await from.press('Escape');
  await from.waitFor({ state: 'detached' });

  const after = await memory(launch.id);
  assert.equal(after.version, before.version, 'no edit reached the store');
  assert.equal(after.valid_until, before.valid_until);
  assert.equal(after.valid_from, before.valid_from);
});

test('Clear sets a time to none, from the value and from the open editor', async () => {
  const { launch } = seeded;
  const version = (await memory(launch.id)).version;
  await page.getByTestId('time-valid_until-clear').click();
  let m = await stored(launch.id, 'valid_until', null);
  assert.equal(m.version, version + 1);
  assert.notEqual(m.occurred_at, null, 'only the cleared field changed');
  await page.getByTestId('time-valid_until-value').filter({ hasText: 'not set' }).waitFor();

  // In the editor, Clear is a click that does not first save the draft.
  await page.getByTestId('time-occurred_at-value').click();
  await page.getByTestId('time-occurred_at-input').fill('2030-01-01T00:00');
  await page.getByTestId('time-occurred_at-clear').click();
  m = await stored(launch.id, 'occurred_at', null);
  assert.equal(m.version, version + 2, 'one write: the clear, not the draft before it');
  await page.getByTestId('time-occurred_at-value').filter({ hasText: 'not set' }).waitFor();
});

test('an edit made against a version someone else changed is refused as a conflict, and the inspector reloads', async () => {
  const { standup } = seeded;
  await inspect(standup);
  await page.getByTestId('time-occurred_at-value').click();
  const input = page.getByTestId('time-occurred_at-input');
  await input.fill('2024-04-02T10:00');
  // Meanwhile another client sets the same field; the inspector sees the new version arrive.
  const theirs = await api(server.url, `/api/v1/memories/${standup.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ occurred_at: '2024-04-01T08:00:00Z' }),
  });
  await until('the inspector to show their version', async () => (await shownVersion()) === theirs.version);
  await input.press('Enter');
  await page.getByTestId('toast').filter({ hasText: /conflict/ }).first().waitFor();
  // Theirs stands, and is what the inspector shows now.
  const m = await memory(standup.id);
  assert.equal(m.version, theirs.version);
  assert.equal(Date.parse(m.occurred_at), Date.parse('2024-04-01T08:00:00Z'));
  await until('the inspector to show their time', async () => Date.parse(await page.getByTestId('time-occurred_at').getAttribute('data-value')) === Date.parse(m.occurred_at));
  assert.match(await page.getByTestId('time-occurred_at-value').innerText(), /Apr 1, 2024/);
});

test('quick add takes an event time: When becomes occurred_at, and empty means none', async () => {
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  const dialog = page.getByTestId('quick-add');
  await dialog.waitFor();
  assert.equal(await page.getByTestId('quick-add-when').count(), 0, 'the When row waits behind its toggle');
  await page.getByTestId('quick-add-text').fill('Signed the lease for the new office with Dana');
  await page.getByTestId('quick-add-when-toggle').click();
  const when = page.getByTestId('quick-add-when');
  await when.waitFor();
  assert.equal(await when.evaluate((el) => el === document.activeElement), true, 'the toggle hands the keyboard to When');
  await when.fill('2024-01-02T08:15');
  await page.waitForTimeout(200);
  await dialog.screenshot({ path: join(ARTIFACTS, 'quickadd-when.png') });
  // Enter in When adds the memory, as in any one-line field.
  await when.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  // The memory shown in the inspector, without waiting for one.
  const inspected = () => page.evaluate(() => document.querySelector('[data-testid="inspector"]')?.dataset.id ?? null);
  const id = await until('the new memory in the inspector', async () => {
    const shown = await inspected();
    return shown && shown !== seeded.standup.id ? shown : null;
  });
  const m = await memory(id);
  assert.equal(m.text, 'Signed the lease for the new office with Dana');
  assert.equal(Date.parse(m.occurred_at), Date.parse('2024-01-02T02:45:00Z'), `occurred_at ${m.occurred_at}`);
  await page.getByTestId('time-occurred_at-value').filter({ hasText: 'Jan 2, 2024' }).waitFor();

  // Opened again, the form is fresh: the When row is closed, and an opened but empty one adds none.
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await dialog.waitFor();
  assert.equal(await page.getByTestId('quick-add-when').count(), 0);
  await page.getByTestId('quick-add-text').fill('Ordered chairs for the new office');
  await page.getByTestId('quick-add-when-toggle').click();
  await page.getByTestId('quick-add-when').waitFor();
  await page.keyboard.press('Control+Enter');
  await dialog.waitFor({ state: 'detached' });
  const second = await until('the second memory in the inspector', async () => {
    const shown = await inspected();
    return shown && shown !== id ? shown : null;
  });
  const m2 = await memory(second);
  assert.equal(m2.text, 'Ordered chairs for the new office');
  assert.equal(m2.occurred_at, null);
});

test('the time editors in the dark theme', async () => {
  // A fresh page: this test stands on its own, whatever the ones before left open.
  await page.reload();
  pageErrors.length = 0;
  await page.waitForFunction(() => window.__mnemo?.ready === true, null, { timeout: 60_000 });
  await page.getByTestId('theme-toggle').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await inspect(seeded.launch);
  await page.getByTestId('time-valid_from-value').click();
  const from = page.getByTestId('time-valid_from-input');
  await from.fill('2025-01-01T00:00');
  await from.press('Enter');
  await page.getByTestId('time-valid_from-error').waitFor({ state: 'detached', timeout: 1000 }).catch(() => undefined);
  // No until now, so any from is fine: saved.
  await stored(seeded.launch.id, 'valid_from', '2024-12-31T18:30:00Z');
  await page.getByTestId('time-valid_until-value').click();
  await page.getByTestId('time-valid_until-input').fill('2024-12-01T00:00');
  await page.getByTestId('time-valid_until-input').press('Enter');
  await page.getByTestId('time-valid_until-error').waitFor();
  await page.waitForTimeout(300);
  await page.locator('aside.side').screenshot({ path: join(ARTIFACTS, 'inspector-time-dark.png') });
  await page.getByTestId('time-valid_until-input').press('Escape');

  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await page.getByTestId('quick-add').waitFor();
  await page.getByTestId('quick-add-text').fill('A memory typed in the dark');
  await page.getByTestId('quick-add-when-toggle').click();
  await page.getByTestId('quick-add-when').fill('2024-08-09T21:45');
  await page.waitForTimeout(200);
  await page.getByTestId('quick-add').screenshot({ path: join(ARTIFACTS, 'quickadd-when-dark.png') });
  // × takes the time away and hands the keyboard back to the toggle.
  await page.getByLabel('Remove the event time').click();
  await page.getByTestId('quick-add-when').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('quick-add-when-toggle').evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('Escape');
  await page.getByTestId('quick-add').waitFor({ state: 'detached' });
});
