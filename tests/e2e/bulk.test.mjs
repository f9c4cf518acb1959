// Multi-select and bulk actions in a real Chromium against `mnemo serve` on a real store: a
// lasso drawn with the mouse (Shift held) picks exactly the memories inside it without moving
// the camera; the selection bar archives them in one action and Ctrl+Z brings them all back;
// the Tag panel adds and removes tags on two shift-clicked memories; the Move panel moves one
// to a new space, and a move the engine refuses says why; the review queue's "Select all"
// hands its orphans to the bar. Screenshots land in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, ARTIFACTS, sleep, until as waitUntil, addMemory, readMemory, clickNode as clickNodeOn } from './harness.mjs';

let server, browser, page;

const add = (text, extra) => addMemory(server.url, text, extra);
const memory = (id) => readMemory(server.url, id);
const until = (what, check, timeout) => waitUntil(what, check, { timeout });
const clickNode = (id, opts = {}) => clickNodeOn(page, id, opts);
const seeded = {};

/** The ids the selection bar acts on, or [] when it is gone. */
async function selected() {
  const bar = page.getByTestId('selection-bar');
  if ((await bar.count()) === 0) return [];
  return ((await bar.getAttribute('data-ids')) ?? '').split(' ').filter(Boolean);
}

const toast = (text) => page.getByTestId('toast').filter({ hasText: text }).first();

async function resetCamera() {
  await page.evaluate(() => {
    const s = window.__mnemo.sigma;
    s.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    s.refresh();
  });
}

/** Shift-clicks memories one after another; each must join the selection. */
async function pick(...ids) {
  for (const id of ids) {
    await clickNode(id, { shift: true });
    await until(`${id} to join the selection`, async () => (await selected()).includes(id), 5_000);
  }
  await resetCamera();
}

/** Fails if a toast covers any part of the element (the bar, a panel of it). */
async function noToastCovers(testId) {
  await sleep(300);
  const el = await page.getByTestId(testId).boundingBox();
  assert.ok(el, `${testId} is showing`);
  for (const box of await page.getByTestId('toast').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
    const apart = box.x >= el.x + el.width || box.x + box.width <= el.x || box.y >= el.y + el.height || box.y + box.height <= el.y;
    assert.ok(apart, `a toast ${JSON.stringify(box)} covers ${testId} ${JSON.stringify(el)}`);
  }
}

const camera = () => page.evaluate(() => window.__mnemo.sigma.getCamera().getState());

/** Even-odd ray casting, written here again so that the app's own is checked, not trusted. */
function inside(p, poly) {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [a, b] = [poly[i], poly[j]];
    if ((a.y > p.y) !== (b.y > p.y) && p.x < a.x + ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y)) c = !c;
  }
  return c;
}

