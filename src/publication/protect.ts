import type { CellGrid, GridCell } from './cells';

/**
 * Whose view a pattern is for: the 推進チーム (no town of its own) or one
 * town's staff, who see their own town exactly.
 */
export interface ProtectionClass {
  ownTown: string | null;
}

export interface Protection {
  /** Cells shown as 秘匿 to this class. */
  hidden: ReadonlySet<string>;
  /** Hidden because small (0 < n < k); the rest protect them. */
  primary: ReadonlySet<string>;
}

interface Member {
  id: string;
  coef: number;
}

/** Relations and inequalities as one list of linear constraints over cell ids. */
interface Constraint {
  members: Member[];
  op: '=' | '<=';
}

function constraintsOf(grid: CellGrid): Constraint[] {
  const out: Constraint[] = [];
  for (const r of grid.relations) {
    out.push({
      op: '=',
      members: [{ id: r.total, coef: 1 }, ...r.parts.map((id) => ({ id, coef: -1 }))],
    });
  }
  for (const q of grid.inequalities) {
    out.push({ op: '<=', members: q.terms.map(([id, coef]) => ({ id, coef })) });
  }
  return out;
}

/**
 * The small-cell pattern one class of viewer sees, protected against a
 * reader who knows every figure shown to that class, every relation
 * between figures, and (for a town) every figure of its own town.
 *
 * 1. Primary: every count 0 < n < k the class may not see exactly. A
 *    total's n is what the towns other than the viewer's own contribute.
 * 2. Complementary: until every relation with a hidden member has a second
 *    one, hide the largest remaining count there (a town's before a total).
 *
 * Zeros are shown and never hidden (a reader knows every hidden count is at
 * least 1). What a reader can still narrow a hidden count to is measured,
 * not assumed: see test/publication/auditor.ts and docs/disclosure.md. The pattern for a town is computed
 * without reading that town's own figures (a total enters as its other
 * towns' share), so a town re-uploading its own data any number of times
 * sees the same cells hidden and learns nothing it did not know.
 *
 * @example protect(grid, { ownTown: '313726' }, 3)
 */
export function protect(grid: CellGrid, cls: ProtectionClass, k: number): Protection {
  const own = (cell: GridCell) => cls.ownTown !== null && cell.owner === cls.ownTown;
  // What the class cannot take away from a cell: a total less the viewer's own towns' share.
  const othersValue = (cell: GridCell): number => {
    if (cls.ownTown === null || !cell.members) return cell.value;
    let v = cell.value;
    for (const m of cell.members) {
      const member = grid.cells.get(m);
      if (member && own(member)) v -= member.value;
    }
    return v;
  };

  const hidden = new Set<string>();
  const primary = new Set<string>();
  for (const cell of grid.cells.values()) {
    if (own(cell)) continue;
    const v = othersValue(cell);
    if (v > 0 && v < k) {
      hidden.add(cell.id);
      primary.add(cell.id);
    }
  }
  if (primary.size === 0) return { hidden, primary };

  const constraints = constraintsOf(grid);

  /** The best cell to hide next among these: a town's before a total, then the largest, then by id. */
  const best = (ids: Iterable<string>): string | undefined => {
    let pick: GridCell | undefined;
    let pickValue = 0;
    for (const id of ids) {
      const cell = grid.cells.get(id);
      if (!cell || hidden.has(id) || own(cell)) continue;
      const v = othersValue(cell);
      if (v < 1) continue;
      const townFirst = (cell.owner !== null ? 0 : 1) - (pick && pick.owner !== null ? 0 : 1);
      const better =
        !pick || townFirst < 0 || (townFirst === 0 && (v > pickValue || (v === pickValue && id < pick.id)));
      if (better) {
        pick = cell;
        pickValue = v;
      }
    }
    return pick?.id;
  };

  // 2. No equality may be left with a single hidden member.
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of constraints) {
      if (c.op !== '=') continue;
      let count = 0;
      for (const m of c.members) if (hidden.has(m.id)) count++;
      if (count !== 1) continue;
      const extra = best(c.members.map((m) => m.id));
      if (extra !== undefined) {
        hidden.add(extra);
        changed = true;
      }
    }
  }

  return { hidden, primary };
}
