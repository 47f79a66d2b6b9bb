import { seesExactAggregates, seesExactFiguresOf, type Viewer } from '../access/viewer';
import { DERIVED_FIELDS, queryColumns } from './entitled-view';
import type { Row } from './types';

/** One count in a row that may have to be hidden. */
export interface CellRef {
  field: string;
  /** Identity of the figure: the same figure shown in two rows has the same id. */
  id: string;
  /** Municipality whose figure it is; null for aggregates (region, prefecture, peers). */
  owner: string | null;
}

/** How a table's counts hang together, so hidden ones stay hidden. */
export interface SuppressionModel {
  /** The counts of a row subject to the threshold. */
  cells(row: Row): CellRef[];
  /** Field derived from counts of the same row (rates, shares) → those count fields. */
  derived: Readonly<Record<string, readonly string[]>>;
  /** Sets of cell ids where one is the sum of the others (totals, distributions). */
  relations(rows: readonly Row[]): string[][];
}

export interface SuppressibleTable {
  rows: readonly Row[];
  model: SuppressionModel;
}

export interface SuppressionResult {
  /** Copies of the rows; hidden values null and listed in each row's `suppressed`. */
  rows: Row[];
  /** False when the viewer was entitled to every figure (nothing to apply). */
  applied: boolean;
  /** Distinct figures hidden. */
  suppressedCells: number;
}

interface CellState {
  value: number | null;
  entitled: boolean;
}

/** True for a viewer entitled to every figure of every table: suppression has nothing to do. */
export function entitledToEverything(viewer: Viewer): boolean {
  return viewer.role === 'prefecture' && seesExactAggregates(viewer);
}

function entitledTo(viewer: Viewer, owner: string | null): boolean {
  return owner === null ? seesExactAggregates(viewer) : seesExactFiguresOf(viewer, owner);
}

/** Among the visible cells a viewer may not see exactly, the least informative to hide. */
function complementCandidate(
  ids: readonly string[],
  cells: Map<string, CellState>,
  hidden: Set<string>,
  exposed: Set<string>,
) {
  let best: string | undefined;
  let bestKey: [number, number, string] | undefined;
  for (const id of ids) {
    const cell = cells.get(id);
    if (!cell || cell.entitled || hidden.has(id) || exposed.has(id) || cell.value === null) continue;
    // Prefer a non-zero cell (hiding a 0 protects little), then the smallest.
    const key: [number, number, string] = [cell.value === 0 ? 1 : 0, cell.value, id];
    if (
      !bestKey ||
      key[0] < bestKey[0] ||
      (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))
    ) {
      best = id;
      bestKey = key;
    }
  }
  return best;
}

/**
 * Copies of the rows' query columns (not the fields the service adds, see
 * DERIVED_FIELDS), each with an empty `suppressed` list. Rows of one result
 * share their keys; a generated object literal for those keys copies
 * several times faster than a spread (700k rows at national scale). A row
 * of any other shape is copied key by key.
 */
export function copyRows(rows: readonly Row[]): Row[] {
  const template = rows[0];
  if (template === undefined) return [];
  const keys = queryColumns(template);
  const fields = keys.map((k) => `${JSON.stringify(k)}: r[${JSON.stringify(k)}]`);
  const literal = new Function('r', `return { ${[...fields, 'suppressed: []'].join(', ')} };`) as (
    r: Row,
  ) => Row;
  const derived = new Set(DERIVED_FIELDS);
  const sameShape = (row: Row): boolean => {
    let n = 0;
    for (const key in row) {
      if (!derived.has(key)) n++;
    }
    return n === keys.length && keys.every((k) => k in row);
  };
  const copyOther = (row: Row): Row => {
    const copy: Row = {};
    for (const key of queryColumns(row)) copy[key] = row[key] as Row[string];
    copy.suppressed = [];
    return copy;
  };
  return rows.map((row) => (sameShape(row) ? literal(row) : copyOther(row)));
}

/**
 * Small-cell suppression, the one place it happens. Counts 0 < n < k that
 * the viewer is not entitled to (viewer.ts) are hidden; then, until nothing
 * changes, any relation (a total and its parts) with exactly one hidden
 * figure gets a second one hidden, so no hidden figure can be recovered by
 * subtraction (where no second figure can be hidden because all the others
 * are the viewer's own or already shown, the hidden one follows from them
 * and is shown instead); finally every rate or share derived from a hidden count is
 * hidden too. Pure: the input rows are not modified.
 *
 * @example suppress({ rows, model: consultationsModel }, viewer, 3)
 */
export function suppress(table: SuppressibleTable, viewer: Viewer, k: number): SuppressionResult {
  const { rows, model } = table;
  // The prefecture is entitled to every figure: nothing to work out.
  if (entitledToEverything(viewer)) {
    return { rows: copyRows(rows), applied: false, suppressedCells: 0 };
  }
  const cells = new Map<string, CellState>();
  const refs = rows.map((row) => model.cells(row));
  rows.forEach((row, i) => {
    for (const ref of refs[i] ?? []) {
      const raw = row[ref.field];
      const value = typeof raw === 'number' ? raw : null;
      const entitled = entitledTo(viewer, ref.owner);
      const known = cells.get(ref.id);
      // A figure shown twice is exact only if every occurrence may be exact.
      cells.set(ref.id, { value, entitled: known ? known.entitled && entitled : entitled });
    }
  });

  const hidden = new Set<string>();
  for (const [id, cell] of cells) {
    if (!cell.entitled && cell.value !== null && cell.value > 0 && cell.value < k) hidden.add(id);
  }
  // Hidden figures the viewer could work out from what it may see anyway.
  const exposed = new Set<string>();
  if (hidden.size > 0) {
    const relations = model
      .relations(rows)
      .map((ids) => ids.filter((id) => cells.has(id) && cells.get(id)?.value !== null));
    let changed = true;
    while (changed) {
      changed = false;
      for (const ids of relations) {
        let only: string | undefined;
        let count = 0;
        for (const id of ids) {
          if (hidden.has(id)) {
            count++;
            only = id;
          }
        }
        if (count !== 1 || only === undefined) continue;
        const extra = complementCandidate(ids, cells, hidden, exposed);
        if (extra !== undefined) {
          hidden.add(extra);
        } else {
          // Every other figure here is the viewer's own or already shown: the
          // hidden one follows from them, so hiding it protects nothing.
          hidden.delete(only);
          exposed.add(only);
        }
        changed = true;
      }
    }
  }

  const applied = [...cells.values()].some((c) => !c.entitled);
  const copies = copyRows(rows);
  const out = copies.map((copy, i) => {
    const suppressed = copy.suppressed as string[];
    for (const ref of refs[i] ?? []) {
      if (hidden.has(ref.id)) {
        copy[ref.field] = null;
        suppressed.push(ref.field);
      }
    }
    for (const [field, bases] of Object.entries(model.derived)) {
      if (field in copy && copy[field] !== null && bases.some((b) => suppressed.includes(b))) {
        copy[field] = null;
        suppressed.push(field);
      }
    }
    return copy;
  });
  return { rows: out, applied, suppressedCells: hidden.size };
}

/** Japanese note shown under a table, from the settings and what happened. */
export function suppressionNote(k: number, applied: boolean, suppressedCells: number): string {
  if (!applied) return '表示の権限がある数値のため、秘匿処理は行っていません。';
  const base = `個人が特定されないよう、${k}未満の件数（0を除く）と、そこから逆算できる数値を「秘匿」と表示しています。`;
  return suppressedCells > 0 ? `${base}（${suppressedCells}項目）` : `${base}（該当なし）`;
}
