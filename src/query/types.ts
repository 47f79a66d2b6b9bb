/** Shared types of the indicator layer; the dashboard codes against these. */

export type IndicatorId = 'consultations' | 'issues' | 'visits' | 'implementation' | 'benchmark' | 'outcomes';

export const INDICATOR_IDS: readonly IndicatorId[] = [
  'consultations',
  'issues',
  'visits',
  'implementation',
  'benchmark',
  'outcomes',
];

export function isIndicatorId(value: string): value is IndicatorId {
  return (INDICATOR_IDS as readonly string[]).includes(value);
}

/**
 * What the caller may narrow a response to. `fiscalYear` is shorthand for
 * from = to = fiscalYear. `municipality` keeps that town's rows plus the
 * region and prefecture rows it is compared with.
 */
export interface IndicatorFilters {
  municipality?: string;
  fiscalYear?: number;
  from?: number;
  to?: number;
  /** A month window inside one fiscal year, 'YYYY-MM' (相談件数推移 only). */
  fromMonth?: string;
  toMonth?: string;
  /** Only the rows of one area level (a page that shows the prefecture alone asks for no town rows). */
  level?: AreaLevel;
}

/** The area levels a `level` filter selects (rows of other kinds, months or cohorts, are left out). */
export const AREA_LEVELS = ['prefecture', 'region', 'municipality'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/**
 * A cell value as the API returns it: dates are 'YYYY-MM-DD' strings. The
 * only array is a row's `suppressed` list (names of the fields shown as 秘匿).
 */
export type Cell = string | number | boolean | null | string[];
export type Row = Record<string, Cell>;

export interface SuppressionMeta {
  k: number;
  /** False when the viewer is entitled to exact figures for everything returned. */
  applied: boolean;
  suppressed_cells: number;
  /** Japanese explanation shown under tables. */
  note: string;
}

export interface IndicatorMeta {
  indicator: IndicatorId;
  data_version: string;
  /** Newest date the data describes (latest month / 基準日 / FY end), or null when empty. */
  as_of: string | null;
  suppression: SuppressionMeta;
  /** Datasets the figures come from, and how rates get their population. */
  sources: { datasets: string[]; population: string };
  filters: {
    municipality: string | null;
    from: number | null;
    to: number | null;
    /** The month window, 'YYYY-MM', when one was asked for (相談件数推移). */
    from_month?: string;
    to_month?: string;
    /** The area level asked for, when one was. */
    level?: AreaLevel;
  };
  /** Which engine computed it ('duckdb' | 'athena') and whether it came from the cache. */
  engine: string;
  cached: boolean;
}

export interface IndicatorResponse {
  data: Row[];
  meta: IndicatorMeta;
}
