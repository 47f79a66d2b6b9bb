import { municipalityByCode } from '../datasets/municipalities';
import { QueryInputError } from './errors';
import type { ReferenceData } from './reference';
import { AREA_LEVELS, type AreaLevel, type IndicatorFilters } from './types';

/** The widest fiscal-year range a query covers when no filter narrows it. */
export const FIRST_FY = 2000;
export const LAST_FY = 2100;

/** The filters as query-string parameters, in the order they are checked and listed. */
export const FILTER_PARAMS = [
  'municipality',
  'fiscal_year',
  'from',
  'to',
  'from_month',
  'to_month',
  'level',
] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];
type YearParam = 'fiscal_year' | 'from' | 'to';
type MonthParam = 'from_month' | 'to_month';

/**
 * Why a filter was refused, for callers that word it themselves (the
 * dashboard names the query-string parameter). `param` is the parameter's
 * query-string name.
 */
export type FilterProblem =
  | { kind: 'not_a_year'; param: YearParam; value: string }
  | { kind: 'year_out_of_range'; param: YearParam; value: unknown }
  | { kind: 'not_a_code' | 'unknown_town'; param: 'municipality'; value: string }
  | { kind: 'year_and_range' }
  | { kind: 'from_after_to'; from: number; to: number }
  | { kind: 'not_a_month'; param: MonthParam; value: string }
  | { kind: 'months_across_years'; from: string; to: string }
  | { kind: 'month_after_month'; from: string; to: string }
  | { kind: 'months_and_years'; fiscalYear: number }
  | { kind: 'not_a_level'; value: string };

const YEAR_LABEL: Record<YearParam, string> = { fiscal_year: '年度', from: '開始年度', to: '終了年度' };

function describe(problem: FilterProblem): { message: string; code: string } {
  switch (problem.kind) {
    case 'not_a_year':
    case 'year_out_of_range':
      return {
        message: `${YEAR_LABEL[problem.param]}は${FIRST_FY}〜${LAST_FY}の西暦の年度で指定してください。`,
        code: 'invalid_fiscal_year',
      };
    case 'not_a_code':
      return { message: '市町村コードは6桁の数字で指定してください。', code: 'invalid_municipality' };
    case 'unknown_town':
      return {
        message: `市町村コード「${problem.value}」の市町村はありません。`,
        code: 'unknown_municipality',
      };
    case 'year_and_range':
      return {
        message: '年度と開始・終了年度が食い違っています。どちらか一方で指定してください。',
        code: 'conflicting_filters',
      };
    case 'from_after_to':
      return { message: '開始年度が終了年度より後になっています。', code: 'invalid_range' };
    case 'not_a_month':
      return {
        message: `${problem.param === 'from_month' ? '開始月' : '終了月'}は「2023-04」のように西暦の年と月で指定してください（${FIRST_FY}〜${LAST_FY}年度）。`,
        code: 'invalid_month',
      };
    case 'months_across_years':
      return {
        message: `開始月と終了月は同じ年度（4月〜翌年3月）の中で指定してください（${problem.from}〜${problem.to}）。`,
        code: 'invalid_month_range',
      };
    case 'month_after_month':
      return { message: '開始月が終了月より後になっています。', code: 'invalid_month_range' };
    case 'months_and_years':
      return {
        message: `月の範囲は${problem.fiscalYear}年度のものです。年度の指定と食い違っています。`,
        code: 'conflicting_filters',
      };
    case 'not_a_level':
      return {
        message: `地域の単位は ${AREA_LEVELS.join('・')} のいずれかで指定してください（県・圏域・市町村）。`,
        code: 'invalid_level',
      };
  }
}

/** A refused filter: a QueryInputError (400, Japanese message) that also says which rule. */
export class FilterError extends QueryInputError {
  constructor(readonly problem: FilterProblem) {
    const { message, code } = describe(problem);
    super(message, code);
    this.name = 'FilterError';
  }
}

/** Months of one fiscal year, as year*100+month numbers (202304 = April 2023). */
export interface MonthWindow {
  fiscalYear: number;
  first: number;
  last: number;
}

export interface ResolvedFilters {
  municipality: string | null;
  from: number;
  to: number;
  /** A month window inside one fiscal year (then from = to = its FY); null for whole years. */
  months: MonthWindow | null;
  /** Whether from/to were given (for meta.filters). */
  explicitFrom: boolean;
  explicitTo: boolean;
  /** Only rows of this area level; null for every row. */
  level: AreaLevel | null;
}

function areaLevel(raw: string | undefined): AreaLevel | null {
  if (raw === undefined || raw === '') return null;
  if (!(AREA_LEVELS as readonly string[]).includes(raw))
    throw new FilterError({ kind: 'not_a_level', value: raw });
  return raw as AreaLevel;
}

const isTottoriTown = (code: string) => municipalityByCode(code) !== undefined;