before(async () => {
  server = await serve(tempStore('mnemo-e2e-bulk-'));
  // One session of four episodes (joined by `next` links, so the layout keeps them together).
  seeded.atlas = [];
  for (const [i, text] of [
    'Kick-off for the Atlas launch: scope, owners and the date',
    'Atlas launch review: the search index needs another week',
    'Atlas launch moved to the 14th after the index review',
    'Atlas launch retrospective: what the delay taught us',
  ].entries()) {
    seeded.atlas.push(await add(text, { session: 'atlas-launch', occurred_at: `2025-03-0${i + 1}T10:00:00Z` }));
  }
  // Two drafts with tags of their own, tagged and untagged later.
  seeded.draftA = await add('Draft agenda for the quarterly planning offsite', { kind: 'note', tags: ['draft', 'planning'] });
  seeded.draftB = await add('Draft budget for the design team next year', { kind: 'note', tags: ['draft'] });
  // One to move to a new space.
  seeded.trip = await add('Book the train to Lyon for the March customer visit', { kind: 'note' });
  // Priya is an entity in two spaces: the default one's cannot move where another Priya is.
  seeded.priyaWork = await add('Priya owns the vendor contracts', { space: 'work', entities: ['Priya'] });
  seeded.priyaHome = await add('Priya recommended the bakery on Rue Cler', { entities: ['Priya'] });
  // Unrelated memories: orphans for the review queue.
  seeded.orphans = [];
  for (const text of ['Wi-Fi password of the cabin is on the fridge', 'Bike tyre pressure: 4.5 bar front, 5 bar back', 'The oak bonsai needs repotting in spring']) {
    seeded.orphans.push(await add(text, { kind: 'note' }));
  }
  ({ browser, page } = await openApp(server.url));
  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
  const entity = await until('the default space’s Priya entity', async () => {
    const snap = await api(server.url, '/api/v1/snapshot');
    return snap.memories.find((m) => m.kind === 'entity' && m.title === 'Priya' && m.space === 'default');
  });
  seeded.priyaEntity = entity;
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a lasso drawn with Shift held picks exactly the memories inside it, and the camera stays', async () => {
  const ids = seeded.atlas.slice(0, 3).map((m) => m.id);
  // Frame the three episodes so that they span about 260 px, and find where they are on screen.
  const frame = await page.evaluate((ids) => {
    const s = window.__mnemo.sigma;
    const ds = ids.map((id) => s.getNodeDisplayData(id));
    const xs = ds.map((d) => d.x), ys = ds.map((d) => d.y);
    const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 0.01);
    const { height } = s.getDimensions();
    s.getCamera().setState({ x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2, ratio: Math.max(0.02, (span * height) / 260) });
    s.refresh();
    const r = s.getContainer().getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  }, ids);
  await sleep(200);
  const drawn = await page.evaluate(() => {
    const s = window.__mnemo.sigma;
    return s.getGraph().nodes().flatMap((id) => {
      const d = s.getNodeDisplayData(id);
      return d && !d.hidden ? [{ id, ...s.framedGraphToViewport(d) }] : [];
    });
  });
  const at = Object.fromEntries(drawn.map((n) => [n.id, n]));
  for (const id of ids) assert.ok(at[id], `episode ${id} is drawn`);
  // An ellipse around the three, 40 px clear of them, as the mouse will draw it (viewport px).
  const xs = ids.map((id) => at[id].x), ys = ids.map((id) => at[id].y);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const rx = (Math.max(...xs) - Math.min(...xs)) / 2 + 40, ry = (Math.max(...ys) - Math.min(...ys)) / 2 + 40;
  const outline = Array.from({ length: 49 }, (_, i) => {
    const t = (i / 48) * 2 * Math.PI;
    return { x: cx + rx * Math.cos(t), y: cy + ry * Math.sin(t) };
  });
  assert.ok(outline.every((p) => p.x > 0 && p.y > 0 && p.x < frame.width && p.y < frame.height), 'the lasso fits on the stage');
  // Nodes within a few pixels of the outline may fall either way (the mouse's path is sampled):
  // judge only those clearly inside or clearly outside.
  const ratio = (n) => ((n.x - cx) / rx) ** 2 + ((n.y - cy) / ry) ** 2;
  const surelyIn = drawn.filter((n) => ratio(n) < 0.85 && inside(n, outline)).map((n) => n.id);
  const surelyOut = drawn.filter((n) => ratio(n) > 1.2 && !inside(n, outline)).map((n) => n.id);
  for (const id of ids) assert.ok(surelyIn.includes(id), 'each episode is well inside the lasso');
  assert.ok(surelyOut.length > 0, 'some memories are left outside the lasso');

  const before = await camera();
  await page.keyboard.down('Shift');
  await page.mouse.move(frame.left + outline[0].x, frame.top + outline[0].y);
  await page.mouse.down();
  for (const [i, p] of outline.entries()) {
    await page.mouse.move(frame.left + p.x, frame.top + p.y, { steps: 2 });
    if (i === 36) {
      assert.equal(await page.getByTestId('lasso').isVisible(), true, 'the outline shows while drawing');
      await page.screenshot({ path: join(ARTIFACTS, 'bulk-lasso.png') });
    }
  }
  await page.mouse.up();
  await page.keyboard.up('Shift');
  assert.equal(await page.getByTestId('lasso').isVisible(), false, 'the outline goes on release');
  assert.deepEqual(await camera(), before, 'the camera did not pan during the lasso');

  await page.getByTestId('selection-bar').waitFor();
  const picked = await selected();
  for (const id of surelyIn) assert.ok(picked.includes(id), `${id} inside the lasso is picked`);
  for (const id of surelyOut) assert.ok(!picked.includes(id), `${id} outside the lasso is not picked`);
  assert.equal(await page.getByTestId('selection-count').innerText(), `${picked.length} selected`);
  seeded.lassoed = picked;
  await page.screenshot({ path: join(ARTIFACTS, 'bulk-selection.png') });
});

test('Archive acts on the whole selection in one action; Ctrl+Z brings every memory back', async () => {
  const picked = seeded.lassoed;
  assert.ok(picked.length >= 3);
  await page.getByTestId('bulk-archive').click();
  await toast(`Archived ${picked.length} memories`).waitFor({ timeout: 20_000 });
  for (const id of picked) assert.equal((await memory(id)).status, 'archived', `${id} is archived`);
  // Archived memories leave the selection, and with all of them gone, the bar.
  await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
  await page.screenshot({ path: join(ARTIFACTS, 'bulk-archived.png') });

  await page.keyboard.press('Control+z');
  await toast(new RegExp(`Undone: the archive of “.+” and ${picked.length - 1} more`)).waitFor({ timeout: 20_000 });
  await until('every archived memory to be active again', async () => {
    const ms = await Promise.all(picked.map(memory));
    return ms.every((m) => m.status === 'active');
  });
});

