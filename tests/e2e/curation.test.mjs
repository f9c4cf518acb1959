// Curation in a real Chromium against `mnemo serve` on a real store: the review queue lists the
// duplicates and automatic links of a seeded store and is triaged by keyboard (merge, keep both,
// confirm, reject) with its counts falling; two memories picked on the graph merge through the
// preview and Ctrl+Z brings them back; a duplicate written by another client joins the queue
// live. Screenshots of the queue, the merge preview and the history land in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, apiBase, ARTIFACTS, sleep, until as waitUntil, addMemory, readMemory, clickNode as clickNodeOn } from './harness.mjs';

let server, browser, page;

const add = (text, extra) => addMemory(server.url, text, extra);
const memory = (id) => readMemory(server.url, id);
const until = (what, check, timeout) => waitUntil(what, check, { timeout });
const clickNode = (id, opts = {}) => clickNodeOn(page, id, opts);
const seeded = {};

const queue = () => api(server.url, '/api/v1/review');

/** A section's count as the queue shows it. */
async function shown(section) {
  const text = await page.getByTestId(`review-count-${section}`).innerText();
  return Number(text.trim());
}

/** Waits until the queue's count of a section agrees with the engine's (it refetches after a
 *  burst of changes settles), and returns it. */
async function settled(section) {
  const seen = await until(`the ${section} count to agree with the engine`, async () => {
    const n = await shown(section);
    return n === (await queue()).counts[section] ? { n } : null;
  });
  return seen.n;
}

/** Waits until the queue shows `n` in a section and the engine agrees. */
async function countIs(section, n) {
  await until(`the ${section} count to read ${n}`, async () => (await shown(section)) === n && (await queue()).counts[section] === n);
}

/** The item that has the keyboard focus in the queue. */
async function focused() {
  const item = page.locator('[data-testid="review-item"][data-focused="true"]');
  await item.waitFor();
  return { key: await item.getAttribute('data-key'), section: await item.getAttribute('data-section') };
}

before(async () => {
  server = await serve(tempStore('mnemo-e2e-curation-'));
  // Three pairs of near-duplicates (two written again with a stop or a bang added, one word for
  // word), each naming a person mid-sentence so that the linker adds automatic name links.
  seeded.tea = await add('In the afternoon Priya prefers green tea with honey');
  seeded.tea2 = await add('In the afternoon Priya prefers green tea with honey.', { source: 'agent:e2e' });
  seeded.coffee = await add('Every morning Tom drinks black coffee without sugar');
  seeded.coffee2 = await add('Every morning Tom drinks black coffee without sugar!', { source: 'agent:e2e' });
  seeded.plants = await add('Each week Lina waters the office plants and the ferns');
  seeded.plants2 = await add('Each week Lina waters the office plants and the ferns', { source: 'agent:e2e' });
  // Two memories that say different things, merged later by picking them on the graph.
  seeded.checklist = await add('The launch checklist for Atlas lives in the team wiki', { title: 'Launch checklist' });
  seeded.rollback = await add('The rollback plan covers the database and the search index', { title: 'Rollback plan' });
  // One that another client duplicates while the queue is open.
  seeded.descale = await add('The coffee machine on the third floor is descaled every Monday');
  const q = await queue();
  assert.ok(q.counts.duplicates >= 2, `the seeded near-duplicates are flagged: ${JSON.stringify(q.duplicates)}`);
  assert.ok(q.counts.links >= 4, `the seeded names are linked automatically: ${JSON.stringify(q.counts)}`);

  ({ browser, page } = await openApp(server.url));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the review queue opens with Q and shows each section with its count', async () => {
  await page.keyboard.press('q');
  await page.getByTestId('review').waitFor();
  const q = await queue();
  for (const section of ['duplicates', 'links', 'contradictions', 'orphans', 'stale']) {
    await until(`the ${section} count`, async () => (await shown(section)) === q.counts[section]);
  }
  // Every flagged group is listed, members and reason included.
  const dupItems = page.locator('[data-testid="review-item"][data-section="duplicates"]');
  assert.equal(await dupItems.count(), Math.min(q.duplicates.length, 40));
  assert.match(await dupItems.first().innerText(), /nearly the same|name/);
  // An empty section says so in words, not with a blank.
  if (q.counts.contradictions === 0) {
    assert.match(await page.getByTestId('review-section-contradictions').innerText(), /No statements contradict/);
  }
  // The keyboard starts on the first item, and the hints show the keys.
  assert.equal((await focused()).section, 'duplicates');
  assert.match(await page.locator('.rv-hints').innerText(), /merge/);
  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'curation-queue.png') });
});

