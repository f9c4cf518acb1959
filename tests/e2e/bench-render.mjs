// Render benchmark (not a test): Mnemo's graph explorer vs a bare sigma.js page drawing the same
// graph, in the same Chromium, on synthetic stores of 10k, 50k and 100k memories (about two
// edges each). Prints time to first render, main-thread time per frame while panning and
// zooming, and frames per second, with Mnemo's ratio to the bare page.
//
//   npm run bench:render [-- 10000,50000,100000]
//
// Chromium here draws WebGL in software (SwiftShader), so absolute numbers are low; the ratio to
// the baseline measured in the same run is the figure that counts.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { serve, launchChromium, mnemo, ARTIFACTS } from './harness.mjs';

const sizes = (process.argv[2] || '10000,50000,100000').split(',').map(Number);
const FRAMES = Number(process.env.BENCH_FRAMES || 40);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const storeRoot = join(homedir(), '.cache', 'mnemo', 'bench-stores');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
}

/** Pans and zooms the camera one step per animation frame; measures sigma's render() time. */
async function interact(page, handle, frames) {
  return page.evaluate(async ({ handle, frames }) => {
    const sigma = handle === 'mnemo' ? window.__mnemo.sigma : window.__bare.sigma;
    const camera = sigma.getCamera();
    const render = sigma.render;
    const times = [];
    sigma.render = function (...args) {
      const t = performance.now();
      const r = render.apply(this, args);
      times.push(performance.now() - t);
      return r;
    };
    const start = camera.getState();
    const t0 = performance.now();
    for (let i = 0; i < frames; i++) {
      const a = (i / frames) * Math.PI * 2;
      camera.setState({ x: start.x + 0.15 * Math.cos(a), y: start.y + 0.15 * Math.sin(a), ratio: start.ratio * (0.5 + 0.4 * Math.cos(a)), angle: 0 });
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
    // Wait for the last scheduled frame, then for the settled (full-detail) frame.
    await new Promise((r) => setTimeout(r, 300));
    const elapsed = performance.now() - t0;
    sigma.render = render;
    camera.setState(start);
    return { frameMs: times, elapsed, rendered: times.length };
  }, { handle, frames });
}

async function measure(browser, url, handle) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const t0 = Date.now();
  await page.goto(url);
  const ready = handle === 'mnemo' ? 'window.__mnemo?.ready === true' : 'window.__bare?.ready === true';
  await page.waitForFunction(ready, null, { timeout: 600_000, polling: 250 });
  const firstRenderMs = await page.evaluate((h) => (h === 'mnemo' ? window.__mnemo : window.__bare).firstRenderMs, handle);
  const wall = Date.now() - t0;
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await interact(page, handle, FRAMES));
  const frameMs = runs.flatMap((r) => r.frameMs);
  const fps = median(runs.map((r) => (r.rendered / r.elapsed) * 1000));
  await page.screenshot({ path: join(ARTIFACTS, `bench-${handle}-${url.split('#')[1] || ''}.png`) }).catch(() => {});
  await page.close();
  return { firstRenderMs, wall, frameMs: median(frameMs), fps };
}

const browser = await launchChromium();
const rows = [];
for (const n of sizes) {
  const db = join(storeRoot, String(n));
  if (!existsSync(join(db, 'memories.lance'))) {
    mkdirSync(db, { recursive: true });
    process.stdout.write(`making a synthetic store of ${n} memories… `);
    console.log(mnemo(db, 'bench', 'make-store', '--memories', String(n)).trim());
  }
  const server = await serve(db);
  try {
    const base = server.url.replace(/\/?(\?.*)?$/, '');
    const query = new URL(server.url).search;
    // Alternate the order so neither page always runs on a warmer machine.
    const bare = await measure(browser, `${base}/bench/bare.html${query}#${n}`, 'bare');
    const app = await measure(browser, `${base}/${query}#${n}`, 'mnemo');
    rows.push({ n, bare, app });
    console.log(
      `${n} memories: first render ${app.firstRenderMs.toFixed(0)} ms (bare ${bare.firstRenderMs.toFixed(0)} ms, ${(app.firstRenderMs / bare.firstRenderMs).toFixed(2)}x); ` +
      `main-thread ms/frame while moving ${app.frameMs.toFixed(1)} (bare ${bare.frameMs.toFixed(1)}, ${(app.frameMs / bare.frameMs).toFixed(2)}x); ` +
      `fps ${app.fps.toFixed(1)} (bare ${bare.fps.toFixed(1)}, ${(app.fps / bare.fps).toFixed(2)}x)`,
    );
  } finally {
    server.stop();
  }
}
await browser.close();
console.log('\n| memories | first render ms (Mnemo / bare / ratio) | ms per frame moving (Mnemo / bare / ratio) | fps (Mnemo / bare / ratio) |');
console.log('|---|---|---|---|');
for (const { n, bare, app } of rows) {
  const r = (a, b) => (a / b).toFixed(2);
  console.log(`| ${n} | ${app.firstRenderMs.toFixed(0)} / ${bare.firstRenderMs.toFixed(0)} / ${r(app.firstRenderMs, bare.firstRenderMs)}x | ${app.frameMs.toFixed(1)} / ${bare.frameMs.toFixed(1)} / ${r(app.frameMs, bare.frameMs)}x | ${app.fps.toFixed(1)} / ${bare.fps.toFixed(1)} / ${r(app.fps, bare.fps)}x |`);
}
