import { createHash } from 'node:crypto';

/** Failures allowed before any wait, then a wait doubling from `baseDelayMs` up to `maxDelayMs`. */
export interface ThrottlePolicy {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * One login from one address: 5 tries at once, then 30 s, 1, 2, 4, 8 min,
 * capped at 15 min. Keyed by the pair so that someone guessing a known
 * login (`prefecture`) only ever slows themselves: its owner, signing in
 * from any other address, is never kept out.
 */
export const PER_LOGIN_AND_ADDRESS: ThrottlePolicy = {
  free: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
};

/**
 * One address, whatever the logins: more room (an office shares one address
 * and people mistype), but a longer wait (1 min doubling to 1 h), so that
 * spraying many logins gains nothing over guessing one.
 */
export const PER_ADDRESS: ThrottlePolicy = { free: 20, baseDelayMs: 60_000, maxDelayMs: 60 * 60_000 };

export type Admission =
  | { allowed: true; succeeded(): void }
  | {
      allowed: false;
      limit: 'login_and_address' | 'address';
      retryAfterMs: number;
      /** Refusals by this limit (pair or address) since its count was last forgotten, this one included. */
      refusals: number;
      /** The first refusal of this wait: the one to audit (one entry per wait, not per refusal). */
      firstInWindow: boolean;
    };

interface Failures {
  count: number;
  last: number;
  refused: number;
  /** `count` when a refusal was last reported first of its wait; each counted try opens a new wait. */
  reportedAt?: number;
}

/** A Map kept in least-recently-used order and cut to `capacity`: memory stays bounded whatever arrives. */
class LruCounters {
  private readonly entries = new Map<string, Failures>();

  constructor(
    private readonly capacity: number,
    private readonly policy: ThrottlePolicy,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The entry, or undefined once it has been quiet as long as the longest wait. */
  private current(key: string, now: number): Failures | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.last >= this.policy.maxDelayMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Milliseconds until the next try is allowed; 0 when it is. */
  wait(key: string, now: number): number {
    const entry = this.current(key, now);
    if (!entry || entry.count < this.policy.free) return 0;
    const delay = Math.min(
      this.policy.baseDelayMs * 2 ** (entry.count - this.policy.free),
      this.policy.maxDelayMs,
    );
    return Math.max(0, entry.last + delay - now);
  }

  /** Records a refusal of a key that is waiting (wait() > 0). */
  refuse(key: string): { refusals: number; firstInWindow: boolean } {
    const entry = this.entries.get(key);
    if (!entry) return { refusals: 1, firstInWindow: true };
    entry.refused++;
    const firstInWindow = entry.reportedAt !== entry.count;
    entry.reportedAt = entry.count;
    return { refusals: entry.refused, firstInWindow };
  }

  count(key: string, now: number): void {
    const entry = this.current(key, now) ?? { count: 0, last: now, refused: 0 };
    this.entries.delete(key);
    this.entries.set(key, { ...entry, count: entry.count + 1, last: now });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  uncount(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.count > 1) entry.count--;
    else this.entries.delete(key);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

export interface LoginThrottleOptions {
  /** Entries kept per table (login x address, address); the least recently used go first. */
  capacity?: number;
  now?: () => number;
}

/**
 * Slows password guessing at the sign-in form (policies above). `admit`
 * counts the attempt as a failure *before* the password is checked and
 * does so synchronously, so concurrent requests cannot all slip past the
 * count; `succeeded()` takes it back. Refused attempts are never checked
 * and not counted either, so hammering does not push the wait further out;
 * they are only tallied, and the first of each wait is marked `firstInWindow`
 * so the caller can audit one entry per wait rather than one per refusal.
 * In memory per process: enough for the local server and a warm Lambda;
 * Cognito applies its own lockout in the cloud.
 *
 * @example const a = throttle.admit(login, address); if (a.allowed && (await check())) a.succeeded();
 */
export class LoginThrottle {
  private readonly pairs: LruCounters;
  private readonly addresses: LruCounters;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    const capacity = options.capacity ?? 10_000;
    this.pairs = new LruCounters(capacity, PER_LOGIN_AND_ADDRESS);
    this.addresses = new LruCounters(capacity, PER_ADDRESS);
    this.now = options.now ?? Date.now;
  }

  get size(): { pairs: number; addresses: number } {
    return { pairs: this.pairs.size, addresses: this.addresses.size };
  }

  admit(login: string, address: string): Admission {
    const now = this.now();
    // Hashed, so a 900 KB login name costs no more memory than a short one.
    const pair = createHash('sha256').update(address).update('\0').update(login).digest('base64url');
    const place = address.slice(0, 64);
    const byPair = this.pairs.wait(pair, now);
    if (byPair > 0)
      return { allowed: false, limit: 'login_and_address', retryAfterMs: byPair, ...this.pairs.refuse(pair) };
    const byAddress = this.addresses.wait(place, now);
    if (byAddress > 0)
      return { allowed: false, limit: 'address', retryAfterMs: byAddress, ...this.addresses.refuse(place) };
    this.pairs.count(pair, now);
    this.addresses.count(place, now);
    return {
      allowed: true,
      succeeded: () => {
        this.pairs.forget(pair);
        this.addresses.uncount(place);
      },
    };
  }
}
