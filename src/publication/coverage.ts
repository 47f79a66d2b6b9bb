import type { Row } from '../query/types';
import { yearOnYearRatio } from '../query/year-on-year';

/**
 * What a figure covers. A fiscal year's figures are complete only once the
 * year has ended and every town that reported sent all twelve months of
 * activity tallies; a year still running, or a town with fewer months, is
 * partial (速報). Which towns were expected to report comes from
 * 実施状況: implementing or 移行準備事業 that year.
 */
export interface TownCoverage {
  municipality_code: string;
  fiscal_year: number;
  /** Months of `activities` reported (null: no tallies that year). */
  months_reported: number | null;
  /** The year is still running, or fewer than 12 months were reported. */
  partial: boolean;
  /** Implementing or 移行準備事業 that fiscal year. */
  expected: boolean;
  /** Sent cases for that year (相談実人数 is a figure, shown or 秘匿). */
  reported: boolean;
  /** The newest 世帯訪問調査 snapshot (基準日) inside the year; null when none. */
  visits_as_of: string | null;
}

/** Whether fiscal year `fy` (April–March) has ended on `today` (YYYY-MM-DD, Japan). */
export const fiscalYearEnded = (fy: number, today: string): boolean => `${fy + 1}-03-31` < today;

const EXPECTED_STATUSES = new Set(['implementing', 'preparing']);

const num = (row: Row | undefined, field: string): number | null => {
  const v = row?.[field];
  return typeof v === 'number' ? v : null;
};
const reportedCases = (row: Row): boolean =>
  typeof row.persons === 'number' || (Array.isArray(row.suppressed) && row.suppressed.includes('persons'));

/**
 * Coverage of every town × fiscal year that reported or was expected to,
 * from the 相談件数推移 town rows and the 実施状況 town rows.
 */
export function townCoverage(
  consultations: readonly Row[],
  implementation: readonly Row[],
  today: string,
  visits: readonly Row[] = [],
): TownCoverage[] {
  const key = (code: unknown, fy: unknown) => `${String(code)}|${String(fy)}`;
  const out = new Map<string, TownCoverage>();
  const entry = (code: string, fy: number): TownCoverage => {
    let c = out.get(key(code, fy));
    if (!c) {
      c = {
        municipality_code: code,
        fiscal_year: fy,
        months_reported: null,
        partial: !fiscalYearEnded(fy, today),
        expected: false,
        reported: false,
        visits_as_of: null,
      };
      out.set(key(code, fy), c);
    }
    return c;
  };
  for (const row of consultations) {
    if (row.level !== 'municipality' || typeof row.fiscal_year !== 'number') continue;
    const c = entry(String(row.municipality_code), row.fiscal_year);
    c.months_reported = num(row, 'months_reported');
    c.reported = reportedCases(row);
    if (c.months_reported !== null && c.months_reported < 12) c.partial = true;
  }
  for (const row of implementation) {
    if (row.level !== 'municipality' || typeof row.fiscal_year !== 'number') continue;
    if (!EXPECTED_STATUSES.has(String(row.status))) continue;
    entry(String(row.municipality_code), row.fiscal_year).expected = true;
  }
  for (const row of visits) {
    if (row.level !== 'history' || typeof row.as_of !== 'string') continue;
    const [y, m] = row.as_of.split('-').map(Number) as [number, number];
    const c = entry(String(row.municipality_code), m >= 4 ? y : y - 1);
    if (c.visits_as_of === null || row.as_of > c.visits_as_of) c.visits_as_of = row.as_of;
  }
  return [...out.values()].sort((a, b) =>
    a.fiscal_year !== b.fiscal_year
      ? a.fiscal_year - b.fiscal_year
      : a.municipality_code.localeCompare(b.municipality_code),
  );
}

export interface SummaryCard {
  id: 'persons' | 'contacts' | 'support_meetings';
  value: number | null;
  previous: number | null;
  /** value ÷ previous (as `*_yoy` in the indicator rows); null when either is missing or 秘匿. */
  change: number | null;
  /** The same over the towns complete in both years (同一市町村ベース). */
  change_same_municipalities: number | null;
  /** Towns pooled in `value`. */
  municipalities: number;
  /** Towns pooled in the same-town change. */
  same_municipalities: number;
  /** What towns reporting this year but not the last add to `value` (null when 秘匿). */
  from_new_municipalities: number | null;
  new_municipalities: number;
}

export interface Summary {
  /** The headline year (headlineYear): the latest ended FY reported at least as fully as the year before. */
  fiscal_year: number | null;
  partial: boolean;
  coverage: { expected: number; reporting: number; complete: number };
  /** Later years with reports, shown only as 速報 beside the headline. */
  provisional_years: number[];
  cards: SummaryCard[];
}

