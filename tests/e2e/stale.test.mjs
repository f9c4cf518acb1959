// The review queue's "Stale below" threshold in a real Chromium against `mnemo serve` on a real
// store: memories restored through the JSONL import with old update and access times fade as the
// engine's forgetting curve says; the Stale count at the default 10% and after raising the
// threshold to 40% (refetched once the slider rests) agrees with GET /review?stale_below; the
// choice survives a reload; the command palette opens the editor with the keyboard in it.
// Screenshots of the editor, light and dark, land in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, apiBase, ARTIFACTS, sleep, until as waitUntil } from './harness.mjs';

let server, browser, page;

const until = (what, check, timeout) => waitUntil(what, check, { timeout });

const DAY = 86_400_000;
const ago = (days) => new Date(Date.now() - days * DAY).toISOString();

/** Retention is measured from the last use or change, so old memories come in as a restore
 *  (lines with an id keep their updated_at, access count and last access). */
async function importLines(lines) {
  const { origin, token } = apiBase(server.url);
  const res = await fetch(`${origin}/api/v1/import?name=old.jsonl`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: lines.map((l) => JSON.stringify(l)).join('\n'),
  });
  const body = await res.json();
  assert.ok(res.ok, `import: ${JSON.stringify(body)}`);
  return body;
}

const staleCount = async (below) => (await api(server.url, `/api/v1/review${below === undefined ? '' : `?stale_below=${below}`}`)).counts.stale;

/** The Stale count as the queue shows it. */
const shown = async () => Number((await page.getByTestId('review-count-stale').innerText()).trim());

/** The percentages the listed stale items say they retain. */
async function retained() {
  const labels = await page.locator('[data-section="stale"] [data-testid="review-retention"]').allInnerTexts();
  return labels.map((t) => {
    const m = /(<)?([\d.]+)%/.exec(t);
    assert.ok(m, `a retention label reads as a percent: ${t}`);
    return Number(m[2]);
  });
}

async function openQueue() {
  await page.keyboard.press('q');
  await page.getByTestId('review-section-stale').waitFor();
}

before(async () => {
  server = await serve(tempStore('mnemo-e2e-stale-'));
  // Written today: not stale at any threshold the UI offers.
  for (const text of ['The team standup moved to half past nine', 'Deploys freeze on Friday afternoons']) {
    await api(server.url, '/api/v1/memories', { method: 'POST', body: JSON.stringify({ text }) });
  }
  // With the default importance (0.5) and no recalls strength is 30 days: R = e^(−days/30).
  const old = (id, days, text, extra = {}) => ({ id, text, created_at: ago(days), updated_at: ago(days), ...extra });
  await importLines([
    old('faded-150', 150, 'The old printer on the second floor needs toner type B'), // R 0.7%
    old('faded-100', 100, 'Parking passes are renewed at the front desk'), // R 3.6%
    old('faded-075', 75, 'The plant in the lobby is watered on Thursdays'), // R 8.2%
    old('fading-060', 60, 'The projector remote lives in the top drawer'), // R 13.5%
    old('fading-035', 35, 'The fire exit map was redrawn after the move'), // R 31%
    old('recent-020', 20, 'The coffee beans come from the roaster downtown'), // R 51%: never stale here
    // Importance 1 makes it 45 days strong: 90 days old keeps 13.5%.
    old('important-090', 90, 'The server room door code changes each quarter', { importance: 1 }),
    // Recalled eight times (strength 90 days), last 120 days ago: keeps 26%.
    old('recalled-200', 200, 'The wifi password for guests is on the fridge', { access_count: 8, last_accessed_at: ago(120) }),
    // Pinned memories never fade, however old.
    old('pinned-400', 400, 'The building manager is reachable on extension 12', { pinned: true }),
  ]);
  assert.equal(await staleCount(), 3, 'at the engine default (10%) three memories are stale');
  assert.equal(await staleCount(0.4), 7, 'at 40% four more are');

  ({ browser, page } = await openApp(server.url));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('at the default threshold the Stale count is the engine default, each item under it', async () => {
  await openQueue();
  const button = page.getByTestId('stale-threshold-button');
  assert.match(await button.innerText(), /below 10%/);
  await until('the Stale count to read 3', async () => (await shown()) === 3);
  const pcts = await retained();
  assert.equal(pcts.length, 3);
  for (const p of pcts) assert.ok(p < 10, `a stale item retains less than the threshold: ${p}%`);
  await page.locator('#rv-h-stale').evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(ARTIFACTS, 'review-stale-default.png') });
});

