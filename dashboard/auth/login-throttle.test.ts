import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LoginThrottle, PER_ADDRESS, PER_LOGIN_AND_ADDRESS } from './login-throttle';

const MINUTE = 60_000;

/** Fails `n` attempts of one login from one address; how many were let through to the password check. */
function failMany(throttle: LoginThrottle, login: string, address: string, n: number): number {
  let verified = 0;
  for (let i = 0; i < n; i++) if (throttle.admit(login, address).allowed) verified++;
  return verified;
}

describe('LoginThrottle', () => {
  it('lets the documented number through at once, however many arrive together', () => {
    // Prepare
    const throttle = new LoginThrottle({ now: () => 0 });
    // Act: admit() counts synchronously, so 40 requests in flight see each other's counts.
    const verified = failMany(throttle, 'prefecture', '203.0.113.9', 40);
    // Assess
    expect(verified).toBe(PER_LOGIN_AND_ADDRESS.free);
  });

  it('then doubles the wait for each further failure, up to the cap', () => {
    let now = 0;
    const throttle = new LoginThrottle({ now: () => now });
    failMany(throttle, 'a', 'x', PER_LOGIN_AND_ADDRESS.free);
    const refused = throttle.admit('a', 'x');
    expect(refused).toMatchObject({ allowed: false, limit: 'login_and_address', retryAfterMs: 30_000 });
    now = 30_000;
    expect(throttle.admit('a', 'x').allowed).toBe(true);
    expect(throttle.admit('a', 'x')).toMatchObject({ allowed: false, retryAfterMs: 60_000 });
    now += 60_000;
    expect(throttle.admit('a', 'x').allowed).toBe(true);
    expect(throttle.admit('a', 'x')).toMatchObject({ allowed: false, retryAfterMs: 2 * MINUTE });
  });

  it('marks only the first refusal of each wait as the one to audit, with the refusals so far', () => {
    // Prepare
    let now = 0;
    const throttle = new LoginThrottle({ now: () => now });
    failMany(throttle, 'a', 'x', PER_LOGIN_AND_ADDRESS.free);
    // Act: 35 refusals in the first wait, one allowed try after it, then 3 refusals in the second.
    const first = Array.from({ length: 35 }, () => throttle.admit('a', 'x'));
    now = 30_000;
    const allowed = throttle.admit('a', 'x');
    const second = Array.from({ length: 3 }, () => throttle.admit('a', 'x'));
    // Assess
    expect(first[0]).toMatchObject({ allowed: false, firstInWindow: true, refusals: 1 });
    expect(first.slice(1).every((r) => !r.allowed && !r.firstInWindow)).toBe(true);
    expect(first.at(-1)).toMatchObject({ refusals: 35 });
    expect(allowed.allowed).toBe(true);
    expect(second[0]).toMatchObject({ allowed: false, firstInWindow: true, refusals: 36 });
    expect(second.slice(1).map((r) => !r.allowed && r.firstInWindow)).toEqual([false, false]);
  });

  it('marks the address limit once per wait, however many logins it refuses', () => {
    const throttle = new LoginThrottle({ now: () => 0 });
    for (let i = 0; i < PER_ADDRESS.free; i++) throttle.admit(`login-${i}`, 'spray');
    const refused = Array.from({ length: 30 }, (_, i) => throttle.admit(`other-${i}`, 'spray'));
    expect(refused.filter((r) => !r.allowed && r.firstInWindow)).toHaveLength(1);
    expect(refused.at(-1)).toMatchObject({ limit: 'address', refusals: 30 });
  });

  it('forgets a pair after a quiet period as long as the longest wait', () => {
    let now = 0;
    const throttle = new LoginThrottle({ now: () => now });
    failMany(throttle, 'a', 'x', 10);
    now = PER_LOGIN_AND_ADDRESS.maxDelayMs + 1;
    expect(failMany(throttle, 'a', 'x', 10)).toBe(PER_LOGIN_AND_ADDRESS.free);
  });

  it('never locks a login out for another address', () => {
    const throttle = new LoginThrottle({ now: () => 0 });
    failMany(throttle, 'prefecture', 'attacker', 100);
    expect(throttle.admit('prefecture', 'office').allowed).toBe(true);
  });

  it('slows an address that tries many logins, with the longer per-address wait', () => {
    const throttle = new LoginThrottle({ now: () => 0 });
    for (let i = 0; i < PER_ADDRESS.free; i++)
      expect(throttle.admit(`login-${i}`, 'spray').allowed).toBe(true);
    expect(throttle.admit('another', 'spray')).toMatchObject({
      allowed: false,
      limit: 'address',
      retryAfterMs: PER_ADDRESS.baseDelayMs,
    });
    expect(throttle.admit('another', 'elsewhere').allowed).toBe(true);
  });

  it('forgets the pair after a success, and does not count the success against the address', () => {
    const throttle = new LoginThrottle({ now: () => 0 });
    failMany(throttle, 'a', 'x', PER_LOGIN_AND_ADDRESS.free - 1);
    const ok = throttle.admit('a', 'x');
    if (!ok.allowed) throw new Error('should be let through');
    ok.succeeded();
    expect(failMany(throttle, 'a', 'x', 10)).toBe(PER_LOGIN_AND_ADDRESS.free);
  });

  it('keeps memory bounded after 10,000 distinct failed logins (long names included)', () => {
    // Prepare: a real garbage collection before and after, so the number is what stays.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const throttle = new LoginThrottle({ now: () => 0, capacity: 5_000 });
    const long = 'x'.repeat(900 * 1024);
    gc();
    const before = process.memoryUsage().heapUsed;
    // Act: 10,000 logins, each from its own address, every hundredth one 900 KB long.
    for (let i = 0; i < 10_000; i++) {
      const login = i % 100 === 0 ? `${long}${i}` : `user-${i}`;
      failMany(throttle, login, `198.51.${i >> 8}.${i & 255}`, 2);
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Assess: at most `capacity` entries per table; measured about 1-2 MB for 2 x 5,000.
    expect(throttle.size).toEqual({ pairs: 5_000, addresses: 5_000 });
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    console.info(
      `login throttle after 10,000 failed logins: ${(grown / 1024 / 1024).toFixed(1)} MB retained`,
    );
  });
});
