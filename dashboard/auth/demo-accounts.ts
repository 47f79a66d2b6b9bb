import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '../../src/access/viewer';
import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import { ACCOUNTS_FILE, type AccountsFile, type StoredAccount } from './local-accounts';
import { hashPassword, hashToken, randomSecret } from './passwords';

/** One line of `<dataDir>/demo-accounts.json`: the plaintext secrets, for the person running the demo. */
export interface DemoAccount {
  role: Role;
  municipality_code: string | null;
  login: string;
  password: string;
  token: string;
}

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

function demoLogins(): Array<{ role: Role; municipality_code: string | null; login: string }> {
  return [
    { role: 'prefecture', municipality_code: null, login: 'prefecture' },
    { role: 'promotion_team', municipality_code: null, login: 'promotion-team' },
    ...MUNICIPALITIES.map((m) => ({
      role: 'municipality' as const,
      municipality_code: m.code,
      login: `municipality-${m.code}`,
    })),
  ];
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Demo mode: when `<dataDir>/accounts.json` does not exist yet, creates one
 * account per role and per town (prefecture, promotion team, 19
 * municipalities) with random secrets. The hashes go to accounts.json; the
 * plaintext goes to demo-accounts.json (mode 0600) so the person running
 * the demo can sign in. An existing accounts.json is never touched.
 *
 * @example const { created, file } = await ensureDemoAccounts('./data');
 */
export async function ensureDemoAccounts(
  dataDir: string,
): Promise<{ created: boolean; file: string; accounts: DemoAccount[] }> {
  const accountsFile = path.join(dataDir, ACCOUNTS_FILE);
  const demoFile = path.join(dataDir, DEMO_ACCOUNTS_FILE);
  if (await exists(accountsFile)) return { created: false, file: demoFile, accounts: [] };

  const demo: DemoAccount[] = demoLogins().map((a) => ({
    ...a,
    password: randomSecret(12),
    token: `jm_${randomSecret(24)}`,
  }));
  const stored: StoredAccount[] = [];
  for (const account of demo) {
    stored.push({
      login: account.login,
      role: account.role,
      municipality_code: account.municipality_code,
      password_hash: await hashPassword(account.password),
      token_sha256: hashToken(account.token),
    });
  }
  await mkdir(dataDir, { recursive: true });
  // Plaintext first: if we crash between the two writes, a rerun regenerates both.
  await writeFile(demoFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  const file: AccountsFile = { accounts: stored };
  await writeFile(accountsFile, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return { created: true, file: demoFile, accounts: demo };
}
