import type { Dataset, RowRule } from '../datasets';

type Row = Record<string, unknown>;

const NONE: readonly RowRule[] = [];

/**
 * Evaluates a dataset's cross-column rules on normalised rows (dates as
 * 'YYYY-MM-DD' strings, enums as codes; see RowRule in src/datasets/types.ts).
 */
export class RuleEvaluator {
  private readonly rules: readonly RowRule[];

  constructor(dataset: Dataset) {
    this.rules = dataset.rowRules;
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** The rules this row breaks (usually none: then the shared empty array, allocation-free). */
  broken(row: Readonly<Row>): readonly RowRule[] {
    let found = NONE;
    for (const rule of this.rules) {
      if (rule.test(row)) found = found === NONE ? [rule] : [...found, rule];
    }
    return found;
  }
}