const CARD_FIELDS = ['persons', 'contacts', 'support_meetings'] as const;

/** Towns that sent cases and all twelve months of tallies for a year that has ended. */
function completeTowns(coverage: readonly TownCoverage[], year: number): Set<string> {
  return new Set(
    coverage
      .filter((c) => c.fiscal_year === year && c.reported && !c.partial && c.months_reported === 12)
      .map((c) => c.municipality_code),
  );
}

/**
 * The headline year: the latest ended fiscal year in which at least as many
 * towns reported a complete year as the year before (and at least one did).
 * A year still running never qualifies, and neither does an ended year that
 * only a few towns have sent so far: one early or late upload cannot take
 * over the prefecture's headline.
 */
export function headlineYear(coverage: readonly TownCoverage[], today: string): number | null {
  const years = [...new Set(coverage.filter((c) => c.reported).map((c) => c.fiscal_year))]
    .filter((fy) => fiscalYearEnded(fy, today))
    .sort((a, b) => b - a);
  for (const fy of years) {
    const now = completeTowns(coverage, fy).size;
    if (now > 0 && now >= completeTowns(coverage, fy - 1).size) return fy;
  }
  // Nothing complete yet: the latest ended year with any report, still marked partial.
  return years[0] ?? null;
}

/** Σ of a field over towns; null when any of them is 秘匿 or missing. */
function sumOver(rows: ReadonlyMap<string, Row>, towns: Iterable<string>, field: string): number | null {
  let total = 0;
  for (const town of towns) {
    const v = num(rows.get(town), field);
    if (v === null) return null;
    total += v;
  }
  return total;
}

/**
 * What the 県全体 cards show: the headline year (never a year still
 * running: an early upload for the next year cannot take it over), its
 * coverage, and each count beside the year before — plainly, over the
 * towns complete in both years, and what towns that began reporting add.
 * Sums are of the rows given (a viewer's published figures): any 秘匿 part
 * makes the sum null, so no new aggregate of hidden counts is published.
 */
export function summaryOf(
  consultations: readonly Row[],
  implementation: readonly Row[],
  today: string,
): Summary {
  const coverage = townCoverage(consultations, implementation, today);
  const fy = headlineYear(coverage, today);
  const provisional = [
    ...new Set(
      coverage.filter((c) => c.reported && (fy === null || c.fiscal_year > fy)).map((c) => c.fiscal_year),
    ),
  ];
  if (fy === null)
    return {
      fiscal_year: null,
      partial: false,
      coverage: { expected: 0, reporting: 0, complete: 0 },
      provisional_years: provisional,
      cards: [],
    };
  const inYear = (year: number) => coverage.filter((c) => c.fiscal_year === year);
  const now = inYear(fy);
  const reporting = now.filter((c) => c.reported);
  const complete = (year: number) => completeTowns(coverage, year);
  const completeNow = complete(fy);
  const completeBefore = complete(fy - 1);
  const same = [...completeNow].filter((t) => completeBefore.has(t));
  const reportedBefore = new Set(
    inYear(fy - 1)
      .filter((c) => c.reported)
      .map((c) => c.municipality_code),
  );
  const newcomers = reporting.map((c) => c.municipality_code).filter((t) => !reportedBefore.has(t));

  const townRows = (year: number) =>
    new Map(
      consultations
        .filter((r) => r.level === 'municipality' && r.fiscal_year === year)
        .map((r) => [String(r.municipality_code), r]),
    );
  const rowsNow = townRows(fy);
  const rowsBefore = townRows(fy - 1);
  const pref = (year: number) =>
    consultations.find((r) => r.level === 'prefecture' && r.fiscal_year === year);

  const cards = CARD_FIELDS.map((id): SummaryCard => {
    const value = num(pref(fy), id);
    const previous = num(pref(fy - 1), id);
    const sameNow = sumOver(rowsNow, same, id);
    const sameBefore = sumOver(rowsBefore, same, id);
    return {
      id,
      value,
      previous,
      change: yearOnYearRatio(value, previous),
      change_same_municipalities: yearOnYearRatio(sameNow, sameBefore),
      municipalities: reporting.length,
      same_municipalities: same.length,
      from_new_municipalities: sumOver(rowsNow, newcomers, id),
      new_municipalities: newcomers.length,
    };
  });
  return {
    fiscal_year: fy,
    partial: reporting.some((c) => c.partial),
    coverage: {
      expected: now.filter((c) => c.expected).length,
      reporting: reporting.length,
      complete: completeNow.size,
    },
    provisional_years: provisional,
    cards,
  };
}
