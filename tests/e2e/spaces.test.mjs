// Spaces in a real Chromium against `mnemo serve` on a real store: a space made in the Manage
// spaces dialog (name, description, colour, as REST reads them); memories added to it through
// quick add, which defaults to the space the switcher shows; a rename in place that moves its
// memories, taken back whole by Ctrl+Z and told in the activity feed; renames the engine or the
// dialog refuses (the default space's name, a taken name, a description too long), each beside its
// field with nothing written; archiving (listed under Archived in the switcher, its memories off
// the graph, not offered by quick add); two spaces shown at once, the graph drawing exactly the
// memories REST has in them, and the choice surviving a reload; a delete that moves the memories
// into a new space and one that purges them (typed confirmation; the memories then 404); and
// spaces made and renamed by another client arriving live. Screenshots land in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, apiBase, ARTIFACTS, sleep, until as waitUntil, addMemory } from './harness.mjs';

let server, browser, page;
const pageErrors = [];
const until = (what, check, timeout) => waitUntil(what, check, { timeout, pageErrors });
const seeded = {};

const toast = (text) => page.getByTestId('toast').filter({ hasText: text }).first();
const spaces = () => api(server.url, '/api/v1/spaces');
const spaceNamed = async (name) => (await spaces()).find((s) => s.name === name);
const snapshot = () => api(server.url, '/api/v1/snapshot');
const inSpaces = async (...names) => (await snapshot()).memories.filter((m) => names.includes(m.space)).map((m) => m.id).sort();

/** A request whatever its status: the status and the body. */
async function raw(path, init = {}) {
  const { origin, token } = apiBase(server.url);
  const res = await fetch(origin + path, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(init.headers || {}) } });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Ids of the memories sigma draws now (filtered ones are culled). */
const drawn = () =>
  page.evaluate(() => {
    const s = window.__mnemo.sigma;
    return s
      .getGraph()
      .nodes()
      .filter((id) => {
        const d = s.getNodeDisplayData(id);
        return d && !d.hidden;
      })
      .sort();
  });

const switcherLabel = async () => (await page.getByTestId('space-switcher-label').innerText()).trim();
const menu = () => page.getByTestId('space-menu');
const dialog = () => page.getByTestId('spaces-dialog');
const item = (name) => dialog().locator(`[data-testid="space-item"][data-space="${name}"]`);

async function openSwitcher() {
  if ((await menu().count()) === 0) await page.getByTestId('space-switcher').click();
  await menu().waitFor();
}

async function closeOverlays() {
  for (let i = 0; i < 4; i++) {
    if ((await menu().count()) + (await dialog().count()) + (await page.getByTestId('quick-add').count()) === 0) break;
    await page.keyboard.press('Escape');
    await sleep(100);
  }
}

/** Shows only this space, through the switcher's list. */
async function showOnly(name) {
  await openSwitcher();
  await menu().locator(`[data-testid="space-option"][data-space="${name}"]`).click();
  await menu().waitFor({ state: 'detached' });
  await until(`the switcher to show ${name}`, async () => (await switcherLabel()) === name);
}

async function openDialog() {
  await closeOverlays();
  await openSwitcher();
  await page.getByTestId('space-manage').click();
  await dialog().waitFor();
}

/** Nothing selected: a selected memory stays drawn through any filter. */
async function deselect() {
  await closeOverlays();
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
}

async function quickAdd(text) {
  await page.keyboard.press('n');
  const qa = page.getByTestId('quick-add');
  await qa.waitFor();
  await page.getByTestId('quick-add-text').fill(text);
  await page.getByTestId('quick-add-submit').click();
  await qa.waitFor({ state: 'detached' });
}

