// Purge in a real Chromium against `mnemo serve` on a real store: forgetting that really forgets.
// A forgotten memory holding a unique word (and found once by a recall, so a trace holds it too)
// is purged from the inspector through its confirmation: its node goes, the REST API answers
// 404, the log keeps only a `purge` entry by `user`, and no file anywhere under the store holds
// the word any more. Ctrl+Z says a purge cannot be undone. The selection bar purges only the
// forgotten among the picked memories, and "Purge forgotten…" in the review queue counts by a
// dry run (none forgotten 30 days ago; both with 0 days) before purging them both.
// Screenshots, light and dark, land in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, apiBase, ARTIFACTS, sleep, until as waitUntil, addMemory, readMemory, clickNode } from './harness.mjs';

let server, browser, page, store;
const pageErrors = [];
const until = (what, check, timeout) => waitUntil(what, check, { timeout, pageErrors });
const stamp = Date.now().toString(36);
const token = `kestrel-${stamp}`;
const seeded = {};

const toast = (text) => page.getByTestId('toast').filter({ hasText: text }).first();
const forget = (id) => api(server.url, `/api/v1/memories/${id}/forget`, { method: 'POST', body: '{}' });
const onGraph = (id) => page.evaluate((id) => window.__mnemo.graph.hasNode(id), id);

/** The HTTP status of reading a memory (the harness's `api` throws on anything but 2xx). */
async function memoryStatus(id) {
  const { origin, token: bearer } = apiBase(server.url);
  const res = await fetch(`${origin}/api/v1/memories/${id}`, { headers: { authorization: `Bearer ${bearer}` } });
  return res.status;
}

/** Every file under `dir` whose bytes contain `needle`. */
function filesHolding(dir, needle) {
  const bytes = Buffer.from(needle);
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...filesHolding(path, needle));
    else if (st.isFile() && readFileSync(path).includes(bytes)) out.push(path);
  }
  return out;
}

async function resetCamera() {
  await page.evaluate(() => {
    const s = window.__mnemo.sigma;
    s.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    s.refresh();
  });
}

