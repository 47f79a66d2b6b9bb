import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { createApp } from '../../dashboard/app';
import { type DemoAccount, ensureDemoAccounts } from '../../dashboard/auth/demo-accounts';
import { buildClient } from '../../dashboard/build-client';
import { type RunningServer, startServer } from '../../dashboard/server';
import { localDeps } from '../../dashboard/services/deps';
import { loadConfig } from '../../src/config';
import { ensureDemoData } from '../../src/demo';

/** Debian's chromium (CI installs it with apt-get); flags keep it offline and quiet. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

export interface Dashboard {
  url: string;
  dataDir: string;
  accounts: DemoAccount[];
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The real app over a temp data dir holding the demo data, served on
 * 127.0.0.1 at a random port, with its own client bundle, and one Chromium.
 */
export async function startDashboard(): Promise<Dashboard> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'juso-browser-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0' });
  const distDir = path.join(dataDir, 'dist');
  const [{ accounts }] = await Promise.all([
    ensureDemoAccounts(dataDir),
    ensureDemoData(config),
    buildClient(path.join(distDir, 'assets')),
  ]);
  const server: RunningServer = await startServer(createApp(await localDeps(config), { distDir }), 0);
  const browser = await launchChromium();
  await mkdir(path.join(SCREENSHOT_DIR, 'top'), { recursive: true });
  return {
    url: server.url,
    dataDir,
    accounts,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium, offline and quiet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export function accountFor(d: Dashboard, role: DemoAccount['role'], code?: string): DemoAccount {
  const found = d.accounts.find((a) => a.role === role && (!code || a.municipality_code === code));
  if (!found) throw new Error(`no demo account for ${role} ${code ?? ''}`);
  return found;
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

/** A fresh browser context signed in through the real login form. */
export async function signIn(
  d: Pick<Dashboard, 'browser' | 'url'>,
  account: DemoAccount,
  options: BrowserContextOptions = {},
): Promise<SignedIn> {
  const context = await d.browser.newContext({
    baseURL: d.url,
    locale: 'ja-JP',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/login');
  await page.fill('#login', account.login);
  await page.fill('#password', account.password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
  return { context, page, errors };
}

/** Navigates and waits until the bundle says every chart has drawn. */
export async function openPage(page: Page, pathName: string): Promise<void> {
  const response = await page.goto(pathName);
  if (response?.status() !== 200) throw new Error(`${pathName} answered ${response?.status()}`);
  await page.waitForFunction(() => document.body.dataset.chartsReady === 'true', undefined, {
    timeout: 15_000,
  });
}

/** For each chart canvas: its id and how many pixels are not transparent. */
export function drawnPixels(page: Page): Promise<{ id: string; width: number; painted: number }[]> {
  return page.$$eval('canvas[role="img"]', (canvases) =>
    (canvases as HTMLCanvasElement[]).map((c) => {
      const ctx = c.getContext('2d');
      const data = ctx ? ctx.getImageData(0, 0, c.width, c.height).data : new Uint8ClampedArray();
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted++;
      return { id: c.id, width: c.width, painted };
    }),
  );
}

const AXE_SOURCE = readFile(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core in the page; returns the serious and critical violations only. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol: the page's CSP (no inline scripts) does not apply.
  await page.evaluate(await AXE_SOURCE);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at runtime
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return (
      result.violations as {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[]
    )
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
      }));
  });
}

/**
 * Full-page screenshot as a test artefact, plus the first screen of the page
 * (smaller, under top/) for the set copied to docs/screenshots/.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'top', `${name}.png`) });
}