before(async () => {
  server = await serve(tempStore('mnemo-e2e-spaces-'));
  seeded.default = [];
  for (const text of ['the deploy pipeline runs on the build server', 'release notes go out every week']) seeded.default.push(await addMemory(server.url, text));
  seeded.home = [];
  for (const text of ['the boiler is serviced every autumn', 'bike tyre pressure: 4.5 bar front, 5 bar back', 'the oak bonsai needs repotting in spring']) {
    seeded.home.push(await addMemory(server.url, text, { space: 'home' }));
  }
  ({ browser, page } = await openApp(server.url));
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a space made in the dialog has the name, description and colour given', async () => {
  await openDialog();
  await dialog().getByTestId('new-space-open').click();
  await dialog().getByTestId('new-space-name').fill('research');
  await dialog().getByTestId('new-space-description').fill('Papers and reading notes');
  await dialog().locator('[data-testid="new-space-colour"] [data-colour="#d0487e"]').click();
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-new.png') });
  await dialog().getByTestId('new-space-form').screenshot({ path: join(ARTIFACTS, 'spaces-new-form.png') });
  await dialog().getByTestId('new-space-create').click();
  await toast('Made space “research”').waitFor();
  const made = await until('research to exist', () => spaceNamed('research'));
  assert.equal(made.description, 'Papers and reading notes');
  assert.equal(made.colour, '#d0487e');
  assert.equal(made.archived, false);
  await item('research').waitFor();
  assert.match(await item('research').innerText(), /0 memories/);
  await page.emulateMedia({ colorScheme: 'dark' });
  await sleep(300);
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-dialog-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  // The name the dialog knows is refused before it is sent.
  await dialog().getByTestId('new-space-open').click();
  await dialog().getByTestId('new-space-name').fill('home');
  await dialog().getByTestId('new-space-create').click();
  assert.match(await dialog().getByTestId('new-space-name-error').innerText(), /named “home” exists already/);
  await dialog().getByTestId('new-space-name').press('Escape');
  assert.equal(await dialog().getByTestId('new-space-form').count(), 0, 'Esc closes the form, not the dialog');
  assert.deepEqual(pageErrors, []);
});

test('quick add puts memories in the space the switcher shows', async () => {
  await closeOverlays();
  await showOnly('research');
  seeded.research = [];
  // Lower case throughout: no names, so no entity is made beside them.
  for (const text of ['read the paper on columnar vector storage', 'notes on personalised page ranking for retrieval']) {
    await page.keyboard.press('n');
    await page.getByTestId('quick-add').waitFor();
    assert.equal(await page.getByTestId('quick-add-space').inputValue(), 'research', 'quick add defaults to the space shown');
    await page.getByTestId('quick-add-text').fill(text);
    if (!seeded.research.length) await page.getByTestId('quick-add').screenshot({ path: join(ARTIFACTS, 'spaces-quick-add.png') });
    await page.getByTestId('quick-add-submit').click();
    await page.getByTestId('quick-add').waitFor({ state: 'detached' });
    await toast('Memory added').waitFor();
    seeded.research.push(text);
  }
  // The inspector shows the new memory's space in its colour.
  assert.equal((await page.getByTestId('inspector-space').innerText()).trim(), 'research');
  assert.equal(await page.getByTestId('inspector-space').locator('.space-dot').getAttribute('data-colour'), '#d0487e');
  await page.locator('aside.side').screenshot({ path: join(ARTIFACTS, 'spaces-inspector.png') });
  seeded.research = await until('both memories in research', async () => {
    const ids = await inSpaces('research');
    return ids.length === 2 ? ids : null;
  });
  await deselect();
  await until('the graph to draw research’s two memories only', async () => JSON.stringify(await drawn()) === JSON.stringify(seeded.research));
});

test('a rename in the dialog moves the memories; Ctrl+Z takes it back whole; the feed says so', async () => {
  await openDialog();
  await item('research').getByTestId('space-name').click();
  const input = item('research').getByTestId('space-name-input');
  await input.fill('atlas');
  await input.press('Enter');
  await toast('Renamed space “research” → “atlas”').waitFor();
  assert.equal(await toast('Renamed space “research” → “atlas”').getByRole('button', { name: 'Undo' }).count(), 1);
  await until('the memories to be in atlas', async () => JSON.stringify(await inSpaces('atlas')) === JSON.stringify(seeded.research));
  assert.equal(await spaceNamed('research'), undefined);
  assert.equal((await spaceNamed('atlas')).description, 'Papers and reading notes', 'the rename keeps the description');
  // The switcher showed research: it shows it still, under its new name.
  await until('the switcher to follow the rename', async () => (await switcherLabel()) === 'atlas');
  await item('atlas').waitFor();

  // A moved memory's history tells the rename as a move to the new space, not as an edit.
  await closeOverlays();
  await page.keyboard.press('/');
  await page.getByTestId('search-input').fill('columnar vector storage');
  await page.getByTestId('search-input').press('Enter');
  const moved = page.locator('[data-testid="history-item"][data-kind="update"]').first();
  await moved.waitFor({ timeout: 20_000 });
  assert.equal((await moved.locator('.hhead .op').first().textContent()).trim(), 'move');
  assert.match(await moved.locator('[data-field="space"]').innerText(), /research\s*→\s*atlas/);
  await page.getByTestId('history').screenshot({ path: join(ARTIFACTS, 'spaces-moved-history.png') });
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await deselect();

  await closeOverlays();
  await page.keyboard.press('Control+z');
  await toast('Undone: the rename of space “research” → “atlas”').waitFor();
  await until('the memories to be back in research', async () => JSON.stringify(await inSpaces('research')) === JSON.stringify(seeded.research));
  assert.equal(await spaceNamed('atlas'), undefined);
  await until('the switcher to follow the undo', async () => (await switcherLabel()) === 'research');

  await page.locator('header.topbar').getByRole('button', { name: 'Activity' }).click();
  const feed = page.getByTestId('activity');
  await until('the feed to tell the rename', async () => (await feed.getByTestId('space-op').allInnerTexts()).some((t) => /renamed space\s+research → atlas/.test(t.replace(/\s+/g, ' '))));
  assert.ok((await feed.getByTestId('space-op').allInnerTexts()).some((t) => /made space\s+research/.test(t.replace(/\s+/g, ' '))));
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-activity.png') });
  await page.locator('header.topbar').getByRole('button', { name: 'Activity' }).click();
  assert.deepEqual(pageErrors, []);
});

