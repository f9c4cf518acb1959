// The UI in a real Chromium against `mnemo serve` on a real store: the graph loads, a query
// shows its results and path, an edit survives a reload, and a memory added by another process
// appears live. Screenshots land in test-results/ for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, mnemo, api, apiBase, addMemory, ARTIFACTS } from './harness.mjs';

let server, browser, page, db;

before(async () => {
  db = tempStore();
  server = await serve(db, '--demo');
  ({ browser, page } = await openApp(server.url));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the page loads with the whole graph drawn', async () => {
  const overview = await api(server.url, '/api/v1/overview');
  assert.ok(overview.memories > 26, `the demo memory and its entities: ${overview.memories}`);
  const order = await page.evaluate(() => window.__mnemo.graph.order);
  assert.equal(order, overview.memories);
  const size = await page.evaluate(() => window.__mnemo.graph.size);
  assert.equal(size, overview.edges);
  await page.getByTestId('status-count').filter({ hasText: String(overview.memories) }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'ui-graph.png') });
});

test('a query shows results with signal bars, stages, and its path on the graph', async () => {
  await page.getByTitle('Retrieval inspector (R)').click();
  await page.getByTestId('query-input').fill('what did we decide about the database?');
  await page.getByTestId('query-run').click();
  const first = page.getByTestId('result-item').first();
  await first.waitFor({ timeout: 30_000 });
  const ids = await page.getByTestId('result-item').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.ok(ids.length >= 3, `results: ${ids.length}`);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-retrieval.png') });
  await page.getByRole('button', { name: /^Stages/ }).click();
  await page.getByTestId('stage').first().waitFor();
  const kinds = await page.getByTestId('stage').evaluateAll((els) => els.map((e) => e.dataset.kind));
  for (const k of ['vector', 'keyword', 'fusion', 'rerank']) assert.ok(kinds.includes(k), `stage ${k} shown: ${kinds}`);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-stages.png') });
  const pathIds = (await page.getByTestId('graph-canvas').getAttribute('data-path-ids')).split(' ').filter(Boolean);
  for (const id of ids) assert.ok(pathIds.includes(id), `result ${id} is highlighted on the graph`);
  // The answer is the same as the API's, in the same order.
  const traceItems = await page.getByTestId('trace-item').count();
  assert.ok(traceItems >= 1, 'the query joins the list of traces');
});

test('a query that names a day shows the date signal and puts that day first', async () => {
  await page.getByTestId('query-input').fill('what did we benchmark on May 10, 2024?');
  await page.getByTestId('query-run').click();
  await page.getByRole('button', { name: /^Results/ }).click();
  const first = page.getByTestId('result-item').first();
  await page.locator('[data-testid="result-item"] .sig-date').first().waitFor({ timeout: 30_000 });
  const dates = await page.locator('[data-testid="result-item"] .sig-date').evaluateAll((els) =>
    els.map((e) => !e.classList.contains('absent') && e.querySelector('.sig-bar span').style.width));
  assert.equal(dates[0], '100%', `the first result is of that day: ${dates}`);
  assert.ok(dates.slice(1).some((w) => w === '0%'), `others are not: ${dates}`);
  const text = await first.locator('.result-title').innerText();
  assert.match(text, /Benchmarked LanceDB/, `the memory of May 10 comes first: ${text}`);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-retrieval-date.png') });
});

test('an edit in the inspector persists across a reload', async () => {
  await page.getByRole('button', { name: /^Results/ }).click();
  const first = page.getByTestId('result-item').first();
  const id = await first.getAttribute('data-id');
  await first.click();
  await page.locator(`[data-testid="inspector"][data-id="${id}"]`).waitFor();
  const title = page.getByTestId('inspector-title');
  await title.fill('Edited in the browser test');
  await title.press('Enter');
  // Saved through the API: the stored memory has the new title (and a new version).
  let stored;
  for (let i = 0; i < 100; i++) {
    stored = await api(server.url, `/api/v1/memories/${id}`);
    if (stored.memory.title === 'Edited in the browser test') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(stored.memory.title, 'Edited in the browser test');
  assert.ok(stored.memory.version >= 2);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-inspector.png') });
  await page.reload();
  await page.waitForFunction(() => window.__mnemo?.ready === true, null, { timeout: 60_000 });
  const label = await page.evaluate((id) => window.__mnemo.graph.getNodeAttribute(id, 'label'), id);
  assert.equal(label, 'Edited in the browser test');
});

test('a memory added by another process appears live, next to its neighbours', async () => {
  const before = await page.evaluate(() => window.__mnemo.graph.order);
  const id = mnemo(db, 'add', 'Priya wants the LanceDB migration done before the Atlas launch', '--title', 'Added from the CLI', '--entity', 'Priya').trim();
  await page.waitForFunction((id) => window.__mnemo.graph.hasNode(id), id, { timeout: 20_000 });
  const after = await page.evaluate(() => window.__mnemo.graph.order);
  assert.ok(after >= before + 1);
  const attrs = await page.evaluate((id) => window.__mnemo.graph.getNodeAttributes(id), id);
  assert.equal(attrs.label, 'Added from the CLI');
  assert.ok(Number.isFinite(attrs.x) && Number.isFinite(attrs.y), 'it was placed');
  // The activity feed lists the other process's write, live.
  await page.getByTitle('Activity feed: every change, by whom').click();
  await page.getByTestId('activity-item').filter({ hasText: 'Added from the CLI' }).first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-live-add.png') });
});

/** One MCP tool call over streamable HTTP at /mcp, as an agent named `name` (JSON-RPC by hand). */
async function mcpTool(url, name, tool, args) {
  const { origin, token } = apiBase(url);
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  const post = async (body, session) => {
    const res = await fetch(origin + '/mcp', { method: 'POST', headers: session ? { ...headers, 'mcp-session-id': session } : headers, body: JSON.stringify(body) });
    assert.ok(res.status < 300, `MCP ${body.method}: HTTP ${res.status}`);
    const text = await res.text();
    const messages = text.startsWith('{')
      ? [JSON.parse(text)]
      : text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).filter(Boolean).map((l) => JSON.parse(l));
    return { session: res.headers.get('mcp-session-id'), message: messages.find((m) => m.id === body.id) };
  };
  const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name, version: '1.0' } } });
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, init.session);
  const { message } = await post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: tool, arguments: args } }, init.session);
  assert.ok(message?.result && !message.result.isError, `MCP ${tool}: ${JSON.stringify(message)}`);
  return message.result.structuredContent;
}

