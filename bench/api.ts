/**
 * API benchmark (`npm run bench:api`; not a test). Starts `npm start`'s entry
 * point on 127.0.0.1 over a temp data folder with the demo data, then in the
 * same run:
 * - autocannon, 50 connections, 5 s each: GET /healthz (the floor) and
 *   GET /api/indicators/consultations?municipality=313726 (bearer token) →
 *   req/s ratio, p99 (answered from the response cache after the first call);
 * - Chromium: navigation to 県全体 (/) until every chart drew
 *   (body[data-charts-ready="true"]), median of 3 warm loads;
 * - gzip size of the JS in dist/assets.
 * Last line: {"ratio":…,"p99_ms":…,"page_ms":…,"js_gzip_kb":…}.
 * Bar: ratio ≥ 0.5, p99 ≤ 20 ms, page ≤ 1 s, JS ≤ 200 KB gzip.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { DemoAccount } from '../dashboard/auth/demo-accounts';
import { ASSETS_DIR } from '../dashboard/build-client';

/** The part of autocannon's result we read (the package ships no types). */
interface LoadResult {
  requests: { average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const DURATION_S = 5;
const CONNECTIONS = 50;

function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('npx', ['tsx', 'dashboard/start.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
    // Own process group, so stopping it also stops tsx and node under npx.
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match) resolve({ child, url: match[0] });
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
}

/** Both runs ask like a browser or Node's fetch does: gzip accepted. */
async function load(url: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'accept-encoding': 'gzip', ...headers },
  });
}

async function jsGzipKb(): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(ASSETS_DIR))
    if (name.endsWith('.js'))
      bytes += gzipSync(await readFile(path.join(ASSETS_DIR, name)), { level: 9 }).length;
  return bytes / 1024;
}

async function pageMs(base: string, account: DemoAccount): Promise<number> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#login', account.login);
    await page.fill('#password', account.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const started = Date.now();
      await page.goto(`${base}/`);
      await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 30_000 });
      if (i > 0) times.push(Date.now() - started); // the first load warms caches
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] as number;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-api-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  console.log(`starting the server over ${dataDir} (demo data is generated and ingested first)…`);
  const { child, url } = await startServer(dataDir, port);
  try {
    const accounts = JSON.parse(
      await readFile(path.join(dataDir, 'demo-accounts.json'), 'utf8'),
    ) as DemoAccount[];
    const pref = accounts.find((a) => a.role === 'prefecture') as DemoAccount;
    const auth = { Authorization: `Bearer ${pref.token}` };
    // A town-scoped question, as programs and the town page ask it; the unfiltered table would
    // mostly measure autocannon parsing a large body on the same two cores.
    const indicatorUrl = `${url}/api/indicators/consultations?municipality=313726`;
    const first = await fetch(indicatorUrl, { headers: auth });
    if (first.status !== 200) throw new Error(`indicator endpoint answered ${first.status}`);

    const floor = await load(`${url}/healthz`);
    const api = await load(indicatorUrl, auth);
    if (api.non2xx > 0 || api.errors > 0)
      throw new Error(`indicator run had ${api.non2xx} non-2xx, ${api.errors} errors`);
    const ratio = api.requests.average / floor.requests.average;
    console.log(`/healthz: ${floor.requests.average.toFixed(0)} req/s, p99 ${floor.latency.p99} ms`);
    console.log(
      `${new URL(indicatorUrl).pathname}${new URL(indicatorUrl).search}: ${api.requests.average.toFixed(0)} req/s, p99 ${api.latency.p99} ms`,
    );

    const page = await pageMs(url, pref);
    console.log(`県全体: all charts drawn ${page} ms after navigation (median of 3 warm loads)`);
    const js = await jsGzipKb();
    console.log(`JS shipped: ${js.toFixed(1)} KB gzip`);
    console.log(
      JSON.stringify({
        ratio: Number(ratio.toFixed(3)),
        p99_ms: api.latency.p99,
        page_ms: page,
        js_gzip_kb: Number(js.toFixed(1)),
      }),
    );
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
