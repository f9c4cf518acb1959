// Export from the app in a real Chromium against `mnemo serve` (issue 16, item 4): three memories
// shift-clicked on the graph, exported from the selection bar as GraphML and from the command
// palette's "Export selection…" as Cytoscape JSON, download exactly those three nodes and the
// links among them (none to the memories around them); what a tag filter shows exports just
// those memories; everything, from the top bar, downloads one JSONL line per memory REST has.
// The Markdown vault is offered but off in a browser, with why. Screenshots export-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, ARTIFACTS, sleep, until as waitUntil, addMemory, clickNode as clickNodeOn } from './harness.mjs';

let server, browser, page;
const add = (text, extra) => addMemory(server.url, text, extra);
const until = (what, check, timeout) => waitUntil(what, check, { timeout });
const toast = (text) => page.getByTestId('toast').filter({ hasText: text }).first();
const dialog = () => page.getByTestId('export-dialog');
const seeded = {};

async function selected() {
  const bar = page.getByTestId('selection-bar');
  if ((await bar.count()) === 0) return [];
  return ((await bar.getAttribute('data-ids')) ?? '').split(' ').filter(Boolean);
}

async function resetCamera() {
  await page.evaluate(() => {
    const s = window.__mnemo.sigma;
    s.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    s.refresh();
  });
}

