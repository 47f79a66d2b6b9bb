import type { IndicatorFilters, IndicatorId, IndicatorMeta } from '../../src/query/types';
import { formatDateJa } from './format';

const DATASET_LABELS: Record<string, string> = {
  cases: '相談ケース',
  activities: '活動実績',
  visits: '世帯訪問調査',
  implementation: '実施状況',
  population: '人口',
};

/**
 * The 出典・データ時点 line under every chart and table. `rates` adds how the
 * per-10,000 rates get their population, for figures that show rates.
 */
export function sourceLine(meta: IndicatorMeta, options: { rates?: boolean } = {}): string {
  const datasets = meta.sources.datasets.map((d) => DATASET_LABELS[d] ?? d).join('・');
  const asOf = meta.as_of ? `データ時点: ${formatDateJa(meta.as_of)}` : 'データ時点: データなし';
  const population = options.rates && meta.sources.population ? `／人口: ${meta.sources.population}` : '';
  return `出典: 市町村・県の提出データ（${datasets}）${population}／${asOf}`;
}

/** The suppression note when this viewer's figures contain 秘匿 cells. */
export function suppressionNote(meta: IndicatorMeta): string | undefined {
  const s = meta.suppression;
  if (!s.applied || s.suppressed_cells === 0) return undefined;
  return s.note;
}

/** The API CSV download of the same data, with the same filters. */
export function csvHref(id: IndicatorId, filters: IndicatorFilters = {}): string {
  const q = new URLSearchParams({ format: 'csv' });
  if (filters.municipality) q.set('municipality', filters.municipality);
  if (filters.fiscalYear !== undefined) q.set('fiscal_year', String(filters.fiscalYear));
  if (filters.from !== undefined) q.set('from', String(filters.from));
  if (filters.to !== undefined) q.set('to', String(filters.to));
  return `/api/indicators/${id}?${q.toString()}`;
}
