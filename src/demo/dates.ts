import type { Rng } from './prng';

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A uniformly drawn day in [from, to] (ISO dates). */
export function dayBetween(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return isoDay(a + rng.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000);
}

export function lastDayOfMonth(monthStart: string): string {
  const d = new Date(`${monthStart}T00:00:00Z`);
  return isoDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
}

export const maxIso = (a: string, b: string): string => (a > b ? a : b);
