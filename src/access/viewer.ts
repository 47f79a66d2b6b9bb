import type { Dataset } from '../datasets';

/**
 * Who is asking. The dashboard builds one from a session, a local token or a
 * Cognito JWT; everything below it (indicators, suppression, uploads) only
 * ever sees this.
 */
export type Role = 'prefecture' | 'promotion_team' | 'municipality';

export interface Viewer {
  role: Role;
  /** Set for role 'municipality': the 6-digit code of the viewer's own town. */
  municipalityCode?: string;
  /** Login name, for the audit log. */
  login: string;
}

/**
 * Exact (unsuppressed) figures for a municipality are shown only to the
 * prefecture's 孤独・孤立対策課 and to that municipality's own staff. The
 * 推進チーム reads everything but its packs are handed to other towns, so it
 * sees suppressed figures like any other non-entitled viewer.
 */
export function seesExactFiguresOf(viewer: Viewer, municipalityCode: string): boolean {
  if (viewer.role === 'prefecture') return true;
  return viewer.role === 'municipality' && viewer.municipalityCode === municipalityCode;
}

/** Prefecture-wide and regional aggregates are exact only for the prefecture. */
export function seesExactAggregates(viewer: Viewer): boolean {
  return viewer.role === 'prefecture';
}

/**
 * Municipalities upload their own town's municipal datasets; the prefecture
 * uploads `implementation` and `population` (and may upload any dataset for
 * any town, e.g. on a town's behalf). The 推進チーム uploads nothing.
 */
export function mayUpload(viewer: Viewer, dataset: Dataset, municipalityCode: string): boolean {
  if (viewer.role === 'prefecture') return true;
  if (viewer.role !== 'municipality') return false;
  return dataset.uploadedBy === 'municipality' && viewer.municipalityCode === municipalityCode;
}
