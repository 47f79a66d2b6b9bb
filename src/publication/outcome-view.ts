import type { Row } from '../query/types';
import { rowCells } from './cells';

const inWindow = (fy: unknown, w: { from: number; to: number }) =>
  typeof fy !== 'number' || (fy >= w.from && fy <= w.to);

/** Figures computed from counts: each hidden with any count it uses. */
const DERIVED: readonly [field: string, bases: readonly string[]][] = [
  ['closure_rate', ['closed', 'persons']],
  // A median of fewer than k cases is those people's own durations: it is
  // shown only where 終結件数 is (for anyone not entitled to the figures,
  // that means 0 or at least k cases).
  ['median_support_days', ['closed']],
];

/**
 * 支援の成果 for one class of viewer in a window: the grid's rows with the
 * class's hidden cells null and named in `suppressed`, and 終結率 and the
 * median 支援期間 hidden with the counts they come from. Nothing is
 * computed here: a window only selects rows.
 */
export function outcomesView(
  rows: readonly Row[],
  hidden: ReadonlySet<string>,
  w: { from: number; to: number },
): Row[] {
  return rows
    .filter((r) => inWindow(r.fiscal_year, w))
    .map((source) => {
      const row: Row = { ...source, suppressed: [] };
      const suppressed = row.suppressed as string[];
      for (const [field, cell] of rowCells('outcomes', source)) {
        if (hidden.has(cell) && row[field] !== null) {
          row[field] = null;
          suppressed.push(field);
        }
      }
      for (const [field, bases] of DERIVED) {
        if (row[field] !== null && bases.some((b) => suppressed.includes(b))) {
          row[field] = null;
          suppressed.push(field);
        }
      }
      return row;
    });
}