test('raising the threshold to 40% refetches once and the count follows the engine', async () => {
  await page.getByTestId('stale-threshold-button').click();
  const editor = page.getByTestId('stale-threshold');
  await editor.waitFor();
  // The keyboard is in the editor, and it says what the threshold means.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'stale-threshold-input');
  assert.match(await editor.innerText(), /keeps less than 10% of its strength.*pinned ones never fade/s);

  const fetches = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/review') fetches.push(r.url()); });
  // Dragged along with the keyboard: up to 50, back down to 40, key after key.
  await page.getByTestId('stale-threshold-range').focus();
  await page.keyboard.press('End');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByTestId('stale-threshold-range').inputValue(), '40');
  assert.equal(await page.getByTestId('stale-threshold-input').inputValue(), '40');
  assert.match(await page.getByTestId('stale-threshold-button').innerText(), /below 40%/);

  const expected = await staleCount(0.4);
  await until(`the Stale count to read ${expected}`, async () => (await shown()) === expected);
  assert.equal(expected, 7);
  // One fetch once the slider rested (a delta arriving meanwhile could add one), not one per key.
  assert.ok(fetches.length >= 1 && fetches.length <= 2, `debounced fetches: ${fetches.join(' ')}`);
  assert.ok(fetches.every((u) => new URL(u).searchParams.get('stale_below') === '0.4'), `asks for 40%: ${fetches.join(' ')}`);
  const pcts = await retained();
  assert.equal(pcts.length, expected);
  for (const p of pcts) assert.ok(p < 40, `a stale item retains less than 40%: ${p}%`);
  assert.ok(pcts.some((p) => p >= 10), `some items are stale only because of the raised threshold: ${pcts}`);
  // Pinned memories never fade, however old.
  assert.equal(await page.locator('[data-section="stale"] [data-memory="pinned-400"]').count(), 0);
  // The keyboard stayed in the editor while the queue refetched.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'stale-threshold-range');
  assert.match(await editor.innerText(), /keeps less than 40% of its strength/);

  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
  // The Stale header and its editor at the top of the panel, the items under them.
  await page.locator('#rv-h-stale').evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await sleep(1200); // new items light up briefly
  await page.screenshot({ path: join(ARTIFACTS, 'review-stale-threshold.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await sleep(300);
  await page.screenshot({ path: join(ARTIFACTS, 'review-stale-threshold-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Esc closes the editor only; the queue stays open and the keyboard goes back to the button.
  await page.keyboard.press('Escape');
  await until('the editor to close', async () => (await editor.count()) === 0);
  assert.equal(await page.getByTestId('review').count(), 1);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'stale-threshold-button');
});

test('the threshold survives a reload', async () => {
  await page.reload();
  await page.waitForFunction(() => window.__mnemo?.ready === true, null, { timeout: 60_000 });
  await openQueue();
  assert.match(await page.getByTestId('stale-threshold-button').innerText(), /below 40%/);
  await until('the Stale count to read 7 again', async () => (await shown()) === (await staleCount(0.4)));
});

test('the command palette opens the editor with the keyboard in it; typing a value applies it', async () => {
  await page.keyboard.press('q'); // close the queue: the palette opens it again
  await until('the queue to close', async () => (await page.getByTestId('review').count()) === 0);
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await until('the palette to have the keyboard', () =>
    palette.locator('input').evaluate((el) => el === document.activeElement).catch(() => false));
  await page.keyboard.type('stale threshold');
  assert.match(await palette.locator('li').first().innerText(), /Review: stale threshold…/);
  await page.keyboard.press('Enter');
  try {
    await page.getByTestId('stale-threshold').waitFor({ timeout: 10_000 });
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, 'debug-palette.png') });
    throw e;
  }
  await until('the number field to have the keyboard', () =>
    page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'stale-threshold-input'));
  // Out of range: clamped to 50% when the field is left with Enter.
  await page.keyboard.type('75');
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId('stale-threshold-input').inputValue(), '50');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('25');
  const expected = await staleCount(0.25);
  await until(`the Stale count to read ${expected} at 25%`, async () => (await shown()) === expected);
  assert.equal(expected, 5, 'at 25% the three faded ones, the 60-day-old one and the important one are stale');
  assert.equal(await page.evaluate(() => localStorage.getItem('mnemo.review.staleBelow')), '25');
});
