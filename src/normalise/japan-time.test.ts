import { describe, expect, it } from 'vitest';
import { notAfterToday, todayInJapan } from './japan-time';

describe('todayInJapan', () => {
  it('is the date in Tokyo, not in UTC', () => {
    expect(todayInJapan(new Date('2026-12-03T14:59:59Z'))).toBe('2026-12-03');
    expect(todayInJapan(new Date('2026-12-03T15:00:00Z'))).toBe('2026-12-04');
    expect(todayInJapan(new Date('2027-03-31T15:00:00Z'))).toBe('2027-04-01');
  });
});

describe('notAfterToday', () => {
  const now = new Date('2026-12-03T03:00:00Z');
  it('keeps a past データ時点 and caps a future one (a running FY ends 2027-03-31)', () => {
    expect(notAfterToday('2026-03-31', now)).toBe('2026-03-31');
    expect(notAfterToday('2027-03-31', now)).toBe('2026-12-03');
    expect(notAfterToday('2026-11', now)).toBe('2026-11');
    expect(notAfterToday(null, now)).toBeNull();
  });
});
