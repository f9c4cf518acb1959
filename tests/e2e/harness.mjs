// Shared by the browser tests and the render benchmark: start `mnemo serve` on a store, and
// Debian's Chromium through playwright-core (nothing downloads a browser).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR || join(process.env.HOME, '.cache', 'mnemo', 'target');
export const MNEMO = process.env.MNEMO_BIN || join(TARGET, 'debug', 'mnemo');
export const ARTIFACTS = join(ROOT, 'test-results');
mkdirSync(ARTIFACTS, { recursive: true });

// The temporary stores this process made, removed as it exits (by then the servers on them have
// stopped: their pipes keep the process alive until they do). MNEMO_KEEP_STORES=1 keeps them.
const stores = [];
process.on('exit', () => {
  if (process.env.MNEMO_KEEP_STORES) return;
  for (const dir of stores) rmSync(dir, { recursive: true, force: true });
});

export function tempStore(prefix = 'mnemo-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  stores.push(dir);
  return dir;
}

/** Runs the `mnemo` CLI to completion; returns its standard output. */
export function mnemo(db, ...args) {
  return execFileSync(MNEMO, ['--db', db, ...args], { encoding: 'utf8' });
}

/** Starts `mnemo serve` on a free port; resolves with its URL (its first line) and the process. */
export function serve(db, ...extra) {
  const child = spawn(MNEMO, ['--db', db, 'serve', '--port', '0', ...extra], {
    // The UI built into the binary, as users get it (MNEMO_UI_DIR, when set, overrides it).
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mnemo serve did not print its URL within 120 s: ${stderr}`)), 120_000);
    child.on('exit', (code) => reject(new Error(`mnemo serve exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (url) => {
      clearTimeout(timer);
      resolve({ url: url.trim(), child, stop: () => child.kill('SIGINT') });
    });
  });
}

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
    ],
  });
}

/** The bearer token in a URL printed by `mnemo serve`, if any. */
/** Chromium on the served UI, once the app says it is ready. `options` go to the page (say, a
 *  `timezoneId`, for tests of local time). */
export async function openApp(url, options = {}) {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, ...options });
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(url);
  await page.waitForFunction(() => window.__mnemo?.ready === true, null, { timeout: 60_000 });
  return { browser, page };
}

export function apiBase(url) {
  const u = new URL(url);
  return { origin: u.origin, token: u.searchParams.get('token') };
}

export async function api(url, path, init = {}) {
  const { origin, token } = apiBase(url);
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers || {}) };
  const res = await fetch(origin + path, { ...init, headers });
  const body = await res.json();
  if (!res.ok) throw new Error(`${init.method || 'GET'} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until `check` returns something truthy; fails with `what` and the last value seen, and
 * with what the page threw when `pageErrors` (filled from `page.on('pageerror')`) has any.
 */
export async function until(what, check, { timeout = 20_000, pageErrors = [] } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > end) {
      const crashed = pageErrors.length ? `; the page threw: ${pageErrors.map((e) => e.message).join(' | ')}` : '';
      assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})${crashed}`);
    }
    await sleep(150);
  }
}

/** Adds a memory through the REST API, as any client would. */
export function addMemory(url, text, extra = {}) {
  return api(url, '/api/v1/memories', { method: 'POST', body: JSON.stringify({ text, ...extra }) });
}

/** A memory as the REST API reads it now. */
export async function readMemory(url, id) {
  return (await api(url, `/api/v1/memories/${id}`)).memory;
}

/** Centres the camera on a memory (closely, so that neighbours do not overlap it) and clicks it. */
export async function clickNode(page, id, { shift = false, ratio = 0.05 } = {}) {
  // Two clicks within sigma's double-click window would zoom instead of picking twice.
  await sleep(350);
  const at = await page.evaluate(
    ({ id, ratio }) => {
      const s = window.__mnemo.sigma;
      const d = s.getNodeDisplayData(id);
      s.getCamera().setState({ x: d.x, y: d.y, ratio });
      s.refresh();
      const v = s.framedGraphToViewport(d);
      const r = s.getContainer().getBoundingClientRect();
      return { x: r.left + v.x, y: r.top + v.y };
    },
    { id, ratio },
  );
  await page.mouse.move(at.x, at.y);
  await sleep(100);
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.click(at.x, at.y);
  if (shift) await page.keyboard.up('Shift');
}