test('keyboard triage: merge a duplicate, keep both, confirm a link, reject one; the counts fall', async () => {
  const dups = await settled('duplicates');

  // m: the merge dialog opens on the focused group, with the engine's preview.
  const group = await focused();
  assert.equal(group.section, 'duplicates');
  await page.keyboard.press('m');
  await page.getByTestId('merge-dialog').waitFor();
  await page.getByTestId('merge-preview-survivor').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="merge-confirm"]')?.disabled);
  assert.match(await page.getByTestId('merge-edges-moved').innerText(), /^\d+ links? moves? to the survivor/);
  assert.match(await page.getByTestId('merge-edges-dropped').innerText(), /^\d+ links? (is|are) dropped/);
  await page.screenshot({ path: join(ARTIFACTS, 'curation-merge-preview.png') });
  const survivor = await page.getByTestId('merge-preview-survivor').getAttribute('data-id');
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('merge-dialog').waitFor({ state: 'detached' });
  await countIs('duplicates', dups - 1);
  const absorbed = group.key.slice('dup:'.length).split(',').filter((id) => id !== survivor);
  for (const id of absorbed) {
    const m = await memory(id);
    assert.equal(m.status, 'merged');
    assert.equal(m.merged_into, survivor);
  }
  assert.deepEqual((await memory(survivor)).merged_from.slice().sort(), absorbed.slice().sort());

  // The next group took the focus: b keeps both.
  const next = await focused();
  assert.equal(next.section, 'duplicates', 'focus passed to the next duplicate group');
  assert.notEqual(next.key, group.key);
  await page.keyboard.press('b');
  await countIs('duplicates', dups - 2);
  for (const id of next.key.slice('dup:'.length).split(',')) assert.equal((await memory(id)).status, 'active', 'kept, not merged');

  // j walks down to the links.
  for (let i = 0; i < 50 && (await focused()).section !== 'links'; i++) await page.keyboard.press('j');
  const link = await focused();
  assert.equal(link.section, 'links');
  const links = await settled('links');

  // c confirms the focused link; x rejects (removes) the next one.
  await page.keyboard.press('c');
  await countIs('links', links - 1);
  const edgeId = link.key.slice('link:'.length);
  const confirmed = await api(server.url, `/api/v1/edges/${edgeId}`);
  assert.equal(confirmed.confirmed, true);
  const rejected = await focused();
  assert.equal(rejected.section, 'links', 'focus passed to the next link');
  await page.keyboard.press('x');
  await countIs('links', links - 2);
  const { origin, token } = apiBase(server.url);
  const gone = await fetch(`${origin}/api/v1/edges/${rejected.key.slice('link:'.length)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  assert.equal(gone.status, 404, 'the rejected link is removed');
  await page.screenshot({ path: join(ARTIFACTS, 'curation-queue-triaged.png') });
});

test('two memories picked on the graph merge through the preview, and Ctrl+Z brings them back', async () => {
  const { checklist: a, rollback: b } = seeded;
  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
  await clickNode(a.id);
  await page.locator(`[data-testid="inspector"][data-id="${a.id}"]`).waitFor();
  await clickNode(b.id, { shift: true });
  await page.getByTestId('selection-bar').waitFor();
  assert.equal(await page.getByTestId('selection-count').innerText(), '2 selected');
  await page.evaluate(() => window.__mnemo.sigma.getCamera().animatedReset({ duration: 0 }));

  await page.getByTestId('merge-selected').click();
  await page.getByTestId('merge-dialog').waitFor();
  await page.locator(`[data-testid="merge-survivor"][value="${a.id}"]`).check();
  await page.getByTestId('merge-text-combined').check();
  const combined = await page.getByTestId('merge-text').inputValue();
  assert.equal(combined, `${a.text}\n\n${b.text}`, 'the texts joined with a blank line, the survivor first');
  // The preview is the engine's: the survivor keeps its id and takes the combined text.
  await until('the preview of the combined text', async () => {
    const card = page.getByTestId('merge-preview-survivor');
    return (await card.getAttribute('data-id')) === a.id && (await card.innerText()).includes(b.text);
  });
  await page.screenshot({ path: join(ARTIFACTS, 'curation-merge-graph.png') });
  await page.getByTestId('merge-confirm').click();
  await page.getByTestId('merge-dialog').waitFor({ state: 'detached' });

  await until('the merge to be stored', async () => (await memory(b.id)).status === 'merged');
  const merged = await memory(a.id);
  assert.equal(merged.text, `${a.text}\n\n${b.text}`);
  assert.deepEqual(merged.merged_from, [b.id]);
  await page.waitForFunction((id) => window.__mnemo.graph.getNodeAttribute(id, 'inactive') === true, b.id);
  assert.equal(await page.getByTestId('selection-bar').count(), 0, 'the selection is cleared');

  // Ctrl+Z undoes the person's last action: the merge.
  await page.keyboard.press('Control+z');
  await page.getByTestId('toast').filter({ hasText: /Undone: the merge/ }).first().waitFor({ timeout: 20_000 });
  await until('the merge to be undone', async () => (await memory(b.id)).status === 'active');
  const restored = await memory(a.id);
  assert.equal(restored.text, a.text);
  assert.deepEqual(restored.merged_from ?? [], []);
  await page.waitForFunction((id) => window.__mnemo.graph.getNodeAttribute(id, 'inactive') === false, b.id);

  // The survivor's history shows the merge field by field (old → new) and the undo, each undoable.
  await page.locator('nav.tabs').getByRole('button', { name: 'Memory' }).click();
  await page.locator(`[data-testid="inspector"][data-id="${a.id}"]`).waitFor();
  const mergeEntry = page.locator('[data-testid="history-item"][data-kind="merge"]');
  await mergeEntry.first().waitFor({ timeout: 20_000 });
  assert.ok((await mergeEntry.first().locator('.hchange').count()) >= 1, 'the merge lists the fields it changed');
  assert.match(await mergeEntry.first().innerText(), /text/);
  assert.ok((await page.locator('[data-testid="history-item"] button').count()) >= 2, 'every entry has its undo or redo');
  await page.getByTestId('history').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'curation-history.png') });
});

test('a duplicate written by another client joins the queue live', async () => {
  await page.getByTestId('review-open').click();
  await page.getByTestId('review').waitFor();
  const before = await settled('duplicates');
  // Word for word, as an agent that forgot it had written this already would.
  const copy = await add('The coffee machine on the third floor is descaled every Monday', { source: 'agent:other-client' });
  await countIs('duplicates', before + 1);
  const item = page.locator('[data-testid="review-item"][data-section="duplicates"]', { hasText: 'descaled every Monday' });
  await item.first().waitFor({ timeout: 20_000 });
  const key = await item.first().getAttribute('data-key');
  assert.ok(key.includes(copy.id) && key.includes(seeded.descale.id), `the new pair is one item: ${key}`);
  await page.screenshot({ path: join(ARTIFACTS, 'curation-live.png') });
});
