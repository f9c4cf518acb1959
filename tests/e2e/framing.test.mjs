// A near-empty memory in a real Chromium against `mnemo serve`: with three memories, and then
// five, every node is drawn well inside the stage, clear of the toolbar over its top, the legend
// and the zoom buttons, and close enough together to read as one group (sigma used to stretch
// three memories to the stage's corners: one under the toolbar, one beside the zoom buttons).
// Screenshots framing-3.png and framing-5.png land in test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, tempStore, openApp, api, ARTIFACTS, until as waitUntil, addMemory } from './harness.mjs';

let server, browser, page;
const until = (what, check, timeout) => waitUntil(what, check, { timeout });

before(async () => {
  server = await serve(tempStore('mnemo-e2e-framing-'));
  // Lower case and no names: no entity is made, so the graph is exactly these memories.
  for (const text of ['buy oat milk and coffee beans', 'the balcony tomatoes need water twice a week', 'renew the bike insurance in march']) {
    await addMemory(server.url, text, { kind: 'note' });
  }
  ({ browser, page } = await openApp(server.url));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** Each node where sigma draws it (stage px, through `graphToViewport`), and the chrome's boxes. */
function onScreen() {
  return page.evaluate(() => {
    const s = window.__mnemo.sigma;
    const g = s.getGraph();
    const stage = s.getContainer().getBoundingClientRect();
    const box = (sel) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      return r ? { left: r.left - stage.left, top: r.top - stage.top, right: r.right - stage.left, bottom: r.bottom - stage.top } : null;
    };
    return {
      stage: { width: stage.width, height: stage.height },
      chrome: { toolbar: box('.graph-toolbar'), legend: box('.legend'), camera: box('.camera-controls') },
      nodes: g.nodes().map((id) => {
        const { x, y } = s.graphToViewport(g.getNodeAttributes(id));
        return { id, x, y, r: s.getNodeDisplayData(id).size };
      }),
    };
  });
}

/** Fails unless every node is inside the stage, off every piece of chrome, and the group is compact. */
async function assertFramed(count, shot) {
  await page.waitForFunction(() => window.__mnemo.layoutRunning === false, null, { timeout: 30_000 });
  // The camera as "Fit the whole graph" leaves it.
  await page.evaluate(() => {
    window.__mnemo.sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    window.__mnemo.sigma.refresh();
  });
  const seen = await until(`${count} nodes on the graph`, async () => {
    const v = await onScreen();
    return v.nodes.length === count ? v : null;
  });
  await page.screenshot({ path: join(ARTIFACTS, shot) });
  const { stage, chrome, nodes } = seen;
  for (const [name, b] of Object.entries(chrome)) assert.ok(b, `the ${name} is showing`);
  for (const n of nodes) {
    const at = `node ${n.id} at (${n.x.toFixed(0)}, ${n.y.toFixed(0)}) r ${n.r.toFixed(1)} on a ${stage.width}×${stage.height} stage`;
    assert.ok(n.x - n.r >= 0 && n.x + n.r <= stage.width && n.y - n.r >= 0 && n.y + n.r <= stage.height, `${at} is inside the stage`);
    for (const [name, b] of Object.entries(chrome)) {
      const clear = n.x + n.r < b.left || n.x - n.r > b.right || n.y + n.r < b.top || n.y - n.r > b.bottom;
      assert.ok(clear, `${at} is clear of the ${name} ${JSON.stringify(b)}`);
    }
    assert.ok(n.y - n.r > chrome.toolbar.bottom, `${at} is below the toolbar (bottom ${chrome.toolbar.bottom})`);
  }
  // A group in the middle, not the stage's corners: the farthest two within half the stage's width.
  let spread = 0;
  for (const a of nodes) for (const b of nodes) spread = Math.max(spread, Math.hypot(a.x - b.x, a.y - b.y));
  assert.ok(spread < stage.width / 2, `the ${count} memories span ${spread.toFixed(0)} px of a ${stage.width} px stage`);
  assert.ok(spread > 40, `the ${count} memories are apart (${spread.toFixed(0)} px)`);
  return seen;
}

test('three memories sit together in the middle, clear of the toolbar, the legend and the zoom buttons', async () => {
  const snap = await api(server.url, '/api/v1/snapshot');
  assert.equal(snap.memories.length, 3, 'the store holds just the three memories');
  await assertFramed(3, 'framing-3.png');
});

test('two more, added live, join them inside the frame', async () => {
  await addMemory(server.url, 'call the plumber about the kitchen tap', { kind: 'note' });
  await addMemory(server.url, 'return the library books by friday', { kind: 'note' });
  await until('five nodes on the graph', () => page.evaluate(() => window.__mnemo.graph.order === 5));
  await assertFramed(5, 'framing-5.png');
});
