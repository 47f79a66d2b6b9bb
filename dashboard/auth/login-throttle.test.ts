import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('locks a login after the allowed failures and opens it again after the window', () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 1000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.isLocked('a')).toBe(false);
      throttle.recordFailure('a');
    }
    expect(throttle.isLocked('a')).toBe(true);
    expect(throttle.isLocked('b')).toBe(false);
    now = 1001;
    expect(throttle.isLocked('a')).toBe(false);
  });

  it('forgets failures after a successful sign-in', () => {
    const throttle = new LoginThrottle(2, 1000, () => 0);
    throttle.recordFailure('a');
    throttle.recordSuccess('a');
    throttle.recordFailure('a');
    expect(throttle.isLocked('a')).toBe(false);
  });
});