test('a rename or a description that cannot be is refused beside its field, and nothing is written', async () => {
  const before = await spaces();
  const ops = (await api(server.url, '/api/v1/operations?limit=1000')).length;
  await openDialog();
  const row = item('research');
  await row.getByTestId('space-name').click();
  const input = row.getByTestId('space-name-input');
  await input.fill('default');
  await input.press('Enter');
  await row.getByTestId('space-name-error').waitFor();
  assert.match(await row.getByTestId('space-name-error').innerText(), /“default” takes every write that names no space/);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await input.fill('home');
  await input.press('Enter');
  await until('the taken name’s error', async () => /named “home” exists already/.test(await row.getByTestId('space-name-error').innerText()));
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-rename-refused.png') });
  // Esc gives the name back, and leaves the dialog open.
  await input.press('Escape');
  await input.waitFor({ state: 'detached' });
  assert.equal((await row.getByTestId('space-name').locator('.inline-text').innerText()).trim(), 'research');
  assert.equal(await dialog().count(), 1);

  // One the engine refuses: a description over its 2,000 characters.
  await row.getByTestId('space-description').click();
  const desc = row.getByTestId('space-description-input');
  await desc.fill('x'.repeat(2001));
  await desc.press('Enter');
  await until('the engine’s refusal beside the description', async () => /longer than 2000 characters/.test((await row.getByTestId('space-description-error').innerText().catch(() => '')) ?? ''));
  await desc.press('Escape');

  assert.deepEqual(await spaces(), before, 'no space changed');
  assert.equal((await api(server.url, '/api/v1/operations?limit=1000')).length, ops, 'nothing was logged');
  assert.deepEqual(await inSpaces('research'), seeded.research);
});

test('an archived space is listed apart, off the graph, and not offered by quick add', async () => {
  await openDialog();
  await item('research').getByTestId('space-archive').click();
  await toast('Archived space “research”').waitFor();
  assert.equal(await toast('Archived space “research”').getByRole('button', { name: 'Undo' }).count(), 1);
  assert.equal((await until('research to be archived', async () => (await spaceNamed('research'))?.archived && spaceNamed('research'))).archived, true);
  await dialog().getByTestId('spaces-archived').locator('[data-space="research"]').waitFor();
  await closeOverlays();

  // "All spaces" leaves archived ones out.
  await openSwitcher();
  await page.getByTestId('space-all').click();
  await until('the switcher to show every space', async () => (await switcherLabel()) === 'All spaces');
  await deselect();
  const visible = [...seeded.default, ...seeded.home].map((m) => m.id);
  await until('the graph to hide research’s memories', async () => {
    const ids = await drawn();
    return seeded.research.every((id) => !ids.includes(id)) && visible.every((id) => ids.includes(id));
  });

  await openSwitcher();
  const group = page.getByTestId('space-archived-group');
  assert.equal(await group.locator('[data-space="research"]').count(), 0, 'the Archived group starts closed');
  assert.equal(await menu().locator('.space-menu-list [data-space="research"]').count(), 0, 'not among the others');
  await page.getByTestId('space-archived-toggle').click();
  await group.locator('[data-testid="space-option"][data-space="research"]').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-switcher-archived.png') });
  await closeOverlays();

  await page.keyboard.press('n');
  await page.getByTestId('quick-add').waitFor();
  const offered = await page.getByTestId('quick-add-space').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.includes('home') && offered.includes('default'));
  assert.ok(!offered.includes('research'), `quick add does not offer the archived space: ${offered}`);
  // Typed in anyway, the engine's refusal shows beside the space, and nothing is added.
  await page.getByTestId('quick-add-space').selectOption({ label: 'New space…' });
  await page.getByTestId('quick-add-space-new').fill('research');
  await page.getByTestId('quick-add-text').fill('This must not land in an archived space');
  await page.getByTestId('quick-add-submit').click();
  assert.match(await page.getByTestId('quick-add-space-error').innerText(), /archived/);
  await page.keyboard.press('Escape');
  assert.deepEqual(await inSpaces('research'), seeded.research);
});

