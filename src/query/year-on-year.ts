import type { Row } from './types';

/** 前年度比, rounded to 4 decimals; null unless both figures are there and the earlier one is positive. */
export const yearOnYearRatio = (now: unknown, before: unknown): number | null =>
  typeof now === 'number' && typeof before === 'number' && before > 0
    ? Math.round((now / before) * 10000) / 10000
    : null;

const hasYear = (row: Row): row is Row & { fiscal_year: number } =>
  row.level !== 'month' && typeof row.fiscal_year === 'number';

/**
 * For every row, the row of the same level and area one fiscal year
 * earlier (undefined for month rows, rows without a FY, or when absent).
 * The queries return rows ordered by level, area and FY, where the earlier
 * year is simply the previous such row; any other order is looked up by key.
 */
export function previousYearRows(rows: readonly Row[]): (Row | undefined)[] {
  const out: (Row | undefined)[] = new Array(rows.length);
  const groups = new Set<string>();
  let last: (Row & { fiscal_year: number }) | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    if (!hasYear(row)) continue;
    const sameGroup = last !== undefined && last.level === row.level && last.area_code === row.area_code;
    if (sameGroup && (last as Row & { fiscal_year: number }).fiscal_year >= row.fiscal_year) {
      return previousYearRowsByKey(rows);
    }
    if (!sameGroup) {
      const group = `${String(row.level)}|${String(row.area_code)}`;
      // A group seen before, further up: not in order.
      if (groups.has(group)) return previousYearRowsByKey(rows);
      groups.add(group);
    }
    out[i] = sameGroup && last?.fiscal_year === row.fiscal_year - 1 ? last : undefined;
    last = row;
  }
  return out;
}

function previousYearRowsByKey(rows: readonly Row[]): (Row | undefined)[] {
  const index = new Map<string, Row>();
  const key = (r: Row, fy: number) => `${String(r.level)}|${String(r.area_code)}|${fy}`;
  for (const row of rows) if (hasYear(row)) index.set(key(row, row.fiscal_year), row);
  return rows.map((row) => (hasYear(row) ? index.get(key(row, row.fiscal_year - 1)) : undefined));
}

/**
 * 前年度比 of persons and contacts, computed after suppression from the
 * figures the viewer actually sees, so a ratio can never reveal a hidden
 * count: it is null whenever either year's figure is hidden or missing.
 */
export function addYearOnYear(rows: Row[]): Row[] {
  const previous = previousYearRows(rows);
  rows.forEach((row, i) => {
    const before = previous[i];
    row.persons_yoy = yearOnYearRatio(row.persons, before?.persons);
    row.contacts_yoy = yearOnYearRatio(row.contacts, before?.contacts);
  });
  return rows;
}
