import type { DatasetName } from '../datasets';
import { fiscalYearEnd, fiscalYearStart } from '../normalise/fiscal-year';

/**
 * What each town is expected to send, and whether it has: the schedule
 * behind データ提出状況. Pure: the facts come in (what is stored, as the
 * upload history and the indicators know it), states come out.
 *
 * The rules (docs/api.md, "データ提出状況"):
 * - `activities` (月次活動実績): one tally per month from every town that is
 *   実施 that fiscal year, due by `dueDay` of the following month.
 * - `cases` (相談ケース): the year's case list, updated on the same monthly
 *   schedule; a month counts as sent once a list of its fiscal year was
 *   taken in after the month ended.
 * - `visits` (自治会訪問): a snapshot per half year (基準日 in April–September
 *   and in October–March) from a 実施 town running the survey (from its
 *   first snapshot on), due by `dueDay` of the month after the half year.
 * - `implementation` and `population`: the prefecture's, one per town and
 *   fiscal year, due by `dueDay` of May (the month after the year's first).
 *
 * A fiscal year with no 実施状況 row for a town takes the town's latest
 * earlier status (flagged `statusCarried`), so the running year is judged
 * before the prefecture has entered it.
 */

/** Who sends a dataset. */
export type Sender = 'municipality' | 'prefecture';

export const SENDERS: Readonly<Record<DatasetName, Sender>> = {
  cases: 'municipality',
  activities: 'municipality',
  visits: 'municipality',
  implementation: 'prefecture',
  population: 'prefecture',
};

/** 実施状況 code of a town that must send cases and tallies. */
const IMPLEMENTING = 'implementing';

/** What is stored for one town, as far as the schedule needs it. */
export interface TownFacts {
  code: string;
  /** 実施状況 code per fiscal year, where the prefecture entered one. */
  statusByYear: ReadonlyMap<number, string>;
  /** Months (YYYY-MM-01) holding monthly tallies. */
  activityMonths: ReadonlySet<string>;
  /** Per fiscal year: the Japan date of the newest accepted case list of that year. */
  casesTakenOn: ReadonlyMap<number, string>;
  /** 基準日 of the stored 自治会訪問 snapshots. */
  visitsAsOf: readonly string[];
  /** 基準日 of the stored population rows. */
  populationAsOf: readonly string[];
}

/** One month of the strip. */
export type MonthState =
  /** sent */
  | 'submitted'
  /** expected, not sent, its deadline has passed */
  | 'overdue'
  /** expected, not sent, not due yet */
  | 'pending'
  /** nothing expected */
  | 'not_expected';

export interface MonthCell {
  /** YYYY-MM-01 */
  month: string;
  state: MonthState;
  /** The deadline of the period this month belongs to; null when not expected. */
  dueOn: string | null;
}

/** 提出済 / 未提出 / 対象外 for one town, dataset and fiscal year. */
export type CellState = 'submitted' | 'missing' | 'not_expected';

export interface ScheduleCell {
  dataset: DatasetName;
  sender: Sender;
  state: CellState;
  /** Days since the earliest missed deadline (missing only; null when nothing missing is due yet). */
  overdueDays: number | null;
  /** Missing, nothing due yet: the next deadline. */
  nextDue: string | null;
  /** April … March of the fiscal year. */
  months: MonthCell[];
}

export interface TownSchedule {
  code: string;
  fiscalYear: number;
  /** The 実施状況 code the year is judged by; null when none is known. */
  status: string | null;
  /** True when `status` is carried from an earlier year. */
  statusCarried: boolean;
  cells: Record<DatasetName, ScheduleCell>;
}

export interface ScheduleOptions {
  /** Day of the month a deadline falls on (1–28). */
  dueDay: number;
  /** Today in Japan, YYYY-MM-DD. */
  today: string;
}

/** The twelve months of a fiscal year, YYYY-MM-01, April first. */
export function monthsOf(fiscalYear: number): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const year = fiscalYear + (i >= 9 ? 1 : 0);
    const month = ((i + 3) % 12) + 1;
    return `${year}-${String(month).padStart(2, '0')}-01`;
  });
}

