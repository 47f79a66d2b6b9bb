import highsLoader from 'highs';

/** One linear constraint: Σ coef·var (op) rhs. */
export interface LinearConstraint {
  terms: [variable: number, coef: number][];
  op: '=' | '<=';
  rhs: number;
}

export interface LinearSystem {
  /** Number of variables; variable i is written x{i}. */
  size: number;
  /** Lower bound of each variable (default 0). */
  lower: number[];
  constraints: LinearConstraint[];
}

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let loading: Promise<Highs> | undefined;

/** HiGHS (WebAssembly), loaded once per process. */
function highs(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

const term = (coef: number, v: number): string => `${coef < 0 ? '-' : '+'} ${Math.abs(coef)} x${v}`;

function lpText(system: LinearSystem, sense: 'Minimize' | 'Maximize', target: number): string {
  const lines = [sense, ` obj: x${target}`, 'Subject To'];
  system.constraints.forEach((c, i) => {
    if (c.terms.length === 0) return;
    // One term a line: LP-format readers cap the line length.
    lines.push(` c${i}:`, ...c.terms.map(([v, coef]) => `  ${term(coef, v)}`), `  ${c.op} ${c.rhs}`);
  });
  lines.push('Bounds');
  for (let v = 0; v < system.size; v++) lines.push(` x${v} >= ${system.lower[v] ?? 0}`);
  lines.push('End');
  return lines.join('\n');
}

/**
 * The least ('min') or greatest ('max') value a variable can take in the
 * system (linear relaxation): how far a reader who knows every published
 * figure and every relation can narrow a hidden count. ±Infinity when
 * unbounded.
 *
 * @example await feasibleInterval({ size: 2, lower: [1, 1], constraints: [{ terms: [[0, 1], [1, 1]], op: '=', rhs: 5 }] }, 0, 'max') // 4
 */
export async function feasibleInterval(
  system: LinearSystem,
  target: number,
  bound: 'min' | 'max',
): Promise<number> {
  const solver = await highs();
  const sense = bound === 'max' ? 'Maximize' : 'Minimize';
  const text = lpText(system, sense, target);
  let result = solver.solve(text);
  // HiGHS's presolve can call an unbounded problem infeasible; the true values are
  // always feasible here, so ask again without it before believing that.
  if (result.Status !== 'Optimal' && result.Status !== 'Unbounded')
    result = solver.solve(text, { presolve: 'off' });
  if (result.Status === 'Optimal') return result.ObjectiveValue;
  if (result.Status === 'Unbounded') return bound === 'max' ? Infinity : -Infinity;
  throw new Error(`interval LP ended ${result.Status}: the relations do not hold in the data`);
}

/** The least or greatest value of a variable, and which constraints hold it there. */
export interface Bound {
  value: number;
  /**
   * Indexes into the system's constraints with a nonzero dual at the
   * optimum: relaxing one of them (one more unknown in it) is what can move
   * the bound. Empty when unbounded.
   */
  binding: number[];
}

/**
 * One system loaded into HiGHS once, for many bounds over it: each bound
 * changes only the objective, so HiGHS starts from the last basis instead of
 * parsing and solving the whole system again (a linked group at national
 * scale has thousands of unknowns and hundreds of targets). Call dispose():
 * the model lives in WebAssembly memory, which garbage collection never frees.
 */
export class IntervalModel {
  private target = -1;

  private constructor(
    private readonly model: ReturnType<Highs['createModel']>,
    /** Row r of the model is constraint rows[r] of the system (empty ones are left out). */
    private readonly rows: number[],
    private readonly senses: Highs['constants']['objectiveSense'],
  ) {}

  static async of(system: LinearSystem): Promise<IntervalModel> {
    const solver = await highs();
    const rows: number[] = [];
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowLower: number[] = [];
    const rowUpper: number[] = [];
    system.constraints.forEach((c, i) => {
      if (c.terms.length === 0) return;
      rows.push(i);
      for (const [v, coef] of c.terms) {
        indices.push(v);
        values.push(coef);
      }
      starts.push(indices.length);
      rowLower.push(c.op === '=' ? c.rhs : -Infinity);
      rowUpper.push(c.rhs);
    });
    const model = solver.createModel();
    try {
      model.options.set({ output_flag: false, presolve: 'off' });
      model.passModel({
        numCols: system.size,
        numRows: rows.length,
        colCost: new Float64Array(system.size),
        colLower: Array.from({ length: system.size }, (_, v) => system.lower[v] ?? 0),
        colUpper: new Float64Array(system.size).fill(Infinity),
        rowLower,
        rowUpper,
        matrix: { format: 'csr', numRows: rows.length, numCols: system.size, starts, indices, values },
      });
    } catch (error) {
      model.dispose();
      throw error;
    }
    return new IntervalModel(model, rows, solver.constants.objectiveSense);
  }

  /** As feasibleInterval(), with the constraints that bind. */
  bound(target: number, bound: 'min' | 'max'): Bound {
    if (this.target !== target) {
      if (this.target >= 0) this.model.changeColCost(this.target, 0);
      this.model.changeColCost(target, 1);
      this.target = target;
    }
    this.model.changeObjectiveSense(bound === 'max' ? this.senses.maximize : this.senses.minimize);
    const { modelStatus } = this.model.run();
    if (modelStatus === UNBOUNDED) return { value: bound === 'max' ? Infinity : -Infinity, binding: [] };
    if (modelStatus !== OPTIMAL)
      throw new Error(
        `interval LP ended with HiGHS status ${modelStatus}: the relations do not hold in the data`,
      );
    const { rowDual } = this.model.getSolution();
    const binding: number[] = [];
    rowDual.forEach((d, r) => {
      if (Math.abs(d) > 1e-9) binding.push(this.rows[r] as number);
    });
    return { value: this.model.getObjectiveValue(), binding };
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** HiGHS model status codes (types.d.ts, ModelStatusCode). */
const OPTIMAL = 7;
const UNBOUNDED = 10;
