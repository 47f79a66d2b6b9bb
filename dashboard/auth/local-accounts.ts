import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Role, Viewer } from '../../src/access/viewer';
import { municipalityByCode } from '../../src/datasets/municipalities';
import type { Authenticator, SignIn } from './authenticator';
import { hashToken, randomSecret, verifyPassword } from './passwords';
import { decodeSession, encodeSession } from './signed-session';

/** One entry of `<dataDir>/accounts.json`. Secrets are stored only as hashes. */
export interface StoredAccount {
  login: string;
  role: Role;
  municipality_code: string | null;
  /** scrypt hash (dashboard/auth/passwords.ts). */
  password_hash: string;
  /** sha256 hex of the API bearer token, or null for accounts without one. */
  token_sha256: string | null;
}

export interface AccountsFile {
  accounts: StoredAccount[];
}

export const ACCOUNTS_FILE = 'accounts.json';
const SESSION_SECRET_FILE = 'session-secret';
const SESSION_HOURS = 8;

function toViewer(account: StoredAccount): Viewer {
  return account.role === 'municipality'
    ? { role: 'municipality', municipalityCode: account.municipality_code ?? '', login: account.login }
    : { role: account.role, login: account.login };
}

function checkAccount(account: StoredAccount, file: string): void {
  const valid =
    typeof account.login === 'string' &&
    ['prefecture', 'promotion_team', 'municipality'].includes(account.role) &&
    typeof account.password_hash === 'string' &&
    (account.role !== 'municipality' ||
      (account.municipality_code !== null && municipalityByCode(account.municipality_code) !== undefined));
  if (!valid) throw new Error(`${file}: invalid account entry ${JSON.stringify(account.login)}`);
}

/** The session signing key: SESSION_SECRET if set, else a random one kept beside the accounts. */
async function sessionSecret(dataDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomSecret(32);
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
    await chmod(file, 0o600);
    return (await readFile(file, 'utf8')).trim();
  }
}

/**
 * Local sign-in from `<dataDir>/accounts.json`: passwords checked with scrypt,
 * bearer tokens by their sha256, browser sessions as HMAC-signed cookies.
 *
 * @example const auth = await loadLocalAuthenticator('./data');
 */
export async function loadLocalAuthenticator(
  dataDir: string,
  options: { env?: NodeJS.ProcessEnv; clock?: () => Date } = {},
): Promise<Authenticator> {
  const file = path.join(dataDir, ACCOUNTS_FILE);
  const parsed = JSON.parse(await readFile(file, 'utf8')) as AccountsFile;
  for (const account of parsed.accounts) checkAccount(account, file);
  const byLogin = new Map(parsed.accounts.map((a) => [a.login, a]));
  const byToken = new Map(
    parsed.accounts.filter((a) => a.token_sha256).map((a) => [a.token_sha256 as string, a]),
  );
  const secret = await sessionSecret(dataDir, options.env ?? process.env);
  const clock = options.clock ?? (() => new Date());

  return {
    mode: 'local',
    async verifyBearer(token) {
      const account = byToken.get(hashToken(token));
      return account ? toViewer(account) : undefined;
    },
    async signIn(login, password): Promise<SignIn | undefined> {
      const account = byLogin.get(login);
      if (!account || !(await verifyPassword(password, account.password_hash))) return undefined;
      const maxAgeSeconds = SESSION_HOURS * 3600;
      const exp = Math.floor(clock().getTime() / 1000) + maxAgeSeconds;
      return {
        viewer: toViewer(account),
        session: encodeSession(secret, { login, exp, sid: randomSecret(12) }),
        maxAgeSeconds,
      };
    },
    async verifySession(value) {
      const payload = decodeSession(secret, value, clock());
      const account = payload && byLogin.get(payload.login);
      return account ? toViewer(account) : undefined;
    },
    // Local accounts have no second factor and no temporary passwords.
    async respondToChallenge() {
      return undefined;
    },
    // Revocation is kept beside the app (dashboard/auth/revocable.ts); no provider to tell.
    async signOut() {},
  };
}