/** The first day of the month after `month` (YYYY-MM-01). */
function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The last day of `month` (YYYY-MM-01 → YYYY-MM-DD). */
function lastDayOf(month: string): string {
  return new Date(Date.parse(`${nextMonth(month)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** `dueDay` of the month after `month`. */
export function dueAfter(month: string, dueDay: number): string {
  return `${nextMonth(month).slice(0, 8)}${String(dueDay).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (YYYY-MM-DD, calendar dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The status a fiscal year is judged by: its own row, else the latest earlier one. */
export function statusFor(
  statusByYear: ReadonlyMap<number, string>,
  fiscalYear: number,
): { status: string | null; carried: boolean } {
  const own = statusByYear.get(fiscalYear);
  if (own !== undefined) return { status: own, carried: false };
  const earlier = [...statusByYear.keys()].filter((fy) => fy < fiscalYear).sort((a, b) => b - a)[0];
  return earlier === undefined
    ? { status: null, carried: false }
    : { status: statusByYear.get(earlier) ?? null, carried: true };
}

/** A period of a schedule: the months it covers, its deadline, whether it was sent. */
interface Period {
  months: string[];
  dueOn: string;
  expected: boolean;
  submitted: boolean;
}

const within = (date: string, from: string, to: string) => date >= from && date <= to;

function periodsOf(
  dataset: DatasetName,
  facts: TownFacts,
  fiscalYear: number,
  implementing: boolean,
  dueDay: number,
): Period[] {
  const months = monthsOf(fiscalYear);
  switch (dataset) {
    case 'activities':
      return months.map((m) => ({
        months: [m],
        dueOn: dueAfter(m, dueDay),
        expected: implementing,
        submitted: facts.activityMonths.has(m),
      }));
    case 'cases': {
      const takenOn = facts.casesTakenOn.get(fiscalYear);
      return months.map((m) => ({
        months: [m],
        dueOn: dueAfter(m, dueDay),
        expected: implementing,
        // The list was taken in after the month had ended, so it holds the month.
        submitted: takenOn !== undefined && takenOn >= nextMonth(m),
      }));
    }
    case 'visits': {
      const first = [...facts.visitsAsOf].sort()[0];
      return [months.slice(0, 6), months.slice(6)].map((half) => {
        const from = half[0] as string;
        const last = half[5] as string;
        const end = lastDayOf(last);
        return {
          months: half,
          dueOn: dueAfter(last, dueDay),
          expected: implementing && first !== undefined && first <= end,
          submitted: facts.visitsAsOf.some((d) => within(d, from, end)),
        };
      });
    }
    case 'implementation':
      return [
        {
          months,
          dueOn: dueAfter(months[0] as string, dueDay),
          expected: true,
          submitted: facts.statusByYear.has(fiscalYear),
        },
      ];
    case 'population':
      return [
        {
          months,
          dueOn: dueAfter(months[0] as string, dueDay),
          expected: true,
          submitted: facts.populationAsOf.some((d) =>
            within(d, fiscalYearStart(fiscalYear), fiscalYearEnd(fiscalYear)),
          ),
        },
      ];
  }
}

function cellOf(dataset: DatasetName, periods: Period[], today: string): ScheduleCell {
  const months: MonthCell[] = [];
  let earliestMissed: string | null = null;
  let nextDue: string | null = null;
  let anyExpected = false;
  for (const p of periods) {
    if (p.expected) anyExpected = true;
    const state: MonthState = !p.expected
      ? 'not_expected'
      : p.submitted
        ? 'submitted'
        : today > p.dueOn
          ? 'overdue'
          : 'pending';
    if (state === 'overdue' && (earliestMissed === null || p.dueOn < earliestMissed))
      earliestMissed = p.dueOn;
    if (state === 'pending' && (nextDue === null || p.dueOn < nextDue)) nextDue = p.dueOn;
    for (const month of p.months) months.push({ month, state, dueOn: p.expected ? p.dueOn : null });
  }
  const dueSoFar = periods.filter((p) => p.expected && (p.submitted || today > p.dueOn));
  const state: CellState = !anyExpected
    ? 'not_expected'
    : earliestMissed !== null || dueSoFar.length === 0
      ? 'missing'
      : 'submitted';
  return {
    dataset,
    sender: SENDERS[dataset],
    state,
    overdueDays: earliestMissed === null ? null : daysBetween(earliestMissed, today),
    nextDue: state === 'missing' && earliestMissed === null ? nextDue : null,
    months,
  };
}

/**
 * One town's schedule for a fiscal year: each dataset 提出済 / 未提出 (with
 * the days since the earliest missed deadline) / 対象外, and month by month.
 *
 * @example
 * townSchedule(facts, 2025, { dueDay: 10, today: '2026-12-04' }).cells.activities.state // 'submitted'
 */
export function townSchedule(
  facts: TownFacts,
  fiscalYear: number,
  options: ScheduleOptions,
  datasets: readonly DatasetName[] = Object.keys(SENDERS) as DatasetName[],
): TownSchedule {
  const { status, carried } = statusFor(facts.statusByYear, fiscalYear);
  const implementing = status === IMPLEMENTING;
  const cells = {} as Record<DatasetName, ScheduleCell>;
  for (const dataset of datasets)
    cells[dataset] = cellOf(
      dataset,
      periodsOf(dataset, facts, fiscalYear, implementing, options.dueDay),
      options.today,
    );
  return { code: facts.code, fiscalYear, status, statusCarried: carried, cells };
}

/** An empty set of facts for a town nothing is known of yet. */
export function noFacts(code: string): TownFacts {
  return {
    code,
    statusByYear: new Map(),
    activityMonths: new Set(),
    casesTakenOn: new Map(),
    visitsAsOf: [],
    populationAsOf: [],
  };
}
