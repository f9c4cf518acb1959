// The retrieval lab in a real Chromium against `mnemo serve` on a real store. An agent with a
// named token recalls over REST; after a new memory that its query finds, the person replays the
// agent's trace from the trace list: the replay column shows the new memory with a "new" badge
// (and "as of then" does not), as the REST replay says. A configuration saved in the editor with
// changed weights and made the default keeps its marker across a reload, and the agent's next
// recall over REST (and over MCP) names it in its trace. Three judgments made with the keyboard
// reach GET /judgments; evaluating two configurations shows the figures this test computes from
// the recalls' own ranks. "Why not?" on a memory outside the query's space names the filter.
// Screenshots lab-*.png land in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, apiBase, ARTIFACTS, sleep, until as waitUntil, addMemory } from './harness.mjs';

let server, browser, page;
const pageErrors = [];
const until = (what, check, timeout) => waitUntil(what, check, { timeout, pageErrors });
const stamp = Date.now().toString(36);
const mem = {};
let scout;
let agentTrace;

/** A request as the agent, with its own token: the status and the body, whatever the status. */
async function asAgent(path, init = {}) {
  const { origin } = apiBase(server.url);
  const res = await fetch(origin + path, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${scout.secret}`, ...(init.headers || {}) },
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const post = (path, body) => api(server.url, path, { method: 'POST', body: JSON.stringify(body) });
const toast = (text) => page.getByTestId('toast').filter({ hasText: text }).first();
const cfgRow = (name) => page.locator(`[data-testid="config-row"][data-name="${name}"]`);
const cfgInput = (path) => page.locator(`[data-testid="config-field"][data-path="${path}"] input`);

async function openLab(view) {
  if (!(await page.getByTestId('lab').isVisible())) await page.getByTestId('lab-open').click();
  await page.getByTestId(`lab-tab-${view}`).click();
}

async function openRetrieval() {
  await page.getByTestId('query-input').isVisible() || (await page.keyboard.press('r'));
  await page.getByTestId('query-input').waitFor();
}

// ── The measures, as the engine defines them (crates/mnemo-engine/src/lab/metrics.rs) ──
const recallAt = (ranked, relevant, k) => (relevant.length ? relevant.filter((r) => ranked.slice(0, k).includes(r)).length / relevant.length : 0);
const rr = (ranked, relevant) => {
  const i = ranked.findIndex((id) => relevant.includes(id));
  return i < 0 ? 0 : 1 / (i + 1);
};
const ndcg = (ranked, relevant, k) => {
  const gain = (i) => 1 / Math.log2(i + 2);
  const dcg = ranked.slice(0, k).reduce((s, id, i) => s + (relevant.includes(id) ? gain(i) : 0), 0);
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.length, k); i++) ideal += gain(i);
  return ideal ? dcg / ideal : 0;
};
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

before(async () => {
  server = await serve(tempStore('mnemo-e2e-lab-'));
  const texts = {
    pipeline: `The zephyr-${stamp} deploy pipeline runs on the build server`,
    rack: `The zephyr-${stamp} build server sits in the Frankfurt rack`,
    checklist: `Priya owns the zephyr-${stamp} release checklist`,
    notes: `Release notes for zephyr-${stamp} go out on Fridays`,
    lunch: 'The team lunch is on Thursdays at the Thai place',
  };
  for (const [k, text] of Object.entries(texts)) mem[k] = await addMemory(server.url, text);
  // Outside the default space: a recall limited to "default" filters it out.
  mem.vault = await addMemory(server.url, `The zephyr-${stamp} deploy key for the build server is in the vault`, { space: 'secrets' });
  scout = await post('/api/v1/tokens', { name: 'scout', policy: 'trusted' });
  assert.match(scout.secret, /^mnemo_agent_/);
  ({ browser, page } = await openApp(server.url));
  page.on('pageerror', (e) => pageErrors.push(e));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('an agent’s trace replayed after a new memory shows it as new, as the REST replay does', async () => {
  const r = await asAgent('/api/v1/recall', { method: 'POST', body: JSON.stringify({ query: { text: `zephyr-${stamp} deploy build server`, limit: 10 } }) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  agentTrace = r.body.trace;
  assert.equal(agentTrace.actor, 'agent:scout');
  assert.equal(agentTrace.config_name, 'standard');
  // Learned after the agent asked: today's memory has it, the memory as of then does not.
  mem.fresh = await addMemory(server.url, `Deploy the zephyr-${stamp} build server with the blue-green deploy script`);

  await openRetrieval();
  const row = page.locator(`[data-testid="trace-row"][data-id="${agentTrace.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /agent:scout/);
  await until('the trace list to name its configuration', async () => (await row.getByTestId('trace-config').innerText()).trim() === 'standard');
  await row.getByTestId('trace-replay').click();

  const view = page.getByTestId('replay-view');
  await until('the replay to be ready', async () => (await view.getAttribute('data-status')) === 'ready');
  assert.equal((await page.getByTestId('replay-original-config').innerText()).trim(), 'standard');
  const fresh = page.locator(`[data-testid="replay-row"][data-side="replay"][data-id="${mem.fresh.id}"]`);
  await fresh.waitFor();
  assert.equal(await fresh.getAttribute('data-movement'), 'new');
  assert.equal((await fresh.getByTestId('movement').innerText()).trim(), 'new');
  assert.equal(await page.locator(`[data-testid="replay-row"][data-side="original"][data-id="${mem.fresh.id}"]`).count(), 0);

  // The REST replay agrees, row for row: same order, same movements.
  const rest = await post(`/api/v1/traces/${agentTrace.id}/replay`, {});
  const restNew = rest.changes.find((c) => c.id === mem.fresh.id);
  assert.deepEqual([restNew.movement, restNew.before], ['new', null]);
  const want = rest.changes.filter((c) => c.after !== null).sort((a, b) => a.after - b.after);
  const shown = await page.locator('[data-testid="replay-row"][data-side="replay"]').evaluateAll((els) => els.map((e) => [e.dataset.id, e.dataset.movement]));
  assert.deepEqual(shown, want.map((c) => [c.id, c.movement]));
  const badges = await page.locator('[data-testid="replay-row"][data-side="replay"] [data-testid="movement"]').allInnerTexts();
  assert.deepEqual(
    badges.map((b) => b.trim()),
    want.map((c) => ({ new: 'new', same: '=', up: `↑${c.before - c.after}`, down: `↓${c.after - c.before}`, dropped: 'dropped' })[c.movement]),
  );
  assert.match(await page.getByTestId('replay-summary').innerText(), /1 new/);
  // The agent may replay its own trace too, and sees the same.
  const own = await asAgent(`/api/v1/traces/${agentTrace.id}/replay`, { method: 'POST', body: '{}' });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.equal(own.body.changes.find((c) => c.id === mem.fresh.id)?.movement, 'new');

  // Both paths on the graph, in two colours: the overlay holds the new memory, the legend says which is which.
  await page.getByTestId('compare-legend').waitFor();
  await until('the graph to highlight the new memory', async () => ((await page.getByTestId('graph-canvas').getAttribute('data-path-ids')) ?? '').includes(mem.fresh.id));
  // Per-signal deltas on expand.
  const moved = page.locator('[data-testid="replay-row"][data-side="replay"][data-movement="down"]').first();
  await moved.getByTestId('replay-row-expand').click();
  const deltas = moved.getByTestId('signal-deltas');
  await deltas.waitFor();
  assert.match(await deltas.innerText(), /Final score/);
  await sleep(600);
  await page.screenshot({ path: join(ARTIFACTS, 'lab-replay.png') });

  // As of then: what the agent could have found when it asked: not the new memory.
  await page.getByTestId('replay-as-of-then').click();
  await until('the as-of-then replay', async () => (await view.getAttribute('data-status')) === 'ready' && (await page.getByTestId('replay-as-of-then').getAttribute('aria-pressed')) === 'true');
  assert.equal(await page.locator(`[data-testid="replay-row"][data-id="${mem.fresh.id}"]`).count(), 0);
  const then = await post(`/api/v1/traces/${agentTrace.id}/replay`, { as_of_then: true });
  assert.ok(!then.changes.some((c) => c.id === mem.fresh.id), JSON.stringify(then.changes));
  // The same memories as the original. (Their order may still move: BM25's statistics and the
  // graph the expansion walks are today's, so scores differ from the original's; see the report.)
  assert.deepEqual(then.changes.map((c) => c.id).sort(), agentTrace.results.map((c) => c.id).sort());
  const thenShown = await page.locator('[data-testid="replay-row"][data-side="replay"]').evaluateAll((els) => els.map((e) => [e.dataset.id, e.dataset.movement]));
  assert.deepEqual(thenShown, then.changes.filter((c) => c.after !== null).sort((a, b) => a.after - b.after).map((c) => [c.id, c.movement]));
  // Nothing was recorded by the replays.
  assert.equal((await api(server.url, '/api/v1/traces')).filter((t) => t.id !== agentTrace.id && t.actor === 'user').length, 0);
});

test('a configuration saved in the editor and made default persists across a reload, and the agent’s recall names it', async () => {
  await openLab('configs');
  await until('standard to be the default', async () => (await cfgRow('standard').getAttribute('data-default')) === 'true');
  await page.getByTestId('config-editor').waitFor();
  // Every group, with meanings and bounds.
  for (const group of ['candidates', 'fusion', 'expansion', 'rerank']) assert.equal(await page.locator(`fieldset[data-group="${group}"]`).count(), 1);
  assert.match(await page.locator('[data-testid="config-field"][data-path="expansion.hops"]').innerText(), /0…4/);
  assert.match(await page.locator('[data-testid="config-field"][data-path="expansion.edge_weights.mentions"]').innerText(), /0…10/);

  await cfgInput('rerank.graph').fill('0.9');
  await cfgInput('rerank.relevance').fill('0.4');
  await cfgInput('expansion.hops').fill('3');
  await cfgInput('expansion.edge_weights.mentions').fill('1.5');
  // Out of bounds: said beside the field, and nothing can be saved.
  await cfgInput('seeds').fill('500');
  assert.match(await page.locator('[data-testid="config-field"][data-path="seeds"]').innerText(), /must be within 0…100/);
  await cfgInput('seeds').fill('10');
  await until('four changes', async () => /4 changed/.test(await page.getByTestId('config-changed').innerText().catch(() => '')));
  assert.match(await page.locator('[data-testid="config-field"][data-path="rerank.graph"]').innerText(), /was 0\.3/);
  await page.locator('fieldset[data-group="rerank"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'lab-config-editing.png') });

  await page.getByTestId('config-save-as-open').click();
  await page.getByTestId('config-name').fill('standard');
  await page.getByTestId('config-save-as-submit').click();
  assert.match(await page.getByTestId('config-name-error').innerText(), /built-in/);
  await page.getByTestId('config-name').fill('graph-heavy');
  await page.getByTestId('config-save-as-submit').click();
  await cfgRow('graph-heavy').waitFor();
  const book = await api(server.url, '/api/v1/configs');
  const saved = book.configs.find((c) => c.name === 'graph-heavy').config;
  assert.deepEqual([saved.rerank.graph, saved.rerank.relevance, saved.expansion.hops, saved.expansion.edge_weights.mentions, saved.seeds], [0.9, 0.4, 3, 1.5, 10]);
  assert.equal(saved.vector_k, 50, 'the fields left alone keep the standard values');

  await cfgRow('graph-heavy').getByTestId('config-make-default').click();
  await until('graph-heavy to be the default', async () => (await cfgRow('graph-heavy').getAttribute('data-default')) === 'true');
  assert.equal((await api(server.url, '/api/v1/configs')).default, 'graph-heavy');
  await cfgRow('graph-heavy').getByTestId('config-pick').click();
  await page.locator('[data-testid="config-field"][data-path="rerank.graph"] input').waitFor();
  assert.equal(await cfgInput('rerank.graph').inputValue(), '0.9');
  await page.screenshot({ path: join(ARTIFACTS, 'lab-config-editor.png') });

  // A copy under another name, renamed, then deleted.
  await page.getByTestId('config-save-as-open').click();
  await page.getByTestId('config-name').fill('scratch');
  await page.getByTestId('config-save-as-submit').click();
  await cfgRow('scratch').waitFor();
  await cfgRow('scratch').getByTestId('config-rename').click();
  await page.getByTestId('config-rename-input').fill('scratch-2');
  await page.getByTestId('config-rename-save').click();
  await cfgRow('scratch-2').waitFor();
  await cfgRow('scratch-2').getByTestId('config-delete').click();
  await cfgRow('scratch-2').getByTestId('config-delete-confirm').click();
  await until('scratch-2 to be gone', async () => (await cfgRow('scratch-2').count()) === 0);
  assert.deepEqual((await api(server.url, '/api/v1/configs')).configs.map((c) => c.name), ['standard', 'graph-heavy']);

  await page.reload();
  await page.waitForFunction(() => window.__mnemo?.ready === true, null, { timeout: 60_000 });
  await openLab('configs');
  await until('the default marker after a reload', async () => (await cfgRow('graph-heavy').getAttribute('data-default')) === 'true');
  assert.equal(await cfgRow('graph-heavy').getByTestId('config-default-badge').count(), 1);
  assert.equal(await cfgRow('standard').getByTestId('config-default-badge').count(), 0);

  const r = await asAgent('/api/v1/recall', { method: 'POST', body: JSON.stringify({ query: { text: `zephyr-${stamp} release`, limit: 5 } }) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.trace.config_name, 'graph-heavy');
  assert.equal(r.body.trace.config.rerank.graph, 0.9);
  // Over MCP too (streamable HTTP, the agent's token): the recall's trace names the default.
  const mcp = await mcpRecall(`zephyr-${stamp} checklist`);
  assert.equal(mcp.config_name, 'graph-heavy', JSON.stringify(mcp).slice(0, 300));
  // The trace list says it as well.
  await page.keyboard.press('r');
  const row = page.locator(`[data-testid="trace-row"][data-id="${r.body.trace.id}"]`);
  await row.waitFor();
  await until('the new trace to name graph-heavy', async () => (await row.getByTestId('trace-config').innerText()).trim() === 'graph-heavy');
  await page.getByTestId('trace-item').and(page.locator(`[data-id="${r.body.trace.id}"]`)).click();
  await until('the trace view to name graph-heavy', async () => (await page.getByTestId('trace-config-name').innerText().catch(() => '')).trim() === 'graph-heavy');
});

/** A recall over MCP (streamable HTTP, JSON-RPC by hand) with the agent's token; the trace it recorded. */
async function mcpRecall(text) {
  const { origin } = apiBase(server.url);
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${scout.secret}` };
  const rpc = async (body, session) => {
    const res = await fetch(`${origin}/mcp`, { method: 'POST', headers: session ? { ...headers, 'mcp-session-id': session } : headers, body: JSON.stringify(body) });
    assert.ok(res.status < 300, `MCP ${body.method}: HTTP ${res.status}`);
    const raw = await res.text();
    const messages = raw.startsWith('{')
      ? [JSON.parse(raw)]
      : raw.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).filter(Boolean).map((l) => JSON.parse(l));
    return { session: res.headers.get('mcp-session-id') ?? session, message: messages.find((m) => m.id === body.id) };
  };
  const init = await rpc({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'lab-test', version: '1.0' } } });
  await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' }, init.session);
  const { message } = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'recall', arguments: { query: text, limit: 5 } } }, init.session);
  assert.ok(message?.result && !message.result.isError, `MCP recall: ${JSON.stringify(message).slice(0, 400)}`);
  return api(server.url, `/api/v1/traces/${message.result.structuredContent.trace_id}`);
}

test('three judgments by keyboard reach the store; evaluating two configurations shows the figures their ranks give', async () => {
  await openRetrieval();
  const runQuery = async (text) => {
    await page.getByTestId('query-input').fill(text);
    await page.getByTestId('query-run').click();
    await until(`results for “${text}”`, async () => (await page.locator('.trace-title strong').innerText().catch(() => '')).includes(text));
    await page.getByTestId('result-item').first().waitFor();
  };
  const item = (i) => page.getByTestId('result-item').nth(i);

  const qa = `zephyr-${stamp} deploy`;
  await runQuery(qa);
  const idsA = await page.getByTestId('result-item').evaluateAll((els) => els.map((e) => e.dataset.id));
  await item(1).focus();
  await page.keyboard.press('r');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('n');
  await until('the two marks to show', async () => (await item(1).getAttribute('data-mark')) === 'relevant' && (await item(2).getAttribute('data-mark')) === 'not-relevant');
  assert.equal(await page.locator('.modal').count(), 0, 'n marked the result instead of opening a new memory');
  assert.equal(await page.getByTestId('query-input').isVisible(), true, 'r marked the result and left the panel as it was');

  const qb = `zephyr-${stamp} release checklist`;
  await runQuery(qb);
  const idsB = await page.getByTestId('result-item').evaluateAll((els) => els.map((e) => e.dataset.id));
  await item(0).focus();
  await page.keyboard.press('r');
  await until('the third mark', async () => (await item(0).getAttribute('data-mark')) === 'relevant');
  await sleep(300); // the mark's button fades in
  await page.screenshot({ path: join(ARTIFACTS, 'lab-judging.png') });

  const judged = await api(server.url, '/api/v1/judgments');
  const byQuery = Object.fromEntries(judged.map((j) => [j.query, j]));
  assert.deepEqual(Object.keys(byQuery).sort(), [qa, qb].sort());
  assert.deepEqual([byQuery[qa].relevant, byQuery[qa].not_relevant], [[idsA[1]], [idsA[2]]]);
  assert.deepEqual([byQuery[qb].relevant, byQuery[qb].not_relevant], [[idsB[0]], []]);

  await openLab('evaluate');
  await until('the two judged queries', async () => (await page.getByTestId('judged-query').count()) === 2);
  await page.getByTestId('evaluate-config-a').selectOption('standard');
  await page.getByTestId('evaluate-config-b').selectOption('graph-heavy');
  await page.getByTestId('evaluate-run').click();
  await page.getByTestId('metrics-table').waitFor();

  // What the figures must be: each judged query recalled under each configuration (top 20), scored here.
  const expected = {};
  for (const config of ['standard', 'graph-heavy']) {
    const per = [];
    for (const j of judged) {
      const ans = await post('/api/v1/recall', { query: { text: j.query, spaces: j.spaces, limit: 20 }, config_name: config });
      const ranked = ans.results.map((x) => x.memory.id);
      per.push({ query: j.query, ranked, relevant: j.relevant });
    }
    expected[config] = {
      recall_at_1: mean(per.map((p) => recallAt(p.ranked, p.relevant, 1))),
      recall_at_5: mean(per.map((p) => recallAt(p.ranked, p.relevant, 5))),
      recall_at_10: mean(per.map((p) => recallAt(p.ranked, p.relevant, 10))),
      recall_at_20: mean(per.map((p) => recallAt(p.ranked, p.relevant, 20))),
      mrr: mean(per.map((p) => rr(p.ranked, p.relevant))),
      ndcg_at_10: mean(per.map((p) => ndcg(p.ranked, p.relevant, 10))),
      per,
    };
  }
  for (const config of ['standard', 'graph-heavy']) {
    const row = page.locator(`[data-testid="metrics-row"][data-config="${config}"]`);
    for (const metric of ['recall_at_1', 'recall_at_5', 'recall_at_10', 'recall_at_20', 'mrr', 'ndcg_at_10']) {
      const shown = (await row.locator(`[data-metric="${metric}"]`).innerText()).trim();
      assert.equal(shown, expected[config][metric].toFixed(3), `${config} ${metric}`);
    }
  }
  // And POST /evaluate's per-query data agrees with the same ranks.
  const evals = await post('/api/v1/evaluate', { configs: ['standard', 'graph-heavy'] });
  for (const [i, config] of ['standard', 'graph-heavy'].entries()) {
    assert.equal(evals[i].config, config);
    for (const [q, pq] of evals[i].per_query.entries()) {
      const p = expected[config].per[q];
      assert.equal(pq.query, p.query);
      assert.deepEqual(pq.found, p.ranked.map((id, k) => (p.relevant.includes(id) ? k + 1 : 0)).filter(Boolean));
      assert.ok(Math.abs(pq.ndcg_at_10 - ndcg(p.ranked, p.relevant, 10)) < 1e-9);
    }
  }
  // Per query: the ranks found, and who won.
  const rows = page.getByTestId('per-query-row');
  assert.equal(await rows.count(), 2);
  for (let i = 0; i < 2; i++) {
    const q = await rows.nth(i).getAttribute('data-query');
    const [a, b] = ['standard', 'graph-heavy'].map((c) => expected[c].per.find((p) => p.query === q));
    const d = ndcg(b.ranked, b.relevant, 10) - ndcg(a.ranked, a.relevant, 10);
    const r2 = rr(b.ranked, b.relevant) - rr(a.ranked, a.relevant);
    const outcome = Math.abs(d) > 1e-9 ? (d > 0 ? 'win' : 'loss') : Math.abs(r2) > 1e-9 ? (r2 > 0 ? 'win' : 'loss') : 'tie';
    assert.equal(await rows.nth(i).getAttribute('data-outcome'), outcome, q);
  }
  assert.equal(await page.locator('[data-testid="curve-chart"] [data-testid="curve"]').count(), 2);
  await page.getByTestId('evaluation').scrollIntoViewIfNeeded();
  await sleep(300);
  await page.screenshot({ path: join(ARTIFACTS, 'lab-evaluation.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await sleep(800);
  await page.screenshot({ path: join(ARTIFACTS, 'lab-evaluation-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('why not? on a memory outside the query’s space names the filter', async () => {
  await openLab('whynot');
  const text = `zephyr-${stamp} deploy key`;
  await page.getByTestId('whynot-query').fill(text);
  await page.getByTestId('whynot-spaces').getByRole('button', { name: 'default', exact: true }).click();
  await page.getByTestId('whynot-memory-search').fill('deploy key for the build');
  await page.locator('.picker-list button').filter({ hasText: 'deploy key for the build server' }).first().click();
  assert.equal(await page.getByTestId('whynot-memory').getAttribute('data-id'), mem.vault.id);
  await page.getByTestId('whynot-ask').click();
  const result = page.getByTestId('whynot-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-lost-at'), 'filter');
  const rest = await post('/api/v1/why-not', { query: { text, spaces: ['default'], limit: 10 }, memory: mem.vault.id });
  assert.equal(rest.lost_at, 'filter');
  assert.match(rest.verdict, /secrets/);
  assert.equal((await page.getByTestId('whynot-verdict').innerText()).includes(rest.verdict), true, 'the UI shows the engine’s verdict');
  const filter = page.locator('[data-testid="whynot-step"][data-step="filter"]');
  assert.equal(await filter.getAttribute('data-state'), 'lost');
  assert.match(await filter.innerText(), /secrets/);
  await page.screenshot({ path: join(ARTIFACTS, 'lab-why-not.png') });

  // Without the space limit it comes back, and "why not?" says so.
  await page.getByTestId('whynot-spaces').getByRole('button', { name: 'All spaces' }).click();
  await page.getByTestId('whynot-ask').click();
  await until('the verdict to say it was returned', async () => (await result.getAttribute('data-lost-at')) === 'returned');
  assert.match(await page.getByTestId('whynot-verdict').innerText(), /It was returned, at rank \d+/);
  assert.deepEqual(pageErrors, []);
});