test("an agent's recall over MCP joins the trace list live and opens with its path", async () => {
  if (await page.locator('aside.side').isHidden()) await page.getByTitle('Retrieval inspector (R)').click();
  await page.locator('nav.tabs').getByRole('button', { name: 'Retrieval' }).click();
  const answer = await mcpTool(server.url, 'e2e-agent', 'recall', { query: 'which database did we choose and why?', limit: 5 });
  assert.ok(answer.results.length >= 1 && answer.trace_id, `the agent's recall: ${JSON.stringify(answer).slice(0, 300)}`);
  const item = page.locator(`[data-testid="trace-item"][data-id="${answer.trace_id}"]`);
  await item.waitFor({ timeout: 20_000 });
  assert.match(await item.innerText(), /e2e-agent/, 'the trace names the agent');
  await item.click();
  await page.waitForFunction(
    (ids) => {
      const shown = (document.querySelector('[data-testid="graph-canvas"]')?.getAttribute('data-path-ids') ?? '').split(' ');
      return ids.every((id) => shown.includes(id));
    },
    answer.results.map((r) => r.id),
    { timeout: 20_000 },
  );
  await page.screenshot({ path: join(ARTIFACTS, 'ui-agent-trace.png') });
});

test('the Connect dialog shows the MCP endpoint and the token', async () => {
  await page.getByTestId('connect-open').click();
  await page.getByTestId('connect-dialog').waitFor();
  const origin = new URL(server.url).origin;
  assert.equal(await page.getByTestId('connect-mcp').innerText(), `${origin}/mcp`);
  assert.equal(await page.getByTestId('connect-rest').innerText(), `${origin}/api/v1`);
  await page.getByRole('button', { name: 'Show' }).click();
  assert.equal(await page.getByTestId('connect-token').innerText(), new URL(server.url).searchParams.get('token'));
  await page.screenshot({ path: join(ARTIFACTS, 'ui-connect.png') });
  await page.getByRole('button', { name: 'Done' }).click();
});

test('the status bar shows the store path and copies it', async () => {
  const overview = await api(server.url, '/api/v1/overview');
  assert.equal(await page.getByTestId('status-store').innerText(), overview.store);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await page.getByTestId('copy-store-path').click();
  await page.getByText('Copied the store path').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), overview.store);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-status-copy.png'), clip: { x: 0, y: 840, width: 1440, height: 60 } });
});

test('the reply to a question that matches follows it, with its reply signal and stage', async () => {
  const turns = [
    'Caroline: How did the kids handle the accident on your road trip?',
    "Melanie: They were scared, but we reassured them. They're tough.",
    'Caroline: Glad to hear it. Are you painting again?',
  ];
  const ids = [];
  for (const [i, text] of turns.entries()) {
    const made = await addMemory(server.url, text, { session: 'road-trip', occurred_at: `2024-05-03T10:00:0${i}Z` });
    ids.push(made.id);
  }
  const toggle = page.getByTitle('Retrieval inspector (R)');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await page.getByTestId('query-input').fill('how did the kids handle the accident');
  await page.getByTestId('query-run').click();
  await page.getByRole('button', { name: /^Results/ }).click();
  await page.locator('[data-testid="result-item"] .sig-reply').first().waitFor({ timeout: 30_000 });
  const rows = await page.getByTestId('result-item').evaluateAll((els) =>
    els.map((e) => ({ id: e.dataset.id, reply: !e.querySelector('.sig-reply').classList.contains('absent') })));
  assert.deepEqual(rows.slice(0, 2).map((r) => r.id), ids.slice(0, 2), `the question, then its reply: ${JSON.stringify(rows)}`);
  assert.deepEqual(rows.slice(0, 2).map((r) => r.reply), [false, true], 'only the reply has the signal');
  const tip = await page.locator(`[data-id="${ids[1]}"] .sig-reply`).getAttribute('title');
  assert.match(tip, /lent by the question it answers/);
  await page.screenshot({ path: join(ARTIFACTS, 'ui-retrieval-reply.png') });
  await page.getByRole('button', { name: /^Stages/ }).click();
  const replies = page.locator('[data-testid="stage"][data-kind="replies"]');
  await replies.waitFor();
  assert.match(await replies.innerText(), /Replies/);
});
