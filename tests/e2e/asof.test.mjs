// The two time questions in a real Chromium against `mnemo serve` on a real store. "Known then":
// a fact is recorded, then edited, and another memory added; at an instant between the two the
// graph is the one Mnemo knew (the old text, not the later memory), read-only under a banner,
// untouched by a change made meanwhile, and "Back to now" brings the live graph back whole.
// "True then": a fact superseded by another, and a link that ended, show only while they held.
// The retrieval inspector's "Known at" recalls the memory as it was then and nothing recorded
// later. Screenshots asof-known.png and asof-true.png in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, ARTIFACTS, sleep, until as waitUntil, addMemory, clickNode as clickNodeOn } from './harness.mjs';

let server, browser, page;
const seeded = {};
/** Uncaught errors in the page: a wait that times out says whether the app crashed meanwhile. */
const pageErrors = [];

const add = (text, extra) => addMemory(server.url, text, extra);
const until = (what, check, timeout) => waitUntil(what, check, { timeout, pageErrors });
const clickNode = (id, opts = {}) => clickNodeOn(page, id, { ratio: 0.1, ...opts });

const graphHas = (id) => page.evaluate((id) => window.__mnemo.graph.hasNode(id), id);
const label = (id) => page.evaluate((id) => window.__mnemo.graph.getNodeAttribute(id, 'label'), id);
const order = () => page.evaluate(() => window.__mnemo.graph.order);

/** Whether sigma draws a node (or, with `edge`, a link) now: filtered ones are culled. */
const drawn = (id, edge = false) =>
  page.evaluate(
    ([id, edge]) => {
      const s = window.__mnemo.sigma;
      const d = edge ? s.getEdgeDisplayData(id) : s.getNodeDisplayData(id);
      return !!d && !d.hidden;
    },
    [id, edge],
  );