test('Restore and Pin act on a mixed selection', async () => {
  await resetCamera();
  const [a, b] = seeded.orphans;
  await api(server.url, `/api/v1/memories/${a.id}/status`, { method: 'POST', body: JSON.stringify({ status: 'archived' }) });
  await page.waitForFunction((id) => window.__mnemo.graph.getNodeAttribute(id, 'inactive') === true, a.id);
  await pick(a.id, b.id);
  assert.deepEqual(await selected(), [a.id, b.id]);
  // One of the two is archived: Restore is offered, and restores it.
  await page.getByTestId('bulk-restore').click();
  await toast('Restored 1 memory').waitFor();
  assert.match(await toast('Restored 1 memory').innerText(), /1 was active already/);
  assert.equal((await memory(a.id)).status, 'active');
  await page.getByTestId('bulk-restore').waitFor({ state: 'detached' });
  await page.getByTestId('bulk-pin').click();
  await toast('Pinned 2 memories').waitFor();
  assert.deepEqual([(await memory(a.id)).pinned, (await memory(b.id)).pinned], [true, true]);
  // All pinned: the same button unpins.
  await until('the bar to offer Unpin', async () => (await page.getByTestId('bulk-pin').innerText()) === 'Unpin');
  await page.getByTestId('bulk-pin').click();
  await toast('Unpinned 2 memories').waitFor();
  assert.deepEqual([(await memory(a.id)).pinned, (await memory(b.id)).pinned], [false, false]);
  await page.keyboard.press('Escape');
  await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
});

