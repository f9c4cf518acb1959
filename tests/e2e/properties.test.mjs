// A memory's own fields (properties, a note's front matter) in a real Chromium against `mnemo serve`
// on a real store: a JSONL import brings `status`, `rating` and `reviewers`; the inspector shows each
// by its type (text, number, list chips); editing `status`, adding `due` and removing `rating` in
// place leave exactly the properties the person made, each edit one write one version on. A memory
// without properties offers only a quiet "+ Add property"; `true` typed becomes a checkbox that
// toggles; a rename keeps the value; a taken name or broken JSON is refused beside the field with
// nothing written; an edit against a version someone else changed is a conflict toast.
// Screenshots, light and dark, in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, apiBase, ARTIFACTS, sleep, until as waitUntil, readMemory } from './harness.mjs';

let server, browser, page;
/** Uncaught errors in the page: a wait that times out says whether the app crashed meanwhile. */
const pageErrors = [];

const memory = (id) => readMemory(server.url, id);
const until = (what, check, timeout) => waitUntil(what, check, { timeout, pageErrors });

const PLAN = { id: 'atlas-plan', title: 'Atlas launch plan', text: 'Launch checklist for Atlas: staging soak, release notes, the support rota.', kind: 'note' };
const RETRO = { id: 'atlas-retro', title: 'Sprint retro notes', text: 'What went well in the sprint, and what the team will change next time.', kind: 'note' };

async function importLines(name, lines) {
  const { origin, token } = apiBase(server.url);
  const res = await fetch(`${origin}/api/v1/import?name=${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: lines.map((l) => JSON.stringify(l)).join('\n'),
  });
  const body = await res.json();
  assert.ok(res.ok, `import: ${JSON.stringify(body)}`);
  return body;
}

/** The stored memory once its properties are exactly `want` (keys in any order). */
async function stored(id, want) {
  const sorted = (p) => JSON.stringify(Object.fromEntries(Object.entries(p ?? {}).sort(([a], [b]) => a.localeCompare(b))));
  let last;
  try {
    return await until(`the properties of ${id} to be ${JSON.stringify(want)}`, async () => {
      last = await memory(id);
      return sorted(last.properties) === sorted(want) ? last : null;
    });
  } catch (e) {
    e.message += `; stored: ${JSON.stringify(last?.properties)}`;
    throw e;
  }
}

/** Opens a memory in the inspector through the search box, as a person would with `/`. */
async function inspect(m) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('/');
  await page.getByTestId('search-input').fill(m.title);
  await page.getByTestId('search-input').press('Enter');
  await page.locator(`[data-testid="inspector"][data-id="${m.id}"]`).waitFor();
}

/** Waits for `locator` to have the keyboard (focus moves a frame or two after a save). */
const hasFocus = (locator, what) => until(what, () => locator.evaluate((el) => el === document.activeElement), 3000);

const row = (name) => page.locator(`[data-testid="property"][data-name="${name}"]`);

/** The rows as shown: name, type, and the value's text (chips one per item). */
async function shownRows() {
  return page.locator('[data-testid="property"]').evaluateAll((rows) =>
    rows.map((r) => ({
      name: r.dataset.name,
      type: r.dataset.type,
      // A list's value is its chips.
      value: r.dataset.type === 'list' ? null : r.querySelector('[data-testid="property-value"]')?.innerText.trim(),
      chips: [...r.querySelectorAll('[data-testid="property-chip"]')].map((c) => c.textContent),
    })),
  );
}

/** Light, then dark (the theme follows the system's until chosen), of one element and a margin
 *  around it (in-place fields reach a little past their section). */
async function shots(name, target) {
  await sleep(250);
  const box = await target.boundingBox();
  const clip = { x: box.x - 12, y: box.y - 8, width: box.width + 24, height: box.height + 16 };
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), clip });
  await page.emulateMedia({ colorScheme: 'dark' });
  // Buttons ease into the new theme's colours: wait them out, or they show half way.
  await sleep(800);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-dark.png`), clip });
  await page.emulateMedia({ colorScheme: 'light' });
  await sleep(800);
}