/** Light, then dark (the theme follows the system's), of the page or of one element. */
async function shots(name, target = page) {
  await sleep(250);
  await target.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  // Buttons ease into the new theme's colours: wait them out, or they show half way.
  await sleep(800);
  await target.screenshot({ path: join(ARTIFACTS, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

before(async () => {
  store = tempStore('mnemo-e2e-purge-');
  server = await serve(store);
  for (const text of ['The falconry club meets on Saturdays at the old airfield', 'Hawk watch count this spring: 41 kestrels over the ridge', 'Bring binoculars and the field guide to the ridge walk']) {
    await addMemory(server.url, text, { session: 'birding' });
  }
  // The memory to purge: a unique word, a link to an entity (links go with it), and a recall that
  // finds it (so a stored trace holds its words too).
  seeded.kestrel = await addMemory(server.url, `The ${token} pair nests behind the [[Water Tower]] clock`, { session: 'birding', title: `Kestrel nest ${token}` });
  const found = await api(server.url, '/api/v1/recall', { method: 'POST', body: JSON.stringify({ query: { text: `${token} nest`, limit: 5 } }) });
  assert.ok(found.results.some((r) => r.memory.id === seeded.kestrel.id), 'the recall finds it, so a trace holds it');
  await forget(seeded.kestrel.id);
  // For the selection bar: a forgotten one picked with an active one.
  seeded.owl = await addMemory(server.url, 'Barn owl pellets found under the hay loft', { session: 'birding' });
  await forget(seeded.owl.id);
  seeded.loft = await addMemory(server.url, 'The hay loft ladder needs a new rung', { session: 'birding' });
  ({ browser, page } = await openApp(server.url));
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
  assert.ok(filesHolding(store, token).length > 0, 'before the purge, the store’s files hold the word');
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the inspector purges a forgotten memory for good, after saying what goes', async () => {
  const id = seeded.kestrel.id;
  await clickNode(page, id);
  const inspector = page.getByTestId('inspector');
  await until('the inspector to show the forgotten memory', async () => (await inspector.getAttribute('data-id')) === id);
  const open = page.getByTestId('purge-open');
  await open.waitFor();
  assert.match(await open.getAttribute('class'), /danger/, 'Purge… is styled as destructive');

  // Esc cancels: nothing is purged.
  await open.click();
  const dialog = page.getByTestId('purge-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').innerText(), `Purge “Kestrel nest ${token}” for good?`);
  assert.equal(
    await dialog.getByTestId('purge-consequence').innerText(),
    'Purging erases its text, links, history and any trace that found it from disk. This cannot be undone.',
  );
  assert.equal((await dialog.getByTestId('purge-confirm').innerText()).trim(), 'Purge for good');
  await until('the keyboard to start on Cancel', () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'purge-cancel'));
  await shots('purge-confirm', page);
  await page.keyboard.press('Escape');
  await until('the dialog to close', async () => (await dialog.count()) === 0);
  assert.equal(await memoryStatus(id), 200, 'cancelled: the memory is still there');
  assert.equal(await inspector.getAttribute('data-id'), id, 'Esc closed the dialog only');

  await open.click();
  await dialog.getByTestId('purge-confirm').click();
  const done = toast(`Purged “Kestrel nest ${token}”`);
  await done.waitFor({ timeout: 60_000 });
  assert.equal(await done.getByRole('button').filter({ hasText: 'Undo' }).count(), 0, 'a purge offers no Undo');
  await until('the dialog to close', async () => (await dialog.count()) === 0);
  await until('the inspector to clear', async () => (await inspector.getAttribute('data-id')) === null);
  await until('the node to leave the graph', async () => !(await onGraph(id)));

  assert.equal(await memoryStatus(id), 404);
  const ops = await api(server.url, `/api/v1/operations?target=${id}&limit=100`);
  const purge = ops.filter((o) => o.kind === 'purge');
  assert.equal(purge.length, 1, JSON.stringify(ops));
  assert.equal(purge[0].actor, 'user');
  assert.ok(JSON.stringify(ops).indexOf(token) === -1, 'no log entry about it keeps its words');
  assert.deepEqual(filesHolding(store, token), [], 'no file under the store holds the word');
});

test('Ctrl+Z after a purge says it cannot be undone, and the activity feed names what the purge left', async () => {
  await page.mouse.move(5, 200);
  await page.keyboard.press('Control+z');
  await toast('A purge cannot be undone').waitFor();
  assert.equal(await toast('A purge cannot be undone').getByRole('button').filter({ hasText: /anyway/ }).count(), 0);

  await page.getByRole('button', { name: 'Activity', exact: true }).first().click();
  const feed = page.getByTestId('activity');
  await feed.waitFor();
  const purged = feed.getByTestId('activity-item').filter({ has: page.locator('.op-purge') });
  await until('the purge to head its action in the feed', async () => (await purged.count()) === 1);
  assert.equal(await purged.getAttribute('data-actor'), 'user');
  assert.match(await purged.innerText(), /erased for good/);
  assert.equal(await purged.getByTestId('activity-undo').count(), 0, 'no Undo on a purge');
  const redacted = feed.getByTestId('activity-item').filter({ has: page.getByTestId('redacted-mark') });
  assert.ok((await redacted.count()) >= 2, 'the add and the forget of it are redacted');
  assert.equal(await redacted.getByTestId('activity-undo').count(), 0, 'no Undo on what a purge redacted');
  assert.doesNotMatch(await feed.innerText(), new RegExp(token));
  await shots('purge-activity', page.locator('aside.side'));
});

test('the selection bar purges only the forgotten among the picked memories', async () => {
  await resetCamera();
  await clickNode(page, seeded.owl.id, { shift: true });
  await clickNode(page, seeded.loft.id, { shift: true });
  const bar = page.getByTestId('selection-bar');
  await until('both to be picked', async () => ((await bar.getAttribute('data-ids').catch(() => '')) ?? '').split(' ').length === 2);
  const purge = bar.getByTestId('bulk-purge');
  assert.equal((await purge.innerText()).trim(), 'Purge 1…');
  await resetCamera();
  await shots('purge-selection', bar);
  await purge.click();
  const dialog = page.getByTestId('purge-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').innerText(), 'Purge “Barn owl pellets found under the hay loft” for good?');
  assert.match(await dialog.innerText(), /The other 1 selected is not forgotten and stays as it is/);
  await dialog.getByTestId('purge-confirm').click();
  await toast('Purged “Barn owl pellets').waitFor({ timeout: 60_000 });
  await until('the owl to leave the graph', async () => !(await onGraph(seeded.owl.id)));
  assert.equal(await memoryStatus(seeded.owl.id), 404);
  assert.equal((await readMemory(server.url, seeded.loft.id)).status, 'active', 'the active one stays');
  await until('the purged one to leave the selection', async () => (await bar.getAttribute('data-ids')) === seeded.loft.id);
  assert.equal(await bar.getByTestId('bulk-purge').count(), 0, 'nothing forgotten is left picked');
  await page.keyboard.press('Escape');
});

test('Purge forgotten… counts by a dry run, then purges every memory forgotten before then', async () => {
  const a = await addMemory(server.url, `Merlin sighting near the quarry ${stamp}`, { session: 'birding' });
  const b = await addMemory(server.url, `Peregrine on the cathedral spire ${stamp}`, { session: 'birding' });
  await forget(a.id);
  await forget(b.id);
  await until('both to be forgotten on the graph', () =>
    page.evaluate((ids) => ids.every((id) => window.__mnemo.graph.hasNode(id)), [a.id, b.id]));

  await page.getByTestId('review-open').click();
  const open = page.getByTestId('purge-forgotten-open');
  await until('the queue’s Purge forgotten… to be on', async () => !(await open.isDisabled()));
  await open.click();
  const dialog = page.getByTestId('purge-forgotten-dialog');
  await dialog.waitFor();
  const days = dialog.getByTestId('purge-days');
  const count = dialog.getByTestId('purge-count');
  assert.equal(await days.inputValue(), '30');
  await until('the dry run for 30 days', async () => (await count.getAttribute('data-count')) === '0');
  assert.match(await count.innerText(), /No memory was forgotten more than 30 days ago/);
  assert.ok(await dialog.getByTestId('purge-confirm').isDisabled(), 'nothing to purge: the button is off');

  await days.fill('0');
  await until('the dry run for 0 days to count 2', async () => (await count.getAttribute('data-count')) === '2');
  assert.equal(await count.innerText(), 'All 2 forgotten memories would be purged:');
  const listed = await dialog.getByTestId('purge-list').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  assert.deepEqual(listed.sort(), [a.id, b.id].sort());
  assert.equal((await dialog.getByTestId('purge-confirm').innerText()).trim(), 'Purge 2 for good');
  await shots('purge-forgotten', page);
  assert.equal(await memoryStatus(a.id), 200, 'a dry run purges nothing');

  await dialog.getByTestId('purge-confirm').click();
  await toast('Purged 2 memories').waitFor({ timeout: 60_000 });
  await until('the dialog to close', async () => (await dialog.count()) === 0);
  await until('both nodes to leave the graph', async () => !(await onGraph(a.id)) && !(await onGraph(b.id)));
  assert.equal(await memoryStatus(a.id), 404);
  assert.equal(await memoryStatus(b.id), 404);
  assert.equal((await readMemory(server.url, seeded.loft.id)).status, 'active');
  await until('the button to go off: nothing is forgotten', () => open.isDisabled());
  assert.deepEqual(filesHolding(store, stamp), [], 'no file holds the words of anything purged');
  assert.deepEqual(pageErrors, []);
});