/** The as-of instant typed into the timeline's date-time field, in the page's local time. */
async function setInstant(ms) {
  const local = await page.evaluate((ms) => {
    const d = new Date(ms);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, ms);
  await page.getByTestId('asof-input').fill(local);
}

/** Frames these memories (for a screenshot that shows them), the mouse off the graph so none is dimmed. */
async function frameNodes(ids) {
  await page.mouse.move(5, 5);
  await page.evaluate((ids) => {
    const s = window.__mnemo.sigma;
    const ds = ids.map((id) => s.getNodeDisplayData(id));
    const xs = ds.map((d) => d.x);
    const ys = ds.map((d) => d.y);
    const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    s.getCamera().setState({ x: (Math.max(...xs) + Math.min(...xs)) / 2, y: (Math.max(...ys) + Math.min(...ys)) / 2, ratio: Math.min(1.6, Math.max(0.2, span * 1.6)) });
  }, ids);
  await sleep(400);
}

before(async () => {
  server = await serve(tempStore('mnemo-e2e-asof-'));
  seeded.standup = await add('The team standup is at 9:30 every weekday', { kind: 'fact', title: 'Standup time' });
  seeded.desk = await add('Hot desks are booked through the front office', { kind: 'note', title: 'Desk booking' });
  // T1 lies well inside the quiet second between the first writes and the edit.
  await sleep(1500);
  seeded.t1 = Math.floor(Date.now() / 1000) * 1000;
  await sleep(1500);
  await api(server.url, `/api/v1/memories/${seeded.standup.id}`, {
    method: 'PATCH',
    body: JSON.stringify({ text: 'The team standup moved to 10:00 every weekday', title: 'Standup time (moved)' }),
  });
  seeded.lunch = await add('Team lunch is on Fridays at noon', { kind: 'fact', title: 'Friday lunch' });

  ({ browser, page } = await openApp(server.url));
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('known then: the graph as Mnemo knew it at T1, read-only, and back to now', async () => {
  const { standup, lunch, desk, t1 } = seeded;
  assert.match(await label(standup.id), /moved/, 'the live graph has the edited title');
  assert.ok(await graphHas(lunch.id), 'the live graph has the later memory');

  await page.getByTestId('asof-mode-known').click();
  await page.getByTestId('asof-toggle').check();
  await setInstant(t1);
  const banner = page.getByTestId('past-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /What Mnemo knew on .* — read-only/);
  await page.locator('[data-testid="past-banner"][aria-busy="false"]').waitFor();
  assert.equal(Date.parse(await banner.getAttribute('data-at')), t1, 'the banner is about T1');

  // What Mnemo knew at T1: the old text, and not the memory added after it.
  await until('the past graph to drop the later memory', async () => !(await graphHas(lunch.id)));
  assert.equal(await label(standup.id), 'Standup time');
  assert.ok(await graphHas(desk.id), 'a memory known at T1 is there');

  // The inspector's place shows the memory as it was then, with nothing to edit.
  await clickNode(standup.id);
  const card = page.locator(`[data-testid="past-memory"][data-id="${standup.id}"]`);
  await card.waitFor({ timeout: 10_000 }).catch(async (e) => {
    await page.screenshot({ path: join(ARTIFACTS, 'asof-known-click-failed.png') });
    const state = await page.evaluate(() => ({ cam: window.__mnemo.sigma.getCamera().getState(), order: window.__mnemo.graph.order, sel: document.querySelector('[data-testid="past-memory"]')?.outerHTML.slice(0, 200) }));
    throw new Error(`${e.message}\n${JSON.stringify(state)}`);
  });
  assert.match(await card.getByTestId('past-memory-text').innerText(), /at 9:30/);
  assert.equal(await page.locator('[data-testid="inspector"]').count(), 0, 'the editable inspector is not shown');
  assert.equal(await card.locator('input, textarea, select, [contenteditable="true"]').count(), 0);
  await frameNodes([standup.id, desk.id]);
  await page.screenshot({ path: join(ARTIFACTS, 'asof-known.png') });

  // Editing is off: + New is disabled, and N does not open quick add.
  assert.equal(await page.getByRole('button', { name: '+ New' }).isDisabled(), true);
  await page.locator('.graph-canvas').hover();
  await page.keyboard.press('Escape');
  await page.keyboard.press('n');
  await sleep(300);
  assert.equal(await page.getByTestId('quick-add').count(), 0, 'quick add stays closed in the past');

  // A change made now does not reach the past on screen.
  const later = await add('The printer on floor two is out of toner', { kind: 'note', title: 'Printer' });
  await sleep(1500);
  assert.equal(await graphHas(later.id), false, 'a live change is not applied to the past view');
  assert.equal(await label(standup.id), 'Standup time');

  // Back to now: the live graph, with everything since, as the engine counts it.
  await page.getByTestId('back-to-now').click();
  await banner.waitFor({ state: 'detached' });
  await until('the live graph to have the change made meanwhile', () => graphHas(later.id));
  const overview = await api(server.url, '/api/v1/overview');
  await until('the node count to equal the overview', async () => (await order()) === overview.memories);
  assert.match(await label(standup.id), /moved/);
  assert.ok(await graphHas(lunch.id));
  assert.equal(await page.getByRole('button', { name: '+ New' }).isDisabled(), false, 'editing is back');
  assert.equal(await page.getByTestId('asof-toggle').isChecked(), false);
});

test('true then: a superseded fact before and after its replacement, and a link that ended', async () => {
  // The office was in Lyon from 2020 until Paris replaced it on 1 June 2024.
  const lyon = await add('The office is in Lyon', { kind: 'fact', title: 'Office in Lyon', valid_from: '2020-01-01T00:00:00Z' });
  const sup = await api(server.url, `/api/v1/memories/${lyon.id}/supersede`, {
    method: 'POST',
    body: JSON.stringify({ new: { text: 'The office is in Paris', kind: 'fact', title: 'Office in Paris', valid_from: '2024-06-01T00:00:00Z' } }),
  });
  const paris = sup.new;
  assert.equal(sup.old.status, 'superseded');
  // Ann and Bob shared a project from January to the end of March 2024.
  const ann = await add('Ann leads the data team', { kind: 'fact', title: 'Ann', valid_from: '2020-01-01T00:00:00Z' });
  const bob = await add('Bob runs the infrastructure', { kind: 'fact', title: 'Bob', valid_from: '2020-01-01T00:00:00Z' });
  const worked = await api(server.url, '/api/v1/edges', {
    method: 'POST',
    body: JSON.stringify({ from: ann.id, to: bob.id, kind: 'related', relation: 'worked with', valid_from: '2024-01-01T00:00:00Z', valid_until: '2024-04-01T00:00:00Z' }),
  });
  for (const id of [lyon.id, paris.id, ann.id, bob.id]) await until(`${id} on the live graph`, () => graphHas(id));
  await page.waitForFunction((id) => window.__mnemo.graph.hasEdge(id), worked.id, { timeout: 20_000 });

  await page.getByTestId('asof-mode-true').click();
  await page.getByTestId('asof-toggle').check();
  assert.equal(await page.getByTestId('past-banner').count(), 0, 'true then filters the live graph: no past view');

  // 1 March 2024: Lyon holds (drawn as current then), Paris does not yet, and the link holds.
  await setInstant(Date.parse('2024-03-01T12:00:00Z'));
  await until('Lyon shown and Paris hidden on 1 March', async () => (await drawn(lyon.id)) && !(await drawn(paris.id)));
  assert.ok(await drawn(ann.id) && (await drawn(bob.id)));
  assert.ok(await drawn(worked.id, true), 'the link held on 1 March');
  const lyonColour = await page.evaluate((id) => window.__mnemo.sigma.getNodeDisplayData(id).color, lyon.id);
  const annColour = await page.evaluate((id) => window.__mnemo.sigma.getNodeDisplayData(id).color, ann.id);
  assert.equal(lyonColour, annColour, 'the superseded fact is drawn as the current fact it was then');
  // Lyon in the inspector, with the three memories true then framed around it.
  await clickNode(lyon.id);
  await page.locator(`[data-testid="inspector"][data-id="${lyon.id}"]`).waitFor();
  await frameNodes([lyon.id, ann.id, bob.id]);
  await page.screenshot({ path: join(ARTIFACTS, 'asof-true.png') });

  // A selected memory stays drawn through filters: let Lyon go first.
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="inspector"]').waitFor({ state: 'hidden' });

  // 1 September 2024: Paris holds, Lyon no longer; Ann and Bob still do, their link has ended.
  await setInstant(Date.parse('2024-09-01T12:00:00Z'));
  await until('Paris shown and Lyon hidden on 1 September', async () => (await drawn(paris.id)) && !(await drawn(lyon.id)));
  assert.ok(await drawn(ann.id) && (await drawn(bob.id)), 'both ends of the link are shown');
  assert.equal(await drawn(worked.id, true), false, 'a link that ended is not drawn');
  // The memories written today were not true yet in 2024.
  assert.equal(await drawn(seeded.lunch.id), false);

  // Off again: everything shows.
  await page.getByTestId('asof-toggle').uncheck();
  await until('every memory drawn again', async () => (await drawn(lyon.id)) && (await drawn(paris.id)) && (await drawn(worked.id, true)));
});

test('the retrieval inspector asks what was known at T1: the old text, and nothing recorded later', async () => {
  const { standup, lunch, t1 } = seeded;
  await page.getByRole('button', { name: 'Recall', exact: true }).click();
  await page.getByRole('button', { name: /Parameters/ }).click();
  const local = await page.evaluate((ms) => {
    const d = new Date(ms);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, t1);
  await page.getByTestId('query-known-at').fill(local);
  await page.getByTestId('query-input').fill('team standup and lunch');
  await page.getByTestId('query-run').click();
  await page.getByTestId('trace-time').waitFor();
  assert.match(await page.getByTestId('trace-time').innerText(), /^known at /);

  const ids = await page.getByTestId('result-item').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.ok(ids.includes(standup.id), `the fact known then is found: ${ids}`);
  assert.ok(!ids.includes(lunch.id), 'a memory recorded after T1 is not');
  const row = page.locator(`[data-testid="result-item"][data-id="${standup.id}"]`);
  assert.doesNotMatch(await row.innerText(), /moved/, 'the result is the memory as it was then');

  // The engine was asked exactly that.
  // (Traces are recorded after the answer: wait for it.)
  const [latest] = await until('the trace to be recorded', async () => {
    const list = await api(server.url, '/api/v1/traces?limit=1');
    return list.length ? list : null;
  });
  const trace = await api(server.url, `/api/v1/traces/${latest.id}`);
  assert.equal(Date.parse(trace.query.known_at), t1);
  assert.equal(trace.query.as_of, null);
});