before(async () => {
  server = await serve(tempStore('mnemo-e2e-properties-'));
  await importLines('notes.jsonl', [
    { ...PLAN, properties: { status: 'draft', rating: 4, reviewers: ['Priya', 'Tomás'] } },
    RETRO,
  ]);
  const plan = await memory(PLAN.id);
  assert.deepEqual(plan.properties, { status: 'draft', rating: 4, reviewers: ['Priya', 'Tomás'] }, 'the server keeps properties (a binary from ea9836f or later)');
  assert.equal(Object.keys((await memory(RETRO.id)).properties ?? {}).length, 0);
  ({ browser, page } = await openApp(server.url, { locale: 'en-US' }));
  page.on('pageerror', (e) => pageErrors.push(e));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the inspector shows the properties by type, and edits, adds and removes them in place', async () => {
  await inspect(PLAN);
  const section = page.getByTestId('properties');
  await section.waitFor();
  assert.match(await section.locator('h3').innerText(), /Properties \(3\)/i);
  const rows = await shownRows();
  assert.deepEqual(
    Object.fromEntries(rows.map((r) => [r.name, { type: r.type, value: r.value, chips: r.chips }])),
    {
      status: { type: 'text', value: 'draft', chips: [] },
      rating: { type: 'number', value: '4', chips: [] },
      reviewers: { type: 'list', value: null, chips: ['Priya', 'Tomás'] },
    },
  );
  await section.scrollIntoViewIfNeeded();
  await row('reviewers').hover();
  await shots('properties', page.locator('aside.side'));

  // status: draft → final, by click, typing and Enter.
  let version = (await memory(PLAN.id)).version;
  await row('status').getByTestId('property-value').click();
  const input = row('status').getByTestId('property-input');
  assert.equal(await input.inputValue(), 'draft', 'the editor starts from the value');
  await hasFocus(input, 'the editor has the keyboard');
  await input.fill('final');
  await input.press('Enter');
  let m = await stored(PLAN.id, { status: 'final', rating: 4, reviewers: ['Priya', 'Tomás'] });
  assert.equal(m.version, version + 1, 'one write');
  assert.equal(m.title, PLAN.title, 'nothing else changed');
  await row('status').getByTestId('property-value').filter({ hasText: 'final' }).waitFor();
  await hasFocus(row('status').getByTestId('property-value'), 'Enter gives the keyboard back to the value');

  // + Add property: due, 2025-01-31 (a date stays text).
  version = m.version;
  await page.getByTestId('property-add').click();
  const name = page.getByTestId('property-add-name');
  await hasFocus(name, 'the new name has the keyboard');
  await name.fill('due');
  await name.press('Enter');
  const value = page.getByTestId('property-add-value');
  await hasFocus(value, 'Enter in the name goes on to the value');
  await value.fill('2025-01-31');
  await page.waitForTimeout(150);
  await shots('properties-add', page.getByTestId('properties'));
  await value.press('Enter');
  m = await stored(PLAN.id, { status: 'final', rating: 4, reviewers: ['Priya', 'Tomás'], due: '2025-01-31' });
  assert.equal(m.version, version + 1);
  await row('due').waitFor();
  assert.equal(await row('due').getAttribute('data-type'), 'text');
  assert.equal(await page.getByTestId('property-new').count(), 0, 'the new row closed');

  // Remove rating: its × shows when the row is pointed at.
  version = m.version;
  await row('rating').hover();
  await row('rating').getByTestId('property-remove').click();
  m = await stored(PLAN.id, { status: 'final', reviewers: ['Priya', 'Tomás'], due: '2025-01-31' });
  assert.equal(m.version, version + 1);
  await row('rating').waitFor({ state: 'detached' });

  // Read back over the REST API: exactly what the person made, types and all.
  const back = await api(server.url, `/api/v1/memories/${PLAN.id}`);
  assert.deepEqual(back.memory.properties, { due: '2025-01-31', reviewers: ['Priya', 'Tomás'], status: 'final' });
  assert.match(await page.getByTestId('properties').locator('h3').innerText(), /Properties \(3\)/i);
  // The history names each property that changed.
  await page.locator('[data-testid="history"] [data-field="properties.rating"]').first().waitFor();
  await page.locator('[data-testid="history"] [data-field="properties.status"]').first().waitFor();
  await page.getByTestId('history').scrollIntoViewIfNeeded();
  await shots('properties-history', page.getByTestId('history'));
});