/** A town code parameter: six digits naming a known town, else FilterError. */
export function townCode(raw: string, isTown: (code: string) => boolean = isTottoriTown): string {
  if (!/^\d{6}$/.test(raw)) throw new FilterError({ kind: 'not_a_code', param: 'municipality', value: raw });
  if (!isTown(raw)) throw new FilterError({ kind: 'unknown_town', param: 'municipality', value: raw });
  return raw;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const fyOfMonth = (ym: number): number => (ym % 100 >= 4 ? Math.floor(ym / 100) : Math.floor(ym / 100) - 1);
const asYm = (text: string): number => Number(text.slice(0, 4)) * 100 + Number(text.slice(5, 7));
/** '2023-04' etc. of a year*100+month number. */
export const monthText = (ym: number): string =>
  `${Math.floor(ym / 100)}-${String(ym % 100).padStart(2, '0')}`;

/**
 * The month window of `from_month`/`to_month` (either may be left out: the
 * FY's April or March), checked: both in one fiscal year, in order, and in
 * the FY range. Null when neither is given.
 */
function checkMonths(fromMonth: string | undefined, toMonth: string | undefined): MonthWindow | null {
  if (fromMonth === undefined && toMonth === undefined) return null;
  for (const [param, value] of [
    ['from_month', fromMonth],
    ['to_month', toMonth],
  ] as const) {
    if (value === undefined) continue;
    const fy = MONTH.test(value) ? fyOfMonth(asYm(value)) : Number.NaN;
    if (!(fy >= FIRST_FY && fy <= LAST_FY)) throw new FilterError({ kind: 'not_a_month', param, value });
  }
  const fy = fyOfMonth(asYm((fromMonth ?? toMonth) as string));
  const first = fromMonth !== undefined ? asYm(fromMonth) : fy * 100 + 4;
  const last = toMonth !== undefined ? asYm(toMonth) : (fy + 1) * 100 + 3;
  if (fyOfMonth(first) !== fyOfMonth(last))
    throw new FilterError({ kind: 'months_across_years', from: monthText(first), to: monthText(last) });
  if (first > last)
    throw new FilterError({ kind: 'month_after_month', from: monthText(first), to: monthText(last) });
  return { fiscalYear: fy, first, last };
}

function checkYear(param: YearParam, value: number | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < FIRST_FY || value > LAST_FY)
    throw new FilterError({ kind: 'year_out_of_range', param, value });
  return value;
}

/**
 * The one check of a set of filters: the town is known, `fiscalYear` is not
 * combined with `from`/`to`, from ≤ to, years are in range. Throws
 * FilterError; returns the filters with defaults filled in.
 */
function checkFilters(filters: IndicatorFilters, isTown: (code: string) => boolean): ResolvedFilters {
  const municipality =
    filters.municipality !== undefined && filters.municipality !== ''
      ? townCode(filters.municipality, isTown)
      : null;
  const { fiscalYear } = filters;
  if (fiscalYear !== undefined && (filters.from !== undefined || filters.to !== undefined))
    throw new FilterError({ kind: 'year_and_range' });
  const from = filters.from ?? fiscalYear;
  const to = filters.to ?? fiscalYear;
  if (typeof from === 'number' && typeof to === 'number' && from > to)
    throw new FilterError({ kind: 'from_after_to', from, to });
  checkYear('fiscal_year', fiscalYear);
  checkYear('from', filters.from);
  checkYear('to', filters.to);
  const months = checkMonths(filters.fromMonth, filters.toMonth);
  const level = areaLevel(filters.level);
  if (months) {
    // A window is inside one FY: any year given must be that one.
    for (const year of [from, to])
      if (year !== undefined && year !== months.fiscalYear)
        throw new FilterError({ kind: 'months_and_years', fiscalYear: months.fiscalYear });
    return {
      municipality,
      from: months.fiscalYear,
      to: months.fiscalYear,
      months,
      explicitFrom: true,
      explicitTo: true,
      level,
    };
  }
  return {
    municipality,
    from: from ?? FIRST_FY,
    to: to ?? LAST_FY,
    months: null,
    explicitFrom: from !== undefined,
    explicitTo: to !== undefined,
    level,
  };
}

function yearParam(param: YearParam, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}$/.test(raw)) throw new FilterError({ kind: 'not_a_year', param, value: raw });
  return Number(raw);
}

/**
 * Query-string parameters → IndicatorFilters, checked by the same rules as
 * resolveFilters. Empty parameters count as absent. Throws FilterError.
 *
 * @example filtersFromQuery({ municipality: '313726', fiscal_year: '2023' })
 */
export function filtersFromQuery(query: Partial<Record<FilterParam, string>>): IndicatorFilters {
  const filters: IndicatorFilters = {};
  if (query.municipality !== undefined && query.municipality !== '')
    filters.municipality = townCode(query.municipality);
  const fiscalYear = yearParam('fiscal_year', query.fiscal_year);
  const from = yearParam('from', query.from);
  const to = yearParam('to', query.to);
  if (fiscalYear !== undefined) filters.fiscalYear = fiscalYear;
  if (from !== undefined) filters.from = from;
  if (to !== undefined) filters.to = to;
  if (query.from_month !== undefined && query.from_month !== '') filters.fromMonth = query.from_month;
  if (query.to_month !== undefined && query.to_month !== '') filters.toMonth = query.to_month;
  const level = areaLevel(query.level);
  if (level !== null) filters.level = level;
  checkFilters(filters, isTottoriTown);
  return filters;
}

/**
 * Checks the filters a caller sent and fills in the defaults. Throws
 * FilterError (a QueryInputError, Japanese message) for anything the
 * dashboard should answer with 400.
 */
export function resolveFilters(filters: IndicatorFilters, reference: ReferenceData): ResolvedFilters {
  return checkFilters(filters, (code) => reference.municipalities.some((m) => m.code === code));
}
