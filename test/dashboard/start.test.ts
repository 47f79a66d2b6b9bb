import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../dashboard/auth/demo-accounts';

/**
 * The demo flow a newcomer follows: `npm start` on an empty data folder
 * creates accounts, ingests the demo extracts and serves on 127.0.0.1.
 */
let dataDir: string;
let child: ChildProcess;
let url: string;
let output = '';
let accounts: DemoAccount[];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'npm-start-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  child = spawn('npx', ['tsx', 'dashboard/start.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stopping it stops tsx and node under npx too
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  accounts = JSON.parse(await readFile(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[];
}, 300_000);

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

const account = (login: string) => accounts.find((a) => a.login === login) as DemoAccount;

describe('npm start on an empty data folder', () => {
  it('prints the URL on 127.0.0.1, progress, and where the demo accounts are', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain('デモデータを取り込み中');
    expect(output).toContain(path.join(dataDir, 'demo-accounts.json'));
    expect(accounts).toHaveLength(21);
  });

  it("has published the current data version's grid before serving", async () => {
    const { version } = JSON.parse(await readFile(path.join(dataDir, 'state', 'data-version.json'), 'utf8'));
    // Stored in the data folder, so the first page after a restart builds nothing.
    await expect(
      readFile(path.join(dataDir, 'published', 'grid', `${version}.grid.gz`)),
    ).resolves.toBeDefined();
  });

  it('serves the browser bundle without sign-in (the sign-in page needs its stylesheet)', async () => {
    const js = await fetch(`${url}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${url}/assets/app.css`)).status).toBe(200);
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
  });

  it("serves the seed's figures for 北栄町 FY2022 to its demo token", async () => {
    const res = await fetch(`${url}/api/indicators/consultations?municipality=313726&fiscal_year=2022`, {
      headers: { Authorization: `Bearer ${account('municipality-313726').token}` },
    });
    expect(res.status).toBe(200);
    const row = (await res.json()).data.find(
      (r: Record<string, unknown>) => r.level === 'municipality' && r.municipality_code === '313726',
    );
    expect(row).toMatchObject({ persons: 41, contacts: 245, support_meetings: 51 });
  });

  it('lets a demo account sign in from the browser form and shows the town page with those figures', async () => {
    const form = await fetch(`${url}/login`);
    const presession = form.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = (await form.text()).match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const hokuei = account('municipality-313726');
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: url, Cookie: presession, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: hokuei.login, password: hokuei.password, _csrf: csrf, next: '/' }),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = await fetch(`${url}/municipalities/313726`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('北栄町');
    for (const figure of ['41', '245', '51']) expect(html).toMatch(new RegExp(`>\\s*${figure}\\s*<`));
  });
});
