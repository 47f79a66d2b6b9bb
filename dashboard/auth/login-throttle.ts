/**
 * Slows password guessing at the sign-in form: after `maxFailures` wrong
 * passwords for one login within `windowMs`, that login is refused until the
 * window has passed. In memory per process — enough for the local server;
 * Cognito applies its own lockout in the cloud.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(login: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const kept = (this.failures.get(login) ?? []).filter((t) => t > cutoff);
    if (kept.length === 0) this.failures.delete(login);
    else this.failures.set(login, kept);
    return kept;
  }

  isLocked(login: string): boolean {
    return this.recent(login).length >= this.maxFailures;
  }

  recordFailure(login: string): void {
    this.failures.set(login, [...this.recent(login), this.now()]);
  }

  recordSuccess(login: string): void {
    this.failures.delete(login);
  }
}
