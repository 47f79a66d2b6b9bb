import type { Viewer } from '../../src/access/viewer';

/**
 * What the disclosure audits enumerate: the viewer classes and every from/to
 * window a reader could ask for, shared so each audit attacks the same surface.
 */
export const auditPrefecture = (login: string): Viewer => ({ role: 'prefecture', login });
export const auditTeam = (login: string): Viewer => ({ role: 'promotion_team', login });
export const auditTown = (code: string, prefix: string): Viewer => ({
  role: 'municipality',
  municipalityCode: code,
  login: `${prefix}-${code}`,
});

/** No window, then every from ≤ to pair of the years. */
export function windows(years: readonly number[]): { from?: number; to?: number }[] {
  const out: { from?: number; to?: number }[] = [{}];
  for (const from of years) for (const to of years.filter((y) => y >= from)) out.push({ from, to });
  return out;
}
