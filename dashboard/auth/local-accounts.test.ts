import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignIn } from './authenticator';
import { type DemoAccount, ensureDemoAccounts } from './demo-accounts';
import { loadLocalAuthenticator } from './local-accounts';

let dataDir: string;
let demo: DemoAccount[];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'accounts-'));
  demo = (await ensureDemoAccounts(dataDir)).accounts;
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const byLogin = (login: string) => demo.find((a) => a.login === login) as DemoAccount;

describe('demo accounts', () => {
  it('creates one account per role and per town: 19 towns + prefecture + promotion team', () => {
    expect(demo).toHaveLength(21);
    expect(demo.filter((a) => a.role === 'municipality')).toHaveLength(19);
    expect(new Set(demo.map((a) => a.password)).size).toBe(21);
  });

  it('writes the plaintext only to demo-accounts.json and hashes to accounts.json', async () => {
    const stored = await readFile(path.join(dataDir, 'accounts.json'), 'utf8');
    const listed = JSON.parse(
      await readFile(path.join(dataDir, 'demo-accounts.json'), 'utf8'),
    ) as DemoAccount[];
    expect(listed).toEqual(demo);
    for (const account of demo) {
      expect(stored).not.toContain(account.password);
      expect(stored).not.toContain(account.token);
    }
    expect(stored).toContain('scrypt$');
  });

  it('never overwrites existing accounts', async () => {
    const before = await readFile(path.join(dataDir, 'accounts.json'), 'utf8');
    const again = await ensureDemoAccounts(dataDir);
    expect(again.created).toBe(false);
    expect(await readFile(path.join(dataDir, 'accounts.json'), 'utf8')).toBe(before);
  });
});

describe('local authenticator', () => {
  it('signs in with the password and refuses a wrong one', async () => {
    const auth = await loadLocalAuthenticator(dataDir);
    const hokuei = byLogin('municipality-313726');
    const result = (await auth.signIn(hokuei.login, hokuei.password)) as SignIn | undefined;
    expect(result?.viewer).toEqual({ role: 'municipality', municipalityCode: '313726', login: hokuei.login });
    expect(await auth.signIn(hokuei.login, `${hokuei.password}x`)).toBeUndefined();
    expect(await auth.signIn('nobody', hokuei.password)).toBeUndefined();
  });

  it('accepts each account token as a bearer token', async () => {
    const auth = await loadLocalAuthenticator(dataDir);
    expect(await auth.verifyBearer(byLogin('prefecture').token)).toEqual({
      role: 'prefecture',
      login: 'prefecture',
    });
    expect(await auth.verifyBearer(byLogin('promotion-team').token)).toEqual({
      role: 'promotion_team',
      login: 'promotion-team',
    });
    expect(await auth.verifyBearer('jm_forged')).toBeUndefined();
  });

  it('accepts its own session until it expires and refuses a tampered one', async () => {
    let now = new Date('2026-04-01T09:00:00Z');
    const auth = await loadLocalAuthenticator(dataDir, { clock: () => now });
    const pref = byLogin('prefecture');
    const result = (await auth.signIn(pref.login, pref.password)) as SignIn | undefined;
    const session = result?.session ?? '';
    expect(await auth.verifySession(session)).toEqual({ role: 'prefecture', login: 'prefecture' });

    const [payload, signature] = session.split('.');
    const forged = Buffer.from(JSON.stringify({ login: 'prefecture', exp: 9999999999 })).toString(
      'base64url',
    );
    expect(await auth.verifySession(`${forged}.${signature}`)).toBeUndefined();
    expect(await auth.verifySession(`${payload}.${signature?.slice(1)}x`)).toBeUndefined();

    now = new Date('2026-04-01T18:00:01Z'); // 9 h later: past the 8 h session
    expect(await auth.verifySession(session)).toBeUndefined();
  });

  it('refuses a session signed with another secret', async () => {
    const auth = await loadLocalAuthenticator(dataDir);
    const other = await loadLocalAuthenticator(dataDir, { env: { SESSION_SECRET: 'another-secret' } });
    const pref = byLogin('prefecture');
    const result = (await other.signIn(pref.login, pref.password)) as SignIn | undefined;
    expect(await auth.verifySession(result?.session ?? '')).toBeUndefined();
  });
});
