import type { Dataset, RowRule } from '../datasets';
import { messages } from './messages';

type Row = Record<string, unknown>;

const NONE: readonly RowRule[] = [];

/**
 * Evaluates a dataset's cross-column rules on normalised rows (dates as
 * 'YYYY-MM-DD' strings, enums as codes; see RowRule in src/datasets/types.ts).
 */
export class RuleEvaluator {
  private readonly rules: readonly RowRule[];
  /** Per rule, what a report calls it when it could not run (「受付日」と「終結日」の関係). */
  private readonly labels: readonly string[];

  constructor(dataset: Dataset) {
    this.rules = dataset.rowRules;
    const headerOf = (name: string) => dataset.columns.find((c) => c.name === name)?.header ?? name;
    this.labels = this.rules.map((r) => messages.checkRule(r.uses.map(headerOf)));
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /**
   * The rules this row breaks (usually none: then the shared empty array,
   * allocation-free). With `read`, a rule using a column that did not read
   * is not tested: its label goes to `skipped` instead.
   */
  broken(row: Readonly<Row>, read?: (column: string) => boolean, skipped?: string[]): readonly RowRule[] {
    let found = NONE;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i] as RowRule;
      if (read && !rule.uses.every(read)) {
        skipped?.push(this.labels[i] as string);
        continue;
      }
      if (rule.test(row)) found = found === NONE ? [rule] : [...found, rule];
    }
    return found;
  }
}
