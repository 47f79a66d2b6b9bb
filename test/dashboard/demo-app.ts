import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../dashboard/app';
import { type DemoAccount, ensureDemoAccounts } from '../../dashboard/auth/demo-accounts';
import type { AppDeps } from '../../dashboard/context';
import { localDeps } from '../../dashboard/services/deps';
import { type Config, loadConfig } from '../../src/config';
import { ensureDemoData } from '../../src/demo';

/** A real app over a temp data folder holding the demo data and demo accounts. */
export interface DemoApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  dataDir: string;
  accounts: DemoAccount[];
  /** `Authorization: Bearer …` for a demo login. */
  bearer(login: string): Record<string, string>;
  cleanup(): Promise<void>;
}

export async function createDemoApp(overrides: Partial<Config> = {}): Promise<DemoApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dashboard-'));
  const config: Config = { ...loadConfig({}), dataDir, ...overrides };
  const { accounts } = await ensureDemoAccounts(dataDir);
  await ensureDemoData(config);
  const deps = await localDeps(config);
  const app = createApp(deps, { distDir: path.join(dataDir, 'no-assets') });
  return {
    app,
    deps,
    dataDir,
    accounts,
    bearer(login) {
      const account = accounts.find((a) => a.login === login);
      if (!account) throw new Error(`no demo account ${login}`);
      return { Authorization: `Bearer ${account.token}` };
    },
    async cleanup() {
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const PREF = 'prefecture';
export const TEAM = 'promotion-team';
export const HOKUEI = 'municipality-313726';
export const TOTTORI = 'municipality-312011';
