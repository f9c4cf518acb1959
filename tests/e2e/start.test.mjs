// `npm start` on a machine without a display: it builds what it needs, runs `mnemo serve` on
// the store, prints the URL as its first line of output, and serves until interrupted; a second
// `npm start` on the same store prints the running server's URL. (Uses the warm target directory:
// the first release build takes about an hour on 2 cores.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, ARTIFACTS, openApp } from './harness.mjs';

const home = mkdtempSync(join(tmpdir(), 'mnemo-start-'));
const env = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', MNEMO_DB: join(home, 'store'), MNEMO_TOKEN_FILE: join(home, 'token') };
delete env.MNEMO_UI_DIR;

/** `npm start` in its own process group (so that Ctrl+C reaches all of it); resolves on its first line. */
function start() {
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const first = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 90 min: ${stderr}`)), 90 * 60_000);
    createInterface({ input: child.stdout }).once('line', (line) => { clearTimeout(timer); resolve(line.trim()); });
    exited.then(({ code }) => reject(new Error(`npm start exited with ${code} before its URL: ${stderr}`)));
  });
  return { child, first, exited, stderr: () => stderr };
}

const running = start();
after(() => {
  try { process.kill(-running.child.pid, 'SIGKILL'); } catch {}
  rmSync(home, { recursive: true, force: true });
});

test('npm start without a display prints the URL first and serves the demo graph', { timeout: 95 * 60_000 }, async () => {
  const url = await running.first;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/);
  const { browser, page } = await openApp(url);
  try {
    const order = await page.evaluate(() => window.__mnemo.graph.order);
    assert.ok(order >= 50, `the demo graph is drawn (${order} nodes)`);
    await page.screenshot({ path: join(ARTIFACTS, 'npm-start.png') });
  } finally {
    await browser.close();
  }
});

test('a second npm start reuses the running server and prints its URL', { timeout: 10 * 60_000 }, async () => {
  const url = await running.first;
  const second = start();
  assert.equal(await second.first, url);
  const { code } = await second.exited;
  assert.equal(code, 0, second.stderr());
});

test('Ctrl+C stops it cleanly', { timeout: 120_000 }, async () => {
  await running.first;
  process.kill(-running.child.pid, 'SIGINT');
  const { code, signal } = await running.exited;
  assert.ok(code === 0 || code === 130 || signal === 'SIGINT', `exit ${code} ${signal}: ${running.stderr()}`);
  assert.match(running.stderr(), /stopping/);
});
