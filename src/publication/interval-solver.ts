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