test('two spaces shown at once: the graph draws what REST has in them; the choice outlives a reload', async () => {
  await showOnly('home');
  await openSwitcher();
  // The archived one joins by its checkbox; archived or not, a picked space shows.
  await page.getByTestId('space-archived-toggle').click();
  await menu().locator('[data-testid="space-row"][data-space="research"] [data-testid="space-check"]').check();
  await until('the label to read two spaces', async () => (await switcherLabel()) === 'home + 1 more');
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-switcher-open.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await sleep(300);
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-switcher-open-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  // By keyboard: ↓ to "default", Space adds it, Space again takes it out; the list stays open.
  await menu().locator('[data-testid="space-option"][data-space="home"]').focus();
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.space), 'default');
  await page.keyboard.press(' ');
  await until('default to join', async () => (await switcherLabel()) === 'home + 2 more');
  await page.keyboard.press(' ');
  await until('default to leave', async () => (await switcherLabel()) === 'home + 1 more');
  assert.equal(await menu().count(), 1);
  await closeOverlays();
  await deselect();

  const expected = await inSpaces('home', 'research');
  assert.equal(expected.length, 5);
  await until('the graph to draw home’s and research’s memories', async () => JSON.stringify(await drawn()) === JSON.stringify(expected));

  await page.reload();
  await page.waitForFunction(() => window.__mnemo?.ready === true, null, { timeout: 60_000 });
  assert.equal(await switcherLabel(), 'home + 1 more', 'the selection is remembered');
  await until('the graph to draw the same after the reload', async () => JSON.stringify(await drawn()) === JSON.stringify(expected));
});

test('the query form searches the spaces the switcher shows, archived ones marked', async () => {
  await page.keyboard.press('r');
  const picker = page.getByTestId('query-spaces');
  await picker.waitFor();
  const on = async () => (await picker.locator('button[aria-pressed="true"]').allInnerTexts()).map((t) => t.trim()).sort();
  assert.deepEqual(await on(), ['home', 'research']);
  assert.match(await picker.locator('[data-space="research"]').getAttribute('class'), /archived/);
  await page.getByTestId('query-spaces-archived-hint').waitFor();
  await page.getByTestId('query-input').fill('bonsai repotting');
  await page.getByTestId('query-run').click();
  const trace = await until('the recall’s trace', async () => (await api(server.url, '/api/v1/traces?limit=5')).find((t) => t.query === 'bonsai repotting'));
  const full = await api(server.url, `/api/v1/traces/${trace.id}`);
  assert.deepEqual([...full.query.spaces].sort(), ['home', 'research'], 'the recall named the spaces shown');
  await page.keyboard.press('Escape');
});

