// The `mnemo` binary is self-contained: copied outside the source tree and run from there (no
// MNEMO_UI_DIR), it serves the UI built into it, with content types and caching, and a second
// `serve --reuse` on the same store prints the running server's URL instead of starting another.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, chmodSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MNEMO, ARTIFACTS, tempStore, openApp } from './harness.mjs';

const away = mkdtempSync(join(tmpdir(), 'mnemo-bin-'));
const bin = join(away, 'mnemo');
copyFileSync(MNEMO, bin);
chmodSync(bin, 0o755);
const db = tempStore();
const env = { ...process.env, MNEMO_TOKEN_FILE: join(away, 'token') };
delete env.MNEMO_UI_DIR;

function serve(...extra) {
  const child = spawn(bin, ['--db', db, 'serve', '--port', '0', ...extra], { cwd: away, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (url) => resolve({ url: url.trim(), child, stderr: () => stderr }));
  });
}

const server = await serve('--demo', '--reuse');
after(() => {
  server.child.kill('SIGINT');
  rmSync(away, { recursive: true, force: true });
});

test('the binary serves its built-in UI from outside the source tree', async () => {
  const origin = new URL(server.url).origin;
  const page = await fetch(origin + '/');
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const html = await page.text();
  const script = html.match(/src="\.?\/?(assets\/[^"]+\.js)"/)?.[1];
  assert.ok(script, 'the page names its script');
  const js = await fetch(`${origin}/${script}`);
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.match(js.headers.get('cache-control'), /immutable/);
  // Revalidation by ETag answers 304 without the body.
  const again = await fetch(`${origin}/${script}`, { headers: { 'if-none-match': js.headers.get('etag') } });
  assert.equal(again.status, 304);
  // A client-side route gets the page; a missing file does not.
  assert.equal((await fetch(origin + '/review')).headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal((await fetch(origin + '/assets/nope.js')).status, 404);
  assert.match(server.stderr(), /built into this binary/);
});

test('the UI from the copied binary loads and draws the demo graph', async () => {
  const { browser, page } = await openApp(server.url);
  try {
    const order = await page.evaluate(() => window.__mnemo.graph.order);
    assert.ok(order >= 50, `the demo graph is drawn (${order} nodes)`);
    await page.screenshot({ path: join(ARTIFACTS, 'binary-elsewhere.png') });
  } finally {
    await browser.close();
  }
});

test('a second serve --reuse on the same store prints the running URL and exits', () => {
  const out = execFileSync(bin, ['--db', db, 'serve', '--reuse'], { cwd: away, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(out.split('\n')[0], server.url);
});

test('a store named by a relative path, even one that starts with "db", is a folder of the working directory', () => {
  // LanceDB reads "db…" as a LanceDB Cloud address; Mnemo makes local paths absolute first.
  for (const name of ['db', 'db-notes']) {
    const run = (...args) => execFileSync(bin, ['--db', name, ...args], { cwd: away, env, encoding: 'utf8' });
    run('add', 'A note kept in a folder named by a relative path');
    assert.ok(existsSync(join(away, name, 'memories.lance')), `${name}/memories.lance in the working directory`);
    const stats = run('stats');
    assert.match(stats, /^memories\s+1$/m, `${name}: the note is there: ${stats}`);
    assert.ok(stats.includes(`store       ${join(away, name)} `), `${name}: stats names the folder: ${stats}`);
  }
});
