import type { Vocabulary } from '../datasets';
import { AGE_BANDS, IMPLEMENTATION_STATUSES, ISSUES, REFERRAL_ROUTES } from '../datasets/vocabularies';
import { METRIC_LABELS } from './fields';
import type { Row } from './types';

const byCode = (vocabulary: Vocabulary): Map<string, string> =>
  new Map(vocabulary.map((t) => [t.code, t.label]));

const CATEGORY_LABELS: Record<string, Map<string, string>> = {
  total: new Map([['all', '全体']]),
  issue: byCode(ISSUES),
  referral_route: byCode(REFERRAL_ROUTES),
  age_band: byCode(AGE_BANDS),
  issue_count: new Map([
    ['1', '1つ'],
    ['2_plus', '2つ以上（複合課題）'],
  ]),
  household_size: new Map([
    ['1', '1人'],
    ['2', '2人'],
    ['3', '3人'],
    ['4', '4人'],
    ['5_plus', '5人以上'],
    ['unknown', '不明'],
  ]),
};
const STATUS_LABELS = byCode(IMPLEMENTATION_STATUSES);

/** The Japanese label of an issues category code. */
export function categoryLabel(dimension: string, category: string): string {
  return CATEGORY_LABELS[dimension]?.get(category) ?? category;
}

/** The Japanese label of an implementation status code (null stays null). */
export function statusLabel(status: unknown): string | null {
  return typeof status === 'string' ? (STATUS_LABELS.get(status) ?? status) : null;
}

/** The Japanese label of a benchmark metric code. */
export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric;
}

/** Adds the Japanese labels of codes to rows (engine-independent, after the query). */
export function withLabels(rows: Row[]): Row[] {
  for (const row of rows) {
    if (typeof row.dimension === 'string' && typeof row.category === 'string') {
      row.category_label = categoryLabel(row.dimension, row.category);
    }
    if ('status' in row) row.status_label = statusLabel(row.status);
    if (typeof row.metric === 'string') row.metric_label = metricLabel(row.metric);
  }
  return rows;
}
