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
  private readonly saved: unknown[] = [];
  private lastIso: string | undefined;
  private lastDate: Date | undefined;

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
  broken(row: Row): readonly RowRule[] {
    let found: RowRule[] = NONE as RowRule[];
    for (const rule of this.rules) if (rule.test(row)) found = found === NONE ? [rule] : [...found, rule];
    if (found.length === this.rules.length || this.dateColumns.length === 0) return found;
    // The Date view, made in place (no copy per row) and undone before returning.
    const saved = this.saved;
    for (let i = 0; i < this.dateColumns.length; i++) {
      const name = this.dateColumns[i] as string;
      const value = row[name];
      saved[i] = value;
      if (typeof value === 'string') row[name] = this.dateOf(value);
    }
    try {
      for (const rule of this.rules)
        if (!found.includes(rule) && rule.test(row)) found = found === NONE ? [rule] : [...found, rule];
    } finally {
      for (let i = 0; i < this.dateColumns.length; i++) row[this.dateColumns[i] as string] = saved[i];
    }
    return found;
  }

  private dateOf(iso: string): Date {
    if (iso === this.lastIso) return this.lastDate as Date;
    let date = this.dates.get(iso);
    if (!date) {
      const text = `${iso}T00:00:00.000Z`;
      date = new Date(text);
      Object.defineProperty(date, 'toISOString', { value: () => text });
      if (this.dates.size < 100_000) this.dates.set(iso, date);
    }
    this.lastIso = iso;
    this.lastDate = date;
    return date;
  }
}

const NONE: readonly RowRule[] = [];
