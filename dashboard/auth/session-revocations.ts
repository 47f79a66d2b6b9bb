import { createHash } from 'node:crypto';
import type { ObjectStore } from '../../src/storage/object-store';

/** Where sign-outs are kept; on AWS the dashboard role may put and get here, and a lifecycle rule expires them. */
export const REVOKED_SESSIONS_PREFIX = 'sessions/revoked/';
/** Longer than any session lives (8 h locally, at most 1 day for a Cognito access token). */
export const REVOCATION_KEEP_DAYS = 1;
const KEEP_MS = REVOCATION_KEEP_DAYS * 24 * 3600 * 1000;
/**
 * How long a session found not revoked is taken as such without asking the
 * store again. Asking on every request cost 40 % of an indicator request's
 * throughput locally (a file stat and a hash), and on S3 it is a HEAD plus a
 * LIST per request. A sign-out still holds at once in the process that
 * received it; another process (another Lambda) sees it within this time.
 */
export const REVOCATION_RECHECK_MS = 5_000;
/** Sessions remembered as not revoked, at most (oldest forgotten first). */
const CLEAR_CAP = 10_000;

/**
 * Sessions ended by sign-out, checked on every request. One small object
 * per sign-out under `sessions/revoked/{sha256 of the cookie}` in the
 * curated store, so every process and every Lambda sees it at once and a
 * restart forgets nothing; ids already seen revoked are also kept in
 * memory, so a replayed old cookie costs no lookup, and a session found
 * live is not looked up again for REVOCATION_RECHECK_MS. Keyed by the session
 * value itself, so one sign-out ends that browser's session only, not the
 * other people sharing a town's login.
 */
export class SessionRevocations {
  private readonly revoked = new Set<string>();
  /** Session → until when (ms) it is taken as not revoked without a lookup. */
  private readonly clearUntil = new Map<string, number>();

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private keyOf(session: string): string {
    return `${REVOKED_SESSIONS_PREFIX}${createHash('sha256').update(session).digest('base64url')}.json`;
  }

  async revoke(session: string): Promise<void> {
    const key = this.keyOf(session);
    const at = this.clock();
    await this.store.put(key, JSON.stringify({ revoked_at: at.toISOString() }), {
      contentType: 'application/json',
    });
    this.revoked.add(key);
    this.clearUntil.delete(session);
    await this.prune(at, key);
  }

  async isRevoked(session: string): Promise<boolean> {
    const now = this.clock().getTime();
    const until = this.clearUntil.get(session);
    if (until !== undefined && until > now) return false;
    const key = this.keyOf(session);
    if (this.revoked.has(key)) return true;
    if (!(await this.store.head(key))) {
      this.clearUntil.delete(session); // re-inserted last: the Map's order is oldest first
      this.clearUntil.set(session, now + REVOCATION_RECHECK_MS);
      if (this.clearUntil.size > CLEAR_CAP)
        this.clearUntil.delete(this.clearUntil.keys().next().value as string);
      return false;
    }
    this.revoked.add(key);
    return true;
  }

  /** Locally, old entries are removed here; on S3 a lifecycle rule expires them (docs/deploy.md). */
  private async prune(now: Date, written: string): Promise<void> {
    if (this.store.localPath(written) === undefined) return;
    for (const old of await this.store.list(REVOKED_SESSIONS_PREFIX)) {
      if (now.getTime() - old.lastModified.getTime() < KEEP_MS) continue;
      await this.store.delete(old.key);
      this.revoked.delete(old.key);
    }
  }
}
