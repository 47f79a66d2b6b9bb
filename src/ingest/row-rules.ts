import type { Dataset, RowRule } from '../datasets';

type Row = Record<string, unknown>;

/**
 * Evaluates a dataset's cross-column rules on normalised rows.
 *
 * Rules are documented to see dates as 'YYYY-MM-DD' strings, but some
 * definitions compare Date objects (cases.ts `day()`); a row breaks a rule
 * when either view of it does, so no rule is silently skipped whichever
 * form it expects. Dates are memoised per value (few distinct dates, a
 * million rows) and answer toISOString from their string.
 */
export class RuleEvaluator {
  private readonly rules: readonly RowRule[];
  private readonly dateColumns: readonly string[];
  private readonly dates = new Map<string, Date>();

  constructor(dataset: Dataset) {
    this.rules = dataset.rowRules;
    this.dateColumns = dataset.columns
      .filter((c) => c.type.kind === 'date' || c.type.kind === 'month')
      .map((c) => c.name);
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** The rules this row breaks (usually none: then the shared empty array). */
  broken(row: Readonly<Row>): readonly RowRule[] {
    let view: Row | undefined;
    let found: RowRule[] = NONE as RowRule[];
    for (const rule of this.rules) {
      if (!rule.test(row)) {
        view ??= this.withDates(row);
        if (!rule.test(view)) continue;
      }
      found = found === NONE ? [rule] : [...found, rule];
    }
    return found;
  }

  private withDates(row: Readonly<Row>): Row {
    const view: Row = { ...row };
    for (const name of this.dateColumns) {
      const value = row[name];
      if (typeof value === 'string') view[name] = this.dateOf(value);
    }
    return view;
  }

  private dateOf(iso: string): Date {
    let date = this.dates.get(iso);
    if (!date) {
      date = new Date(`${iso}T00:00:00Z`);
      Object.defineProperty(date, 'toISOString', { value: () => `${iso}T00:00:00.000Z` });
      if (this.dates.size < 100_000) this.dates.set(iso, date);
    }
    return date;
  }
}

const NONE: readonly RowRule[] = [];
