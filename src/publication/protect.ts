import type { CellGrid, GridCell } from './cells';
import { feasibleInterval, type LinearConstraint, type LinearSystem } from './interval-solver';

/**
 * Whose view a pattern is for: the 推進チーム (no town of its own) or one
 * town's staff, who see their own town exactly.
 */
export interface ProtectionClass {
  ownTown: string | null;
}

export interface Protection {
  /** Every cell shown as 秘匿 to this class (withheld detail included). */
  hidden: ReadonlySet<string>;
  /** Other towns' monthly tallies and 課題と特性 categories, withheld whatever their value. */
  withheld: ReadonlySet<string>;
  /** Hidden because small (0 < n < k); the rest of `hidden` protects them. */
  primary: ReadonlySet<string>;
  /** Interval LPs solved to prove the pattern. */
  solves: number;
}

/** Σ coef·cell (op) 0 over cell ids: a relation (=) or what any reader knows (<=). */
interface Constraint {
  members: { id: string; coef: number }[];
  op: '=' | '<=';
}

function constraintsOf(grid: CellGrid): Constraint[] {
  const out: Constraint[] = [];
  for (const r of grid.relations) {
    out.push({ op: '=', members: [{ id: r.total, coef: 1 }, ...r.parts.map((id) => ({ id, coef: -1 }))] });
  }
  for (const q of grid.inequalities)
    out.push({ op: '<=', members: q.terms.map(([id, coef]) => ({ id, coef })) });
  return out;
}

/**
 * The 秘匿 pattern one class of viewer sees, proven against a reader who
 * knows every figure shown to that class, every relation between figures,
 * and (for a town) every figure of its own town.
 *
 * 1. Withheld: other towns' monthly tallies and 課題と特性 categories, the
 *    finest detail, whatever their value (so a reader knows only that each
 *    is at least 0).
 * 2. Primary: every other count 0 < n < k the class may not see exactly; a
 *    total's n is what the towns other than the viewer's own contribute.
 *    Other zeros are shown, so a reader knows such a hidden count is ≥ 1.
 * 3. Complementary: no relation is left with a single hidden member (the
 *    largest remaining count there is hidden, a town's before a total).
 * 4. Proof: each group of linked hidden cells is written as the reader's
 *    linear system; for every primary cell, linear programs give the least
 *    and greatest value it can take. Where that interval spans less than k,
 *    the largest count next to it is hidden too, and the group proven again.
 *
 * A town's pattern never reads that town's own figures: a total enters as
 * the other towns' share, its own cells only shift totals by what it knows.
 * Re-uploading its own data therefore never moves which cells it sees
 * hidden, and the union of everything it saw across versions tells it no
 * more than one version does.
 *
 * @example await protect(grid, { ownTown: '313726' }, 3)
 */
