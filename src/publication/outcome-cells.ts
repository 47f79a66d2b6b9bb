import { OUTCOME_COUNTS } from '../query/fields';
import type { Row } from '../query/types';
import { areaCellId, type CellGrid, type GridCell, rowCells } from './cells';

/**
 * 支援の成果 (outcomes) in the published grid. Each count of a town, region
 * and the prefecture per FY is a cell `…|o:{field}` (相談実人数 is the
 * consultations cell itself), and the cells hang together as a reader
 * knows they do: areas sum their towns, and in every row the 状態 counts
 * (終結・支援中・見守り・不明) sum to 相談実人数.
 */

/** The 状態 counts: one per case, so they sum to 相談実人数. */
export const STATUS_COUNTS = ['closed', 'supporting', 'watching', 'status_unknown'] as const;

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * Which count protect() hides first as a complement, lowest first: a town's
 * outcome count before its other counts (so a small 終結件数 is covered by
 * 支援中, not by the town's 相談実人数), any town count before an area's, an
 * area's category or outcome count before its headline counts. Among the
 * grid's other cells (no outcome cell in a relation) the order is the one
 * protect() always had: town, area category, area headline.
 */
export function complementRank(id: string, town: boolean): number {
  const outcome = id.includes('|o:');
  if (town) return outcome ? 0 : 0.5;
  return outcome || id.includes('|i:') ? 1 : 2;
}

/** Adds the outcome cells and their relations to a grid built by buildCellGrid (in place). */
export function addOutcomeCells(grid: CellGrid, rows: readonly Row[]): CellGrid {
  const add = (id: string, value: unknown, owner: string | null) => {
    if (typeof value !== 'number' || grid.cells.has(id)) return;
    grid.cells.set(id, { id, value, owner });
  };
  // Only what holds in the exact data is a relation a reader can rely on.
  const relate = (total: string, parts: readonly string[], members = false) => {
    const totalCell = grid.cells.get(total);
    const present = parts.filter((p) => grid.cells.has(p));
    if (!totalCell || present.length === 0) return;
    const sum = present.reduce((s, p) => s + (grid.cells.get(p) as GridCell).value, 0);
    if (sum !== totalCell.value) return;
    grid.relations.push({ total, parts: present });
    if (members) totalCell.members = present;
  };

  for (const row of rows) {
    const owner = row.level === 'municipality' ? str(row.municipality_code) : null;
    for (const [field, id] of rowCells('outcomes', row)) add(id, row[field], owner);
  }
  for (const row of rows) {
    const id = (f: string) => areaCellId(row, row.fiscal_year, f);
    const persons = id('persons');
    if (persons)
      relate(
        persons,
        STATUS_COUNTS.map((f) => id(`o:${f}`) as string),
      );
  }
  // Areas sum their towns; the prefecture also sums its regions (and towns of no region).
  for (const field of OUTCOME_COUNTS) {
    const f = `o:${field}`;
    const region = new Map<string, string[]>();
    const prefecture = new Map<string, string[]>();
    const parts = new Map<string, Set<string>>();
    for (const row of rows) {
      if (row.level !== 'municipality') continue;
      const town = areaCellId(row, row.fiscal_year, f) as string;
      if (!grid.cells.has(town)) continue;
      const fy = str(row.fiscal_year);
      const part = row.region !== null && row.region !== undefined ? `r|${str(row.region)}|${fy}|${f}` : town;
      if (part !== town) region.set(part, [...(region.get(part) ?? []), town]);
      const total = `p|${fy}|${f}`;
      prefecture.set(total, [...(prefecture.get(total) ?? []), town]);
      parts.set(total, (parts.get(total) ?? new Set()).add(part));
    }
    for (const map of [region, prefecture]) for (const [total, members] of map) relate(total, members, true);
    for (const [total, members] of parts) if (members.size > 1) relate(total, [...members]);
  }
  return grid;
}
