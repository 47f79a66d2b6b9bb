import { type CellGrid, type GridCell, regionOfTotal } from './cells';
import { IntervalModel, type LinearConstraint, type LinearSystem } from './interval-solver';
import { complementRank } from './outcome-cells';

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

/** Linked groups up to this many hidden cells are solved whole when a near proof fails. */
const WHOLE_GROUP_LIMIT = 2000;

/**
 * A larger group is solved whole only for a cell whose proof against a
 * reader who knows every other region failed this many rounds: such a
 * reader's system is an eighth of a national group, and a complement in
 * the cell's own region is what usually settles it.
 */
const REGION_FAILURES_BEFORE_WHOLE = 2;

/**
 * The towns hidden beside a cell are tried before its region's reader only
 * when they are at most this share of it (1/4): in a smaller region (25
 * towns in a prefecture of 200) the region's reader is about as cheap.
 */
const BESIDE_SHARE_OF_REGION = 4;

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
 *    and greatest value it can take (first for readers who also know every
 *    count beyond the towns next to it, then beyond the towns hidden beside
 *    it in its region's sums, then beyond its region: smaller, and sound).
 *    Where that interval spans less than k, the largest count in the
 *    smallest relation that holds it (the LP's duals say which) is hidden
 *    too, and the cell proven again.
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
  // Each town's region, from the members of the region totals.
  const regionOf = new Map<string, string>();
  for (const cell of grid.cells.values()) {
    const region = cell.members ? regionOfTotal(cell.id) : null;
    if (region === null) continue;
    for (const m of cell.members ?? []) {
      const town = grid.cells.get(m)?.owner;
      if (town) regionOf.set(town, region);
    }
  }
  const all = constraintsOf(grid);
  const uses = index(all);
  // A total whose parts are all withheld and in no other relation (a town's months)
  // only tells a reader that it is ≥ 0: such a relation is left out of the proofs.
  const free = (id: string) => withheld.has(id) && (uses.get(id)?.length ?? 0) === 1;
  const constraints = all.filter((c) => c.op !== '=' || !c.members.slice(1).every((m) => free(m.id)));
  const byCell = index(constraints);

  /**
   * The next cell to hide among these: a town's before an area's, an area's
   * category before its headline counts (相談実人数 of a region or the
   * prefecture is what everyone reads), then the largest, then by id.
   */
  const best = (ids: Iterable<string>): string | undefined => {
    let pick: GridCell | undefined;
    let pickRank: [number, number] = [3, 0];
    for (const id of ids) {
      const cell = grid.cells.get(id);
      if (!cell || hidden.has(id) || own(cell)) continue;
      const v = othersValue(cell);
      if (v < 1) continue;
      // A town's count before an area's category, before an area's headline count.
      const rank: [number, number] = [complementRank(cell.id, cell.owner !== null), -v];
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

  // 4. Prove every primary cell; widen where one is too narrow. Hiding more
  // only widens what a reader can infer, so a cell once proven stays proven.
  let solves = 0;
  const settled = new Set<string>();
  const failures = new Map<string, number>();
  const totalsIn: (string[] | undefined)[] = [];
  const readers = new ReaderSystems(constraints, byCell, grid, withheld);
  for (let round = 0; round < 1000; round++) {
    const additions = new Set<string>();
    for (const group of linkedGroups(primary, hidden, constraints, byCell)) {
      const near = new NearCells(group, constraints, byCell, grid, totalsIn);
      let whole: Prover | undefined;
      const regions = new Map<string, Prover>();
      const failing: string[] = [];
      /** For a cell whose region or whole-group proof failed: the relations that held it (grid constraint indexes). */
      const held = new Map<string, number[]>();
      try {
        for (const id of group) {
          if (!primary.has(id) || settled.has(id)) continue;
          const value = (grid.cells.get(id) as GridCell).value;
          const spans = async (prover: Prover): Promise<{ ok: boolean; binding: number[] }> => {
            const target = prover.system.index.get(id) as number;
            // Let the server answer other requests between proofs (HiGHS runs synchronously).
            if (solves % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
            // The true value is feasible, so lo ≤ value ≤ hi: one LP often settles it.
            solves++;
            const hi = prover.model.bound(target, 'max');
            if (hi.value - value >= k - 1e-6) return { ok: true, binding: [] };
            solves++;
            const lo = prover.model.bound(target, 'min');
            const origin = prover.system.origin;
            return {
              ok: hi.value - lo.value >= k - 1e-6,
              binding: [...hi.binding, ...lo.binding].map((r) => origin[r] as number),
            };
          };
          // First against stronger readers, who also know every hidden count
          // beyond the cell's town and its partner towns: small LPs, and if even
          // such a reader cannot narrow the cell, the real one cannot.
          let ok = false;
          /** Against a reader who knows every count but these cells: a model of its own, used once. */
          const spansWithout = async (cells: readonly string[]): Promise<boolean> => {
            const prover = await Prover.of(readers.of(cells));
            try {
              return (await spans(prover)).ok;
            } finally {
              prover.dispose();
            }
          };
          for (const cells of near.rings(id)) {
            ok = await spansWithout(cells);
            if (ok) break;
          }
          // Then, in a large group, against a reader who knows every other region's
          // counts (one system a region, shared by its cells); then the whole group:
          // at once where it is small, else only for a cell that failed that twice.
          const large = group.length > WHOLE_GROUP_LIMIT;
          const region = large ? near.region(id, regionOf) : undefined;
          // Before a large region's reader, one who knows all but the towns hidden
          // beside the cell in its region's sums: where many small counts are hidden
          // side by side, no one is a complement large enough, but together (with
          // the detail withheld beside them) they leave the cell room. Nationally
          // that is a fifth of the region's system or less and settles most such cells.
          const beside = !ok && region ? near.beside(id) : undefined;
          if (beside && region && beside.length * BESIDE_SHARE_OF_REGION <= region.cells.length)
            ok = await spansWithout(beside);
          if (!ok && region) {
            let prover = regions.get(region.name);
            if (!prover) {
              prover = await Prover.of(readers.of(region.cells));
              regions.set(region.name, prover);
            }
            const result = await spans(prover);
            ok = result.ok;
            if (!ok) held.set(id, result.binding);
          }
          const failed = failures.get(id) ?? 0;
          if (!ok && (!large || failed >= (region ? REGION_FAILURES_BEFORE_WHOLE : 1))) {
            whole ??= await Prover.of(readers.of(group));
            const result = await spans(whole);
            ok = result.ok;
            if (!ok) held.set(id, result.binding);
          }
          if (!ok) failures.set(id, failed + 1);
          if (ok) settled.add(id);
          else failing.push(id);
        }
      } finally {
        whole?.dispose();
        for (const prover of regions.values()) prover.dispose();
      }
      for (const id of failing) {
        // The nearest cell that can widen it: in its smallest relation first (a
        // region before the prefecture), one that no other cell took this
        // round; else next to it, else one relation further out.
        const relations = (byCell.get(id) ?? [])
          .map((i) => constraints[i] as Constraint)
          .filter((c) => c.op === '=')
          .sort((x, y) => x.members.length - y.members.length);
        let extra: string | undefined;
        // What the reader's LP says holds the cell: one more unknown in the smallest such
        // relation is what can widen it (a relation of other cells included, e.g. the
        // towns of a cohort pinning a sum of their new and continuing persons).
        const holding = [...new Set(held.get(id) ?? [])]
          .map((i) => constraints[i] as Constraint)
          .sort((x, y) => x.members.length - y.members.length);
        for (const c of holding) {
          extra = best(c.members.map((m) => m.id).filter((m) => !additions.has(m)));
          if (extra !== undefined) break;
        }
        for (const c of extra === undefined ? relations : []) {
          extra = best(c.members.map((m) => m.id).filter((m) => !additions.has(m)));
          if (extra !== undefined) break;
        }
        let ring = neighbours([id]);
        extra ??= best(ring);
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
  // A constraint's members are read once: after that every hidden one is in its group.
  const scanned = new Uint8Array(constraints.length);
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
        if (scanned[i]) continue;
        scanned[i] = 1;
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

/**
 * A relation of a primary cell with at most this many members is one whose
 * every town with a hidden count is taken `beside` it: a region's sum
 * (a few hundred towns nationally), not the prefecture's.
 */
const NEAR_RELATION_LIMIT = 500;

/**
 * Subsets of a linked group around one primary cell, for the stronger
 * readers tried first: the hidden cells of the cell's own town and, for
 * each relation of the cell, of the other town with the largest hidden
 * count in it (its complement, usually); then their partners; with the
 * hidden totals next to those cells. Any subset is sound: its reader
 * knows more.
 */
class NearCells {
  private readonly byOwner = new Map<string | null, string[]>();
  private readonly members: ReadonlySet<string>;

  constructor(
    group: readonly string[],
    private readonly constraints: readonly Constraint[],
    private readonly byCell: ReadonlyMap<string, number[]>,
    private readonly grid: CellGrid,
    /** totals(i) of every constraint, shared by the groups of one protect() call. */
    private readonly totalsIn: (string[] | undefined)[],
  ) {
    this.members = new Set(group);
    for (const id of group) {
      const owner = this.owner(id);
      const list = this.byOwner.get(owner);
      if (list) list.push(id);
      else this.byOwner.set(owner, [id]);
    }
  }

  private owner(id: string): string | null {
    return this.grid.cells.get(id)?.owner ?? null;
  }

  *rings(id: string): Generator<string[]> {
    const towns = new Set<string | null>([this.owner(id)]);
    this.addPartners([id], towns);
    const first = this.cellsOf(towns);
    if (first.length >= this.members.size) return;
    yield this.withTotals(first);
    // Then one step further: the partners of every hidden cell of those towns.
    const before = towns.size;
    this.addPartners(first, towns);
    if (towns.size === before) return;
    const second = this.cellsOf(towns);
    if (second.length < this.members.size) yield this.withTotals(second);
  }

  /**
   * The hidden cells of every town with a hidden count in a region-sized
   * relation of the cell (its own town's included), with the hidden totals
   * next to them.
   */
  beside(id: string): string[] {
    const towns = new Set<string | null>([this.owner(id)]);
    for (const i of this.byCell.get(id) ?? []) {
      const members = (this.constraints[i] as Constraint).members;
      if (members.length > NEAR_RELATION_LIMIT) continue;
      for (const m of members) if (this.members.has(m.id)) towns.add(this.owner(m.id));
    }
    return this.withTotals(this.cellsOf(towns));
  }

  /** The group's hidden cells of the cell's region, with the hidden totals next to them. */
  region(id: string, regionOf: ReadonlyMap<string, string>): { name: string; cells: string[] } | undefined {
    const town = this.owner(id);
    const name = town === null ? undefined : regionOf.get(town);
    if (name === undefined) return undefined;
    let cells = this.regions.get(name);
    if (!cells) {
      const towns = new Set<string | null>();
      for (const [t, region] of regionOf) if (region === name) towns.add(t);
      cells = this.withTotals(this.cellsOf(towns));
      this.regions.set(name, cells);
    }
    return cells.length < this.members.size ? { name, cells } : undefined;
  }

  private readonly regions = new Map<string, string[]>();

  private cellsOf(towns: ReadonlySet<string | null>): string[] {
    return [...towns].flatMap((t) => (t === null ? [] : (this.byOwner.get(t) ?? [])));
  }

  /**
   * For each relation of these cells, the town (not yet in `towns`) with the
   * largest hidden count in it; a relation that a town added for an earlier
   * one already covers takes none (so one partner serves a cell's relations
   * in several indicators where it can, as a reader's detour would).
   */
  private addPartners(cells: readonly string[], towns: Set<string | null>): void {
    const seen = new Set<number>();
    for (const cell of cells)
      for (const i of this.byCell.get(cell) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        let best: string | null = null;
        let bestValue = -1;
        let covered = 0;
        for (const m of (this.constraints[i] as Constraint).members) {
          if (!this.members.has(m.id)) continue;
          const owner = this.owner(m.id);
          if (owner === null) continue;
          if (towns.has(owner)) {
            covered++;
            continue;
          }
          const value = this.grid.cells.get(m.id)?.value ?? 0;
          if (value > bestValue || (value === bestValue && best !== null && owner < best)) {
            best = owner;
            bestValue = value;
          }
        }
        // A relation that already has two unknowns in the ring can move without help.
        if (best !== null && covered < 2) towns.add(best);
      }
  }

  /** The cells and the group's hidden totals in a relation with one of them. */
  private withTotals(cells: string[]): string[] {
    const out = new Set(cells);
    const seen = new Set<number>();
    for (const id of cells)
      for (const i of this.byCell.get(id) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        for (const total of this.totals(i)) if (this.members.has(total)) out.add(total);
      }
    return [...out];
  }

  /** A constraint's area totals (cells of no town): one or two of its members, kept per constraint. */
  private totals(i: number): string[] {
    let list = this.totalsIn[i];
    if (!list) {
      list = (this.constraints[i] as Constraint).members
        .map((m) => m.id)
        .filter((id) => this.owner(id) === null);
      this.totalsIn[i] = list;
    }
    return list;
  }
}

type ReaderSystem = LinearSystem & {
  index: Map<string, number>;
  /** The grid constraint each of the system's constraints is written from. */
  origin: number[];
};

/** A reader's system loaded into the solver once, for every cell proven against it. */
class Prover {
  private constructor(
    readonly system: ReaderSystem,
    readonly model: IntervalModel,
  ) {}

  static async of(system: ReaderSystem): Promise<Prover> {
    return new Prover(system, await IntervalModel.of(system));
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Readers' systems over one set of constraints: those cells are unknowns,
 * every other figure (any other hidden cell included) is known at its value.
 * Written from the unknowns' side, so a relation of 1,741 towns costs what
 * its unknowns cost, not what its members do.
 */
class ReaderSystems {
  /** Per constraint: Σ coef·value over all its members (0 for a relation of exact data). */
  private readonly full: Float64Array;
  /** Per cell, aligned with byCell: its coefficient in each of its constraints. */
  private readonly coefs = new Map<string, number[]>();

  constructor(
    private readonly constraints: readonly Constraint[],
    private readonly byCell: ReadonlyMap<string, number[]>,
    private readonly grid: CellGrid,
    private readonly withheld: ReadonlySet<string>,
  ) {
    this.full = new Float64Array(constraints.length);
    constraints.forEach((c, i) => {
      for (const m of c.members) {
        this.full[i] = (this.full[i] as number) + m.coef * this.value(m.id);
        const list = this.coefs.get(m.id);
        if (list) list.push(m.coef);
        else this.coefs.set(m.id, [m.coef]);
      }
    });
  }

  private value(id: string): number {
    return this.grid.cells.get(id)?.value ?? 0;
  }

  of(cells: readonly string[]): ReaderSystem {
    const index = new Map(cells.map((id, i) => [id, i]));
    const rows = new Map<number, { terms: [number, number][]; unknown: number }>();
    cells.forEach((id, v) => {
      const uses = this.byCell.get(id) ?? [];
      const coefs = this.coefs.get(id) ?? [];
      uses.forEach((i, j) => {
        const coef = coefs[j] as number;
        let row = rows.get(i);
        if (!row) {
          row = { terms: [], unknown: 0 };
          rows.set(i, row);
        }
        row.terms.push([v, coef]);
        row.unknown += coef * this.value(id);
      });
    });
    const out: LinearConstraint[] = [];
    const origin: number[] = [];
    for (const [i, row] of rows) {
      origin.push(i);
      // Σ unknown terms (op) −Σ known terms = Σ unknown values − Σ all values.
      out.push({
        terms: row.terms,
        op: (this.constraints[i] as Constraint).op,
        rhs: row.unknown - (this.full[i] as number),
      });
    }
    // A withheld count may be 0; any other hidden count is at least 1 (zeros are shown).
    return {
      size: cells.length,
      lower: cells.map((id) => (this.withheld.has(id) ? 0 : 1)),
      constraints: out,
      index,
      origin,
    };
  }
}
