import type { Row } from './types';

const ratio = (now: unknown, before: unknown): number | null =>
  typeof now === 'number' && typeof before === 'number' && before > 0
    ? Math.round((now / before) * 10000) / 10000
    : null;

/**
 * 前年度比 of persons and contacts, computed after suppression from the
 * figures the viewer actually sees, so a ratio can never reveal a hidden
 * count: it is null whenever either year's figure is hidden or missing.
 */
export function addYearOnYear(rows: Row[]): Row[] {
  const index = new Map<string, Row>();
  const key = (r: Row, fy: number) => `${String(r.level)}|${String(r.area_code)}|${fy}`;
  for (const row of rows) {
    if (row.level !== 'month' && typeof row.fiscal_year === 'number')
      index.set(key(row, row.fiscal_year), row);
  }
  for (const row of rows) {
    if (row.level === 'month' || typeof row.fiscal_year !== 'number') {
      row.persons_yoy = null;
      row.contacts_yoy = null;
      continue;
    }
    const before = index.get(key(row, row.fiscal_year - 1));
    row.persons_yoy = ratio(row.persons, before?.persons);
    row.contacts_yoy = ratio(row.contacts, before?.contacts);
  }
  return rows;
}
