/** Japan has no daylight saving time: JST is UTC+9 all year. */
const JST_OFFSET_MS = 9 * 3600_000;

/**
 * The calendar date in Japan at a moment, as YYYY-MM-DD, whatever the
 * server's time zone: between 00:00 and 09:00 JST a UTC date is still
 * yesterday's.
 *
 * @example todayInJapan(new Date('2026-12-03T18:17:00Z')) // '2026-12-04'
 */
export function todayInJapan(now: Date): string {
  return new Date(now.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A データ時点 that is never after today: a fiscal year still running ends
 * in the future, and no figure can be as of a day that has not come.
 */
export function notAfterToday(asOf: string | null, now: Date): string | null {
  if (asOf === null) return null;
  const today = todayInJapan(now);
  return asOf > today ? today : asOf;
}