test('the Tag panel adds tags to two memories and takes one off; Esc closes it, then clears', async () => {
  await resetCamera();
  const { draftA, draftB } = seeded;
  await pick(draftA.id, draftB.id);
  assert.deepEqual(await selected(), [draftA.id, draftB.id]);

  // Esc closes the panel and keeps the selection.
  await page.getByTestId('bulk-tag').click();
  await page.getByTestId('tag-popover').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('tag-popover').waitFor({ state: 'detached' });
  assert.equal((await selected()).length, 2, 'Esc in the panel keeps the selection');

  await page.getByTestId('bulk-tag').click();
  await page.getByTestId('tag-popover').waitFor();
  // The selection's tags are offered for removal, the shared one first.
  const chips = await page.getByTestId('tag-remove-chip').evaluateAll((els) => els.map((e) => e.dataset.tag));
  assert.deepEqual(chips, ['draft', 'planning']);
  assert.equal(await page.getByTestId('tag-input').evaluate((e) => e === document.activeElement), true, 'the input has the keyboard');
  await page.keyboard.type('#Launch, q3');
  // Typing keys in the field does not reach the app's shortcuts (n would open Quick add).
  assert.equal(await page.locator('[data-testid="quick-add"]').count(), 0);
  await page.locator('[data-testid="tag-remove-chip"][data-tag="draft"]').click();
  assert.equal(await page.locator('[data-testid="tag-remove-chip"][data-tag="draft"]').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('tag-input').focus();
  await page.screenshot({ path: join(ARTIFACTS, 'bulk-tag.png') });
  await page.keyboard.press('Enter');
  await toast('Retagged 2 memories').waitFor();
  await page.getByTestId('tag-popover').waitFor({ state: 'detached' });
  assert.deepEqual((await memory(draftA.id)).tags.slice().sort(), ['launch', 'planning', 'q3']);
  assert.deepEqual((await memory(draftB.id)).tags.slice().sort(), ['launch', 'q3']);
  // The selection stays for the next action; the app's Esc clears it.
  assert.equal((await selected()).length, 2);
  await page.keyboard.press('Escape');
  await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
});

test('the Move panel moves a memory to a new space; a move the engine refuses says why', async () => {
  await resetCamera();
  const { trip, priyaEntity } = seeded;
  await pick(trip.id);
  assert.deepEqual(await selected(), [trip.id]);
  await page.getByTestId('bulk-move').click();
  await page.getByTestId('move-popover').waitFor();
  // The spaces there are, the one it is in marked.
  const offered = await page.getByTestId('move-option').evaluateAll((els) => els.map((e) => e.dataset.space));
  assert.deepEqual(offered, ['default', 'work']);
  assert.equal(await page.locator('[data-testid="move-option"][data-space="default"]').isDisabled(), true);
  await page.keyboard.type('trips');
  await page.locator('[data-testid="move-option"][data-space="trips"]').waitFor();
  assert.match(await page.locator('[data-testid="move-option"][data-space="trips"]').innerText(), /New space/i);
  await page.screenshot({ path: join(ARTIFACTS, 'bulk-move.png') });
  await page.keyboard.press('Enter');
  await toast('Moved 1 memory to “trips”').waitFor();
  assert.equal((await memory(trip.id)).space, 'trips');
  // The new space joins the space switcher's list (Esc closes the list alone).
  await page.getByTestId('space-switcher').click();
  await page.locator('[data-testid="space-menu"] [data-testid="space-option"][data-space="trips"]').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('space-menu').waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
  await page.getByTestId('selection-bar').waitFor({ state: 'detached' });

  // "work" has its own Priya: the default space's entity cannot join it.
  await pick(priyaEntity.id);
  assert.deepEqual(await selected(), [priyaEntity.id], 'the cleared selection does not come back');
  await page.getByTestId('bulk-move').click();
  await page.locator('[data-testid="move-option"][data-space="work"]').click();
  const err = page.getByTestId('toast').filter({ hasText: 'Could not move 1 memory to “work”' }).first();
  await err.waitFor();
  assert.match(await err.innerText(), /already has an entity named "Priya".*\(conflict\)/s);
  assert.equal((await memory(priyaEntity.id)).space, 'default', 'nothing moved');
  // The refused panel stays open to choose again, and the error beside it is readable.
  assert.equal(await page.getByTestId('move-popover').count(), 1);
  await noToastCovers('move-popover');
  await noToastCovers('selection-bar');
  await page.screenshot({ path: join(ARTIFACTS, 'bulk-move-refused.png') });
  // Esc closes the panel first, wherever the keyboard is; the next Esc clears the selection.
  await page.keyboard.press('Escape');
  await page.getByTestId('move-popover').waitFor({ state: 'detached' });
  assert.deepEqual(await selected(), [priyaEntity.id]);
  await page.keyboard.press('Escape');
  await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
});

test('the review queue selects all its orphans for the bar, which archives them in one go', async () => {
  await page.keyboard.press('q');
  await page.getByTestId('review').waitFor();
  const orphans = await until('orphans in the queue', async () => {
    const q = await api(server.url, '/api/v1/review');
    const shown = await page.getByTestId('review-select-orphans').count();
    return q.orphans.length >= 2 && shown ? q.orphans : null;
  });
  assert.equal(await page.getByTestId('review-select-orphans').innerText(), `Select all ${orphans.length}`);
  await page.getByTestId('review-select-orphans').click();
  assert.deepEqual((await selected()).slice().sort(), orphans.slice().sort());
  assert.match(await page.getByTestId('review-status').innerText(), new RegExp(`Selected ${orphans.length} orphans`));
  // With the side panel open the stage is narrow: a toast must still not cover the bar.
  await page.getByTestId('bulk-pin').click();
  await toast(`Pinned ${orphans.length} memories`).waitFor();
  await noToastCovers('selection-bar');
  // A panel of the bar pushes the toasts higher still.
  await page.getByTestId('bulk-move').click();
  await noToastCovers('move-popover');
  await page.keyboard.press('Escape');
  await page.screenshot({ path: join(ARTIFACTS, 'bulk-review-select.png') });
  await page.getByTestId('bulk-archive').click();
  const done = toast(`Archived ${orphans.length} memories`);
  await done.waitFor();
  for (const id of orphans) assert.equal((await memory(id)).status, 'archived');
  await until('the orphans section to empty', async () => (await page.getByTestId('review-count-orphans').innerText()).trim() === '0');
  // The toast's Undo brings them all back.
  await done.getByRole('button', { name: 'Undo' }).click();
  await until('the orphans to be active again', async () => (await Promise.all(orphans.map(memory))).every((m) => m.status === 'active'));
  await page.keyboard.press('q');
});

test('the bar and the Tag panel read in the dark theme', async () => {
  await resetCamera();
  await page.getByTestId('theme-toggle').click();
  const dark = await page.evaluate(() => document.documentElement.dataset.theme);
  if (dark !== 'dark') await page.getByTestId('theme-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await pick(seeded.draftA.id, seeded.draftB.id);
  await page.getByTestId('bulk-tag').click();
  await page.getByTestId('tag-popover').waitFor();
  await page.locator('[data-testid="tag-remove-chip"][data-tag="q3"]').click();
  await page.getByTestId('tag-input').fill('review');
  await noToastCovers('tag-popover');
  await page.screenshot({ path: join(ARTIFACTS, 'bulk-tag-dark.png') });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
});
