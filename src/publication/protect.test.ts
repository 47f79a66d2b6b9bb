import { describe, expect, it } from 'vitest';
import type { CellGrid, GridCell } from './cells';
import { feasibleInterval, type LinearConstraint } from './interval-solver';
import { protect } from './protect';

const K = 3;

/** persons = new + continuing for each town; region and cohort sums over the towns. */
function cohortGrid(): CellGrid {
  const towns: Record<string, [persons: number, fresh: number, continuing: number]> = {
    A: [5, 3, 2],
    B: [6, 4, 2],
    C: [5, 4, 1],
    D: [40, 30, 10],
    E: [50, 20, 30],
    F: [45, 25, 20],
  };
  const cells = new Map<string, GridCell>();
  const relations: CellGrid['relations'] = [];
  const fields = ['persons', 'new_persons', 'continuing_persons'];
  for (const [town, values] of Object.entries(towns)) {
    fields.forEach((field, i) => {
      const id = `t|${town}|2024|${field}`;
      cells.set(id, { id, value: values[i] as number, owner: town });
    });
    relations.push({
      total: `t|${town}|2024|persons`,
      parts: [`t|${town}|2024|new_persons`, `t|${town}|2024|continuing_persons`],
    });
  }
  const sum = (id: string, members: string[], field: string) => {
    const parts = members.map((t) => `t|${t}|2024|${field}`);
    const value = parts.reduce((s, p) => s + (cells.get(p) as GridCell).value, 0);
    cells.set(id, { id, value, owner: null, members: parts });
    relations.push({ total: id, parts });
  };
  for (const field of fields) sum(`r|R|2024|${field}`, Object.keys(towns), field);
  // A cohort of four towns publishes only persons and new persons: with D's figures shown,
  // A+B+C's continuing persons follow from it.
  for (const field of ['persons', 'new_persons']) sum(`c|1|2024|${field}`, ['A', 'B', 'C', 'D'], field);
  return { cells, relations, inequalities: [] };
}

/** An independent reader: every hidden cell unknown (≥ 1, zeros being shown), every shown one known. */
async function intervals(grid: CellGrid, hidden: ReadonlySet<string>, targets: Iterable<string>) {
  const unknowns = [...hidden];
  const index = new Map(unknowns.map((id, i) => [id, i]));
  const constraints: LinearConstraint[] = grid.relations.map((r) => {
    const terms: [number, number][] = [];
    let rhs = 0;
    for (const [id, coef] of [[r.total, 1] as const, ...r.parts.map((p) => [p, -1] as const)]) {
      const v = index.get(id);
      if (v === undefined) rhs -= coef * (grid.cells.get(id) as GridCell).value;
      else terms.push([v, coef]);
    }
    return { terms, op: '=', rhs };
  });
  const system = { size: unknowns.length, lower: unknowns.map(() => 1), constraints };
  const out = new Map<string, [number, number]>();
  for (const id of targets) {
    const v = index.get(id) as number;
    out.set(id, [await feasibleInterval(system, v, 'min'), await feasibleInterval(system, v, 'max')]);
  }
  return out;
}

describe('protect', () => {
  it('widens a cell held by a sum it is not in by hiding a member of that sum, and keeps the area totals', async () => {
    const grid = cohortGrid();
    const pattern = await protect(grid, { ownTown: null }, K);
    expect([...pattern.primary].sort()).toEqual([
      't|A|2024|continuing_persons',
      't|B|2024|continuing_persons',
      't|C|2024|continuing_persons',
    ]);
    for (const [id, [lo, hi]] of await intervals(grid, pattern.hidden, pattern.primary))
      expect(hi - lo, id).toBeGreaterThanOrEqual(K);
    // The cohort held A+B+C's continuing persons at 5; one of D's cohort figures is what frees it.
    expect(pattern.hidden.has('t|D|2024|persons') || pattern.hidden.has('t|D|2024|new_persons')).toBe(true);
    // Hiding more of the region's continuing persons never could: widening there at last took
    // the region total itself, which everyone reads.
    expect([...pattern.hidden].filter((id) => !id.startsWith('t|'))).toEqual([]);
  });

  it('never hides a town its own figures', async () => {
    const grid = cohortGrid();
    const pattern = await protect(grid, { ownTown: 'A' }, K);
    for (const id of pattern.hidden) expect(grid.cells.get(id)?.owner).not.toBe('A');
    for (const [id, [lo, hi]] of await intervals(grid, pattern.hidden, pattern.primary))
      expect(hi - lo, id).toBeGreaterThanOrEqual(K);
  });
});
