/**
 * What the server embeds for each chart (a `<script type="application/json">`
 * block) and the bundle draws. Plain data only: the page already holds every
 * number in its server-rendered table; the chart is a picture of the same.
 */
export type ChartKind = 'bar' | 'stacked-bar' | 'horizontal-bar' | 'line' | 'scatter';

export interface ChartSeries {
  label: string;
  /** One value per category label; null = 秘匿 or not available (drawn as a gap). */
  values: (number | null)[];
  /** True where the value is 秘匿 (not merely missing): the gap is labelled 秘匿. */
  suppressed?: boolean[];
  /**
   * True where the value covers part of a period only (速報: a year still
   * running, or fewer than 12 months reported): drawn hollow — an unfilled
   * bar or point, reached by a dotted segment — on every chart alike.
   */
  partial?: boolean[];
  /** Draw as a dashed line (reference values such as the national share). */
  dashed?: boolean;
  /**
   * A percentage (0–100) drawn as a line on a right-hand axis over bars,
   * e.g. the share of the population covered beside the count of towns.
   */
  percentLine?: boolean;
  /** A fixed colour (e.g. a status's, as the tile map shows it) instead of the palette's by position. */
  colour?: string;
  /** An outline for a fill too light to see on white (未実施's grey). */
  border?: string;
}

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
  /** The town the page is about, drawn larger. */
  highlight?: boolean;
}

export interface ChartSpec {
  kind: ChartKind;
  labels: string[];
  series: ChartSeries[];
  points?: ScatterPoint[];
  xTitle?: string;
  yTitle?: string;
  /** Values are percentages (0–100): axis ticks get a % suffix. */
  percent?: boolean;
}

/**
 * Okabe–Ito: distinguishable with the common colour-vision deficiencies and
 * in greyscale print. Yellow is last because it is weak on white.
 */
export const OKABE_ITO = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#56B4E9',
  '#CC79A7',
  '#000000',
  '#F0E442',
] as const;

/**
 * The colour of each 実施状況, shared by the 実施市町村数 chart and the tile
 * map (dashboard/static/overview.css, held to this by a test), so a status
 * reads the same everywhere. Okabe–Ito, light to dark as a town gets further.
 */
export const STATUS_COLOURS: Readonly<Record<StatusColourKey, { fill: string; border?: string }>> = {
  implementing: { fill: '#0072B2' },
  preparing: { fill: '#56B4E9' },
  planned: { fill: '#E69F00' },
  considering: { fill: '#F0E442' },
  not_implemented: { fill: '#F2F2F2', border: '#767676' },
  // No status entered for the year: white, outlined (the tile map dashes it).
  unknown: { fill: '#FFFFFF', border: '#767676' },
};
export type StatusColourKey =
  | 'implementing'
  | 'preparing'
  | 'planned'
  | 'considering'
  | 'not_implemented'
  | 'unknown';

export function paletteColour(index: number): string {
  return OKABE_ITO[index % OKABE_ITO.length] as string;
}

/** What a hollow mark means, for legends, notes and accessible summaries. */
export const PARTIAL_NOTE = '白抜きの棒・点は速報（年度途中、または12か月分がそろっていない値）です。';

/** Whether any value of the chart is drawn hollow. */
export const hasPartial = (spec: ChartSpec): boolean => spec.series.some((s) => s.partial?.some(Boolean));

/** Whether the chart would show anything: an empty one is replaced by a sentence. */
export function hasData(spec: ChartSpec): boolean {
  if (spec.kind === 'scatter') return (spec.points ?? []).length > 0;
  return spec.series.some((s) => s.values.some((v) => v !== null));
}