/** Confirms the open dialog and returns the downloaded file's name and text. */
async function download() {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-confirm').click()]);
  const failure = await file.failure();
  assert.equal(failure, null, 'the download completed');
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** The nodes and edges of a GraphML file, read with the format's own element names. */
function readGraphml(xml) {
  const nodes = [...xml.matchAll(/<node id="([^"]+)"/g)].map((m) => m[1]);
  const edges = [...xml.matchAll(/<edge id="([^"]+)" source="([^"]+)" target="([^"]+)"/g)].map((m) => ({ id: m[1], from: m[2], to: m[3] }));
  return { nodes, edges };
}

function readCytoscape(text) {
  const doc = JSON.parse(text);
  return {
    nodes: doc.elements.nodes.map((n) => n.data.id),
    edges: doc.elements.edges.map((e) => ({ id: e.data.id, from: e.data.source, to: e.data.target })),
  };
}

/** What REST says the file must hold: exactly these memories and every link among them, no other. */
async function assertExactly(file, ids, what) {
  const snap = await api(server.url, '/api/v1/snapshot');
  const set = new Set(ids);
  const among = snap.edges.filter((e) => set.has(e.from) && set.has(e.to)).map((e) => e.id).sort();
  const leaving = snap.edges.filter((e) => set.has(e.from) !== set.has(e.to));
  assert.ok(among.length > 0, `${what}: the picked memories are linked among themselves (else the check is empty)`);
  assert.ok(leaving.length > 0, `${what}: they are linked to memories outside the pick too (else leaving them out is not checked)`);
  assert.deepEqual([...file.nodes].sort(), [...ids].sort(), `${what}: exactly the picked memories`);
  for (const e of file.edges) assert.ok(set.has(e.from) && set.has(e.to), `${what}: edge ${e.id} ${e.from} → ${e.to} is between picked memories`);
  assert.deepEqual(file.edges.map((e) => e.id).sort(), among, `${what}: every link among them`);
}

before(async () => {
  server = await serve(tempStore('mnemo-e2e-export-'));
  // One session of four episodes about Atlas: `next` links in a chain, and `mentions` links to
  // the Atlas entity, so three of them have links among themselves and links out.
  seeded.atlas = [];
  for (const [i, text] of [
    'Kick-off for the launch: scope, owners and the date',
    'Launch review: the search index needs another week',
    'Launch moved to the 14th after the index review',
    'Launch retrospective: what the delay taught us',
  ].entries()) {
    seeded.atlas.push(await add(text, { session: 'atlas-launch', entities: ['Atlas'], occurred_at: `2025-03-0${i + 1}T10:00:00Z` }));
  }
  seeded.drafts = [
    await add('Draft agenda for the quarterly planning offsite', { kind: 'note', tags: ['draft'] }),
    await add('Draft budget for the design team next year', { kind: 'note', tags: ['draft'] }),
  ];
  seeded.work = await add('The vendor contract renews in October', { kind: 'fact', space: 'work' });
  ({ browser, page } = await openApp(server.url));
  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the selection bar exports three shift-clicked memories as GraphML: those nodes, only the links among them', async () => {
  const ids = seeded.atlas.slice(0, 3).map((m) => m.id);
  for (const id of ids) {
    await clickNodeOn(page, id, { shift: true });
    await until(`${id} to join the selection`, async () => (await selected()).includes(id), 5_000);
  }
  await resetCamera();
  assert.deepEqual((await selected()).sort(), [...ids].sort());

  await page.getByTestId('bulk-export').click();
  await dialog().waitFor();
  // Opened from the selection: that is the scope, with its count; the rest are offered too.
  const scope = page.getByTestId('export-scope-selection');
  assert.equal(await scope.locator('input').isChecked(), true, 'the selection is the scope');
  assert.match(await scope.innerText(), /The selection \(3 memories\)/);
  const all = await api(server.url, '/api/v1/snapshot');
  assert.match(await page.getByTestId('export-scope-all').innerText(), new RegExp(`Everything \\(${all.memories.length} memories\\)`));
  // The vault is listed but off in a browser, saying why.
  const md = page.getByTestId('export-format-markdown');
  assert.equal(await md.locator('input').isDisabled(), true, 'Markdown is off in a browser');
  assert.match(await page.getByTestId('export-format-why-markdown').innerText(), /Desktop app or CLI only: a browser cannot download a folder/);
  for (const f of ['jsonl', 'graphml', 'json']) assert.equal(await page.getByTestId(`export-format-${f}`).locator('input').isDisabled(), false, `${f} is on`);

  await page.getByTestId('export-format-graphml').click();
  assert.match(await page.getByTestId('export-confirm').innerText(), /Download 3 memories/);
  await page.screenshot({ path: join(ARTIFACTS, 'export-dialog.png') });
  await dialog().screenshot({ path: join(ARTIFACTS, 'export-dialog-close.png') });
  // The theme follows the system's until chosen: the dialog in the dark one too.
  await page.emulateMedia({ colorScheme: 'dark' });
  await sleep(200);
  await dialog().screenshot({ path: join(ARTIFACTS, 'export-dialog-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  const file = await download();
  assert.match(file.name, /^mnemo-selection-3-\d{4}-\d\d-\d\d\.graphml$/);
  await toast(`Exported ${file.name}`).waitFor();
  await sleep(300); // past its fade-in
  await page.screenshot({ path: join(ARTIFACTS, 'export-toast.png') });
  assert.match(await toast(`Exported ${file.name}`).innerText(), /3 memories · [\d.]+ (kB|B)/);
  assert.match(file.text, /^<\?xml/);
  await assertExactly(readGraphml(file.text), ids, 'GraphML');
  await dialog().waitFor({ state: 'detached' });
  // Exporting changes nothing: the selection stays for the next action.
  assert.deepEqual((await selected()).sort(), [...ids].sort());
  seeded.picked = ids;
});

test('the palette’s "Export selection…" exports them as Cytoscape JSON, the same three and their links', async () => {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await until('the palette to have the keyboard', () => palette.locator('input').evaluate((el) => el === document.activeElement).catch(() => false));
  await page.keyboard.type('Export');
  const labels = await palette.locator('li').allInnerTexts();
  assert.ok(labels.some((l) => l.startsWith('Export…')), `the palette offers Export… (${labels})`);
  assert.ok(labels.some((l) => l.startsWith('Export selection…')), `the palette offers Export selection… (${labels})`);
  await palette.locator('li button', { hasText: 'Export selection…' }).click();
  await dialog().waitFor();
  assert.equal(await page.getByTestId('export-scope-selection').locator('input').isChecked(), true);
  await page.getByTestId('export-format-json').click();
  const file = await download();
  assert.match(file.name, /^mnemo-selection-3-\d{4}-\d\d-\d\d\.json$/);
  await assertExactly(readCytoscape(file.text), seeded.picked, 'Cytoscape JSON');
  await toast(`Exported ${file.name}`).waitFor();
  // Esc clears the selection now that the dialog is gone.
  await page.keyboard.press('Escape');
  await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
});

test('Esc closes the dialog and keeps the selection', async () => {
  const id = seeded.atlas[3].id;
  await clickNodeOn(page, id, { shift: true });
  await until('one memory picked', async () => (await selected()).length === 1, 5_000);
  await resetCamera();
  await page.getByTestId('bulk-export').click();
  await dialog().waitFor();
  await page.keyboard.press('Escape');
  await dialog().waitFor({ state: 'detached' });
  assert.deepEqual(await selected(), [id], 'Esc in the dialog did not clear the selection');
  await page.keyboard.press('Escape');
  await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
});

test('what a tag filter shows exports just those memories', async () => {
  const tag = page.locator('.graph-toolbar .tag-input');
  await tag.fill('#draft');
  await tag.press('Enter');
  await sleep(400);
  await page.getByTestId('export-open').click();
  await dialog().waitFor();
  const visible = page.getByTestId('export-scope-visible');
  // Nothing is selected: what the filters show is where the dialog starts.
  assert.equal(await visible.locator('input').isChecked(), true, 'the filtered view is the scope');
  assert.match(await visible.innerText(), /What the filters show \(2 memories\)/);
  await page.getByTestId('export-format-json').click();
  const file = await download();
  assert.match(file.name, /^mnemo-filtered-2-\d{4}-\d\d-\d\d\.json$/);
  assert.deepEqual(readCytoscape(file.text).nodes.sort(), seeded.drafts.map((m) => m.id).sort());
  await page.locator('.graph-toolbar .chip-clear').click();
});

test('everything, from the top bar, downloads one JSONL line per memory REST has', async () => {
  await page.getByTestId('export-open').click();
  await dialog().waitFor();
  // With nothing selected or filtered, the choices are a space and everything.
  assert.equal(await page.getByTestId('export-scope-selection').count(), 0);
  assert.equal(await page.getByTestId('export-scope-visible').count(), 0);
  await page.getByTestId('export-scope-all').click();
  assert.equal(await page.getByTestId('export-format-jsonl').locator('input').isChecked(), true, 'JSONL is the default');
  const file = await download();
  assert.match(file.name, /^mnemo-all-\d{4}-\d\d-\d\d\.jsonl$/);
  const lines = file.text.split('\n').filter((l) => l.trim());
  const snap = await api(server.url, '/api/v1/snapshot');
  assert.equal(lines.length, snap.memories.length, 'one line per memory');
  assert.deepEqual(lines.map((l) => JSON.parse(l).id).sort(), snap.memories.map((m) => m.id).sort());
  await toast(`Exported ${file.name}`).waitFor();
  assert.match(await toast(`Exported ${file.name}`).innerText(), new RegExp(`${snap.memories.length} memories`));
});

test('a space exports only its memories', async () => {
  await page.getByTestId('export-open').click();
  await dialog().waitFor();
  await page.getByTestId('export-space').selectOption('work');
  assert.equal(await page.getByTestId('export-scope-space').locator('input').isChecked(), true, 'picking a space picks the space scope');
  assert.match(await page.getByTestId('export-scope-space').innerText(), /\(1 memory\)/);
  const file = await download();
  assert.match(file.name, /^mnemo-work-\d{4}-\d\d-\d\d\.jsonl$/);
  const lines = file.text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.id), [seeded.work.id]);
});
