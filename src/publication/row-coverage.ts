import type { Row } from '../query/types';
import { previousYearRows, yearOnYearRatio } from '../query/year-on-year';
import { fiscalYearEnded } from './coverage';

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** A town-year is partial while its year runs, or when fewer than 12 months of tallies came in. */
export const townYearPartial = (row: Row, today: string): boolean =>
  !fiscalYearEnded(row.fiscal_year as number, today) ||
  (typeof row.months_reported === 'number' && row.months_reported < 12);

/** Σ of a field over rows; null when any is null (秘匿 or not reported). */
function sumOf(rows: readonly Row[], field: string): number | null {
  let total = 0;
  for (const row of rows) {
    const v = num(row[field]);
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** Whether a pooled row (region or prefecture) pools a town row. */
const pools = (area: Row, town: Row): boolean =>
  area.level === 'prefecture' || (area.level === 'region' && area.region === town.region);

/**
 * What each 相談件数推移 year row covers, in place on rows the caller owns
 * (month rows are left as they are): `partial` (the year still runs, or
 * some town sent fewer than 12 months); 前年度比 only between two complete
 * years, since a partial year against a whole one reads as a collapse; and
 * for region and prefecture rows the 同一市町村ベース change, over the towns
 * complete in both years. Every figure used is one the rows already show
 * (a 秘匿 part makes a sum null), so nothing hidden is recomputed here.
 */
export function withRowCoverage(rows: Row[], today: string): Row[] {
  const towns = new Map<number, Row[]>();
  for (const row of rows) {
    if (row.level !== 'municipality' || typeof row.fiscal_year !== 'number') continue;
    row.partial = townYearPartial(row, today);
    const list = towns.get(row.fiscal_year);
    if (list) list.push(row);
    else towns.set(row.fiscal_year, [row]);
  }
  for (const row of rows) {
    if ((row.level !== 'region' && row.level !== 'prefecture') || typeof row.fiscal_year !== 'number')
      continue;
    const members = (towns.get(row.fiscal_year) ?? []).filter((t) => pools(row, t));
    row.partial = !fiscalYearEnded(row.fiscal_year, today) || members.some((t) => t.partial === true);
  }
  const previous = previousYearRows(rows);
  rows.forEach((row, i) => {
    if (row.level === 'month' || typeof row.fiscal_year !== 'number') return;
    const before = previous[i];
    if (row.partial === true || before === undefined || before.partial === true) {
      row.persons_yoy = null;
      row.contacts_yoy = null;
    }
    row.persons_yoy_same_municipalities = null;
    row.contacts_yoy_same_municipalities = null;
    row.same_municipalities = null;
    if (row.level === 'municipality') return;
    const complete = (fy: number) =>
      new Map(
        (towns.get(fy) ?? [])
          .filter((t) => pools(row, t) && t.partial === false)
          .map((t) => [str(t.municipality_code), t]),
      );
    const now = complete(row.fiscal_year);
    const earlier = complete(row.fiscal_year - 1);
    const same = [...now.keys()].filter((code) => earlier.has(code));
    row.same_municipalities = same.length;
    if (same.length === 0) return;
    const pick = (m: Map<string, Row>) => same.map((code) => m.get(code) as Row);
    for (const field of ['persons', 'contacts'] as const)
      row[`${field}_yoy_same_municipalities`] = yearOnYearRatio(
        sumOf(pick(now), field),
        sumOf(pick(earlier), field),
      );
  });
  return rows;
}