export async function protect(grid: CellGrid, cls: ProtectionClass, k: number): Promise<Protection> {
  const own = (cell: GridCell) => cls.ownTown !== null && cell.owner === cls.ownTown;
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
  const withheld = new Set<string>();
  const primary = new Set<string>();
  for (const cell of grid.cells.values()) {
    if (own(cell)) continue;
    if (cell.detail) {
      withheld.add(cell.id);
      hidden.add(cell.id);
      continue;
    }
    const v = othersValue(cell);
    if (v > 0 && v < k) {
      hidden.add(cell.id);
      primary.add(cell.id);
    }
  }
  if (primary.size === 0) return { hidden, withheld, primary, solves: 0 };

  const index = (list: readonly Constraint[]) => {
    const map = new Map<string, number[]>();
    list.forEach((c, i) => {
      for (const m of c.members) {
        const ids = map.get(m.id);
        if (ids) ids.push(i);
        else map.set(m.id, [i]);
      }
    });
    return map;
  };
  const all = constraintsOf(grid);
  const uses = index(all);
  // A total whose parts are all withheld and in no other relation (a town's months)
  // only tells a reader that it is ≥ 0: such a relation is left out of the proofs.
  const free = (id: string) => withheld.has(id) && (uses.get(id)?.length ?? 0) === 1;
  const constraints = all.filter((c) => c.op !== '=' || !c.members.slice(1).every((m) => free(m.id)));
  const byCell = index(constraints);

  /** The next cell to hide among these: a town's before a total, then the largest, then by id. */
  const best = (ids: Iterable<string>): string | undefined => {
    let pick: GridCell | undefined;
    let pickRank: [number, number] = [2, 0];
    for (const id of ids) {
      const cell = grid.cells.get(id);
      if (!cell || hidden.has(id) || own(cell)) continue;
      const v = othersValue(cell);
      if (v < 1) continue;
      const rank: [number, number] = [cell.owner !== null ? 0 : 1, -v];
      if (
        !pick ||
        rank[0] < pickRank[0] ||
        (rank[0] === pickRank[0] && (rank[1] < pickRank[1] || (rank[1] === pickRank[1] && id < pick.id)))
      ) {
        pick = cell;
        pickRank = rank;
      }
    }
    return pick?.id;
  };
  const neighbours = (ids: Iterable<string>): string[] => {
    const out: string[] = [];
    for (const id of ids)
      for (const i of byCell.get(id) ?? [])
        for (const m of (constraints[i] as Constraint).members) out.push(m.id);
    return out;
  };

  // 3. No equality is left with a single hidden member.
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

  // 4. Prove every group holding a primary cell; widen where one is too narrow.
  let solves = 0;
  const proven = new Set<string>();
  for (let round = 0; round < 1000; round++) {
    const additions = new Set<string>();
    for (const group of linkedGroups(primary, hidden, constraints, byCell)) {
      const signature = group.join(',');
      if (proven.has(signature)) continue;
      const system = readerSystem(group, hidden, withheld, constraints, byCell, grid);
      const failing: string[] = [];
      for (const id of group) {
        if (!primary.has(id)) continue;
        const target = system.index.get(id) as number;
        const value = (grid.cells.get(id) as GridCell).value;
        // The true value is feasible, so lo ≤ value ≤ hi: one LP often settles it.
        solves++;
        const hi = await feasibleInterval(system, target, 'max');
        if (hi - value >= k - 1e-6) continue;
        solves++;
        const lo = await feasibleInterval(system, target, 'min');
        if (hi - lo < k - 1e-6) failing.push(id);
      }
      if (failing.length === 0) {
        proven.add(signature);
        continue;
      }
      for (const id of failing) {
        // The nearest cell that can widen it: next to it, else one relation further out.
        let ring = neighbours([id]);
        let extra = best(ring);
        for (let hop = 0; extra === undefined && hop < 3; hop++) {
          ring = neighbours(ring.filter((c) => hidden.has(c)));
          extra = best(ring);
        }
        if (extra !== undefined) additions.add(extra);
      }
    }
    if (additions.size === 0) break;
    for (const id of additions) hidden.add(id);
  }
  return { hidden, withheld, primary, solves };
}

/** Hidden cells linked through a constraint to a primary cell, as sorted groups. */
function linkedGroups(
  primary: ReadonlySet<string>,
  hidden: ReadonlySet<string>,
  constraints: readonly Constraint[],
  byCell: ReadonlyMap<string, number[]>,
): string[][] {
  const seen = new Set<string>();
  const groups: string[][] = [];
  for (const start of primary) {
    if (seen.has(start)) continue;
    const group: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const id = stack.pop() as string;
      group.push(id);
      for (const i of byCell.get(id) ?? []) {
        for (const m of (constraints[i] as Constraint).members) {
          if (hidden.has(m.id) && !seen.has(m.id)) {
            seen.add(m.id);
            stack.push(m.id);
          }
        }
      }
    }
    groups.push(group.sort());
  }
  return groups;
}

/** The reader's system for one group: its hidden cells are unknowns, every other figure is known. */
function readerSystem(
  group: readonly string[],
  hidden: ReadonlySet<string>,
  withheld: ReadonlySet<string>,
  constraints: readonly Constraint[],
  byCell: ReadonlyMap<string, number[]>,
  grid: CellGrid,
): LinearSystem & { index: Map<string, number> } {
  const index = new Map(group.map((id, i) => [id, i]));
  const used = new Set<number>();
  for (const id of group) for (const i of byCell.get(id) ?? []) used.add(i);
  const out: LinearConstraint[] = [];
  for (const i of used) {
    const c = constraints[i] as Constraint;
    const terms: [number, number][] = [];
    let rhs = 0;
    for (const m of c.members) {
      if (hidden.has(m.id)) terms.push([index.get(m.id) as number, m.coef]);
      else rhs -= m.coef * (grid.cells.get(m.id)?.value ?? 0);
    }
    out.push({ terms, op: c.op, rhs });
  }
  // A withheld count may be 0; any other hidden count is at least 1 (zeros are shown).
  return {
    size: group.length,
    lower: group.map((id) => (withheld.has(id) ? 0 : 1)),
    constraints: out,
    index,
  };
}