test('a delete moves the memories into a new space, and Undo brings the space back', async () => {
  await api(server.url, '/api/v1/spaces', { method: 'POST', body: JSON.stringify({ name: 'scratch', description: 'Odds and ends' }) });
  const a = await addMemory(server.url, 'scratch: the wifi at the office is on the second band', { space: 'scratch' });
  const b = await addMemory(server.url, 'scratch: the printer is on the second floor', { space: 'scratch' });
  await openDialog();
  await until('scratch to be listed with its two memories', async () => /2 memories/.test(await item('scratch').innerText().catch(() => '')));
  await item('scratch').getByTestId('space-delete').click();
  const del = page.getByTestId('space-delete-dialog');
  await del.waitFor();
  assert.match(await del.getByTestId('space-delete-count').innerText(), /2 memories/);
  const targets = await del.getByTestId('space-delete-target').locator('option').evaluateAll((os) => os.map((o) => o.textContent));
  assert.ok(!targets.includes('research') && !targets.includes('scratch'), `neither itself nor an archived space is offered: ${targets}`);
  await del.getByTestId('space-delete-target').selectOption({ label: 'New space…' });
  await del.getByTestId('space-delete-new').fill('later');
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-delete-move.png') });
  await del.getByTestId('space-delete-confirm').click();
  await toast('Deleted space “scratch”').waitFor();
  assert.match(await toast('Deleted space “scratch”').innerText(), /2 memories moved to the new space “later”/);
  assert.equal(await spaceNamed('scratch'), undefined);
  assert.deepEqual(await inSpaces('later'), [a.id, b.id].sort());
  await item('later').waitFor();

  await toast('Deleted space “scratch”').getByRole('button', { name: 'Undo' }).click();
  await toast('Undone: the deletion of space “scratch”').waitFor();
  await until('scratch and its memories to be back', async () => JSON.stringify(await inSpaces('scratch')) === JSON.stringify([a.id, b.id].sort()));
  assert.equal((await spaceNamed('scratch')).description, 'Odds and ends');
  // Deleted for good now, moving them to an existing space.
  await item('scratch').getByTestId('space-delete').click();
  await del.getByTestId('space-delete-target').selectOption('home');
  await del.getByTestId('space-delete-confirm').click();
  await toast('2 memories moved to “home”').waitFor();
  assert.equal(await spaceNamed('scratch'), undefined);
  assert.ok((await inSpaces('home')).includes(a.id));
});

test('a delete that purges asks for the name typed, then erases the memories', async () => {
  await openDialog();
  await item('research').getByTestId('space-delete').click();
  const del = page.getByTestId('space-delete-dialog');
  await del.waitFor();
  await del.getByTestId('space-delete-purge').check();
  await del.getByTestId('space-purge-warning').waitFor();
  assert.match(await del.getByTestId('space-purge-warning').innerText(), /cannot be undone/i);
  const confirm = del.getByTestId('space-delete-confirm');
  assert.equal(await confirm.isDisabled(), true, 'not before the name is typed');
  await del.getByTestId('space-delete-confirm-name').fill('researc');
  assert.equal(await confirm.isDisabled(), true);
  await del.getByTestId('space-delete-confirm-name').fill('research');
  assert.equal(await confirm.isDisabled(), false);
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-delete-purge.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await sleep(300);
  await page.screenshot({ path: join(ARTIFACTS, 'spaces-delete-purge-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await confirm.click();
  const done = toast('Deleted space “research”');
  await done.waitFor({ timeout: 60_000 });
  assert.match(await done.innerText(), /2 memories erased for good/);
  assert.equal(await done.getByRole('button', { name: 'Undo' }).count(), 0, 'a purge offers no Undo');
  for (const id of seeded.research) assert.equal((await raw(`/api/v1/memories/${id}`)).status, 404, `${id} is gone`);
  assert.equal(await spaceNamed('research'), undefined);
  // The switcher showed it: it no longer does.
  await until('the switcher to drop research', async () => (await switcherLabel()) === 'home');
  assert.deepEqual(pageErrors, []);
});

test('spaces made and renamed by another client arrive live', async () => {
  await closeOverlays();
  await openSwitcher();
  await api(server.url, '/api/v1/spaces', { method: 'POST', body: JSON.stringify({ name: 'inbox', colour: '#2aa3b8' }) });
  const row = menu().locator('[data-testid="space-option"][data-space="inbox"]');
  await row.waitFor();
  assert.equal(await row.locator('.space-dot').getAttribute('data-colour'), '#2aa3b8');
  await row.click();
  await until('the switcher to show inbox', async () => (await switcherLabel()) === 'inbox');
  await api(server.url, '/api/v1/spaces/inbox', { method: 'PATCH', body: JSON.stringify({ rename: 'triage' }) });
  await until('the switcher to follow the other client’s rename', async () => (await switcherLabel()) === 'triage');
  await openSwitcher();
  assert.equal(await menu().locator('[data-space="inbox"]').count(), 0);
  await menu().locator('[data-testid="space-option"][data-space="triage"]').waitFor();
  await closeOverlays();
  assert.deepEqual(pageErrors, []);
});