test('a list edits as a comma list and stays a list', async () => {
  const version = (await memory(PLAN.id)).version;
  await row('reviewers').getByTestId('property-value').click();
  const input = row('reviewers').getByTestId('property-input');
  assert.equal(await input.inputValue(), 'Priya, Tomás');
  await input.fill('Priya, Tomás, Ines');
  await input.press('Enter');
  const m = await stored(PLAN.id, { status: 'final', reviewers: ['Priya', 'Tomás', 'Ines'], due: '2025-01-31' });
  assert.equal(m.version, version + 1);
  await until('three chips', async () => (await row('reviewers').getByTestId('property-chip').count()) === 3);
  // Esc leaves an edit without writing.
  await row('status').getByTestId('property-value').click();
  await row('status').getByTestId('property-input').fill('abandoned');
  await row('status').getByTestId('property-input').press('Escape');
  await row('status').getByTestId('property-input').waitFor({ state: 'detached' });
  assert.equal((await memory(PLAN.id)).version, m.version, 'Esc wrote nothing');
  assert.equal(await row('status').getByTestId('property-value').innerText(), 'final');
});

test('a memory without properties offers a quiet add; true becomes a checkbox; rename and remove', async () => {
  await inspect(RETRO);
  assert.equal(await page.getByTestId('properties').count(), 0, 'no section without properties');
  const add = page.getByTestId('property-add');
  await add.waitFor();
  await add.scrollIntoViewIfNeeded();
  await shots('properties-none', page.locator('aside.side'));

  let version = (await memory(RETRO.id)).version;
  await add.click();
  await page.getByTestId('property-add-name').fill('published');
  await page.getByTestId('property-add-value').fill('true');
  await page.getByTestId('property-add-value').press('Enter');
  let m = await stored(RETRO.id, { published: true });
  assert.equal(m.version, version + 1);
  await row('published').waitFor();
  assert.equal(await row('published').getAttribute('data-type'), 'boolean');
  const check = row('published').getByTestId('property-check');
  assert.equal(await check.getAttribute('aria-checked'), 'true');
  await page.mouse.move(0, 0);
  await shots('properties-check', page.getByTestId('properties'));

  // The checkbox toggles at once.
  await check.click();
  m = await stored(RETRO.id, { published: false });
  assert.equal(m.version, version + 2);
  await until('the box unchecked', async () => (await check.getAttribute('aria-checked')) === 'false');

  // An object, as JSON, and a number.
  await page.getByTestId('property-add').click();
  await page.getByTestId('property-add-name').fill('location');
  await page.getByTestId('property-add-value').fill('{"room": "Orion", "floor": 3}');
  await page.getByTestId('property-add-value').press('Enter');
  await stored(RETRO.id, { published: false, location: { room: 'Orion', floor: 3 } });
  await row('location').waitFor();
  assert.equal(await row('location').getAttribute('data-type'), 'object');
  // A list of numbers under a long name: the names' column widens for it, up to 40%.
  await page.getByTestId('property-add').click();
  await page.getByTestId('property-add-name').fill('scores_from_the_last_review');
  await page.getByTestId('property-add-value').fill('[3, 4.5]');
  await page.getByTestId('property-add-value').press('Enter');
  await stored(RETRO.id, { published: false, location: { room: 'Orion', floor: 3 }, scores_from_the_last_review: [3, 4.5] });
  await row('scores_from_the_last_review').waitFor();
  assert.deepEqual(await row('scores_from_the_last_review').getByTestId('property-chip').allInnerTexts(), ['3', '4.5']);
  await page.mouse.move(0, 0);
  await page.getByTestId('properties').scrollIntoViewIfNeeded();
  await shots('properties-types', page.getByTestId('properties'));

  // Rename: the value and its type go with the new name.
  version = (await memory(RETRO.id)).version;
  await row('published').getByTestId('property-name').click();
  const name = row('published').getByTestId('property-name-input');
  assert.equal(await name.inputValue(), 'published');
  await name.fill('shared');
  await name.press('Enter');
  m = await stored(RETRO.id, { shared: false, location: { room: 'Orion', floor: 3 }, scores_from_the_last_review: [3, 4.5] });
  assert.equal(m.version, version + 1);
  await row('shared').waitFor();

  // A taken name is refused beside the field; nothing is written; Esc gives the old name back.
  await row('shared').getByTestId('property-name').click();
  await row('shared').getByTestId('property-name-input').fill('location');
  await row('shared').getByTestId('property-name-input').press('Enter');
  const error = row('shared').getByTestId('property-error');
  await error.waitFor();
  assert.equal(await error.innerText(), 'There is already a property “location”.');
  assert.equal(await row('shared').getByTestId('property-name-input').getAttribute('aria-invalid'), 'true');
  await page.waitForTimeout(150);
  await shots('properties-error', page.getByTestId('properties'));
  await row('shared').getByTestId('property-name-input').press('Escape');
  await error.waitFor({ state: 'detached' });

  // Broken JSON for an object is refused too.
  await row('location').getByTestId('property-value').click();
  assert.equal(await row('location').getByTestId('property-input').inputValue(), '{"room":"Orion","floor":3}');
  await row('location').getByTestId('property-input').fill('{room: Orion}');
  await row('location').getByTestId('property-input').press('Enter');
  assert.match(await row('location').getByTestId('property-error').innerText(), /^Not valid JSON/);
  await row('location').getByTestId('property-input').press('Escape');
  assert.equal((await memory(RETRO.id)).version, m.version, 'no refused edit was written');

  // Removing the last ones leaves the quiet add alone.
  await row('scores_from_the_last_review').hover();
  await row('scores_from_the_last_review').getByTestId('property-remove').click();
  await stored(RETRO.id, { shared: false, location: { room: 'Orion', floor: 3 } });
  await row('location').hover();
  await row('location').getByTestId('property-remove').click();
  await stored(RETRO.id, { shared: false });
  await row('shared').hover();
  await row('shared').getByTestId('property-remove').click();
  await stored(RETRO.id, {});
  await page.getByTestId('properties').waitFor({ state: 'detached' });
  await page.getByTestId('property-add').waitFor();
});

test('an edit made against a version someone else changed is refused as a conflict, and the inspector reloads', async () => {
  await inspect(PLAN);
  await row('status').getByTestId('property-value').click();
  await row('status').getByTestId('property-input').fill('mine');
  // Meanwhile another client changes the properties; the inspector sees the new version arrive.
  const theirs = await api(server.url, `/api/v1/memories/${PLAN.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ properties: { status: 'theirs' } }),
  });
  assert.deepEqual(theirs.properties, { status: 'theirs' });
  await sleep(500);
  await row('status').getByTestId('property-input').press('Enter');
  await page.getByTestId('toast').filter({ hasText: /conflict/ }).first().waitFor();
  const m = await memory(PLAN.id);
  assert.equal(m.version, theirs.version, 'theirs stands');
  assert.deepEqual(m.properties, { status: 'theirs' });
  await until('the inspector to show theirs', async () => {
    const rows = await shownRows();
    return rows.length === 1 && rows[0].value === 'theirs';
  });
  assert.deepEqual(pageErrors, [], 'the page threw nothing');
});
