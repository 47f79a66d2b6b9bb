import { createHash } from 'node:crypto';
import type { ObjectStore } from '../../src/storage/object-store';

/** Where sign-outs are kept; on AWS the dashboard role may put and get here, and a lifecycle rule expires them. */
export const REVOKED_SESSIONS_PREFIX = 'sessions/revoked/';
/** Longer than any session lives (8 h locally, at most 1 day for a Cognito access token). */
export const REVOCATION_KEEP_DAYS = 1;
const KEEP_MS = REVOCATION_KEEP_DAYS * 24 * 3600 * 1000;

/**
 * Sessions ended by sign-out, checked on every request. One small object
 * per sign-out under `sessions/revoked/{sha256 of the cookie}` in the
 * curated store, so every process and every Lambda sees it at once and a
 * restart forgets nothing; ids already seen revoked are also kept in
 * memory, so a replayed old cookie costs no lookup. Keyed by the session
 * value itself, so one sign-out ends that browser's session only, not the
 * other people sharing a town's login.
 */
export class SessionRevocations {
  private readonly revoked = new Set<string>();

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
    await this.prune(at, key);
  }

  async isRevoked(session: string): Promise<boolean> {
    const key = this.keyOf(session);
    if (this.revoked.has(key)) return true;
    if (!(await this.store.head(key))) return false;
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
