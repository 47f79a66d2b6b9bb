import { QueryInputError } from './errors';
import type { ReferenceData } from './reference';
import type { IndicatorFilters } from './types';

/** The widest fiscal-year range a query covers when no filter narrows it. */
export const FIRST_FY = 2000;
export const LAST_FY = 2100;

export interface ResolvedFilters {
  municipality: string | null;
  from: number;
  to: number;
  /** Whether from/to were given (for meta.filters). */
  explicitFrom: boolean;
  explicitTo: boolean;
}

function year(value: unknown, label: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < FIRST_FY || value > LAST_FY) {
    throw new QueryInputError(
      `${label}は${FIRST_FY}〜${LAST_FY}の西暦の年度で指定してください。`,
      'invalid_fiscal_year',
    );
  }
  return value;
}

/**
 * Checks the filters a caller sent and fills in the defaults. Throws
 * QueryInputError (Japanese message) for anything the dashboard should
 * answer with 400.
 */
export function resolveFilters(filters: IndicatorFilters, reference: ReferenceData): ResolvedFilters {
  const fiscalYear = year(filters.fiscalYear, '年度');
  let from = year(filters.from, '開始年度');
  let to = year(filters.to, '終了年度');
  if (fiscalYear !== undefined) {
    if ((from !== undefined && from !== fiscalYear) || (to !== undefined && to !== fiscalYear)) {
      throw new QueryInputError(
        '年度と開始・終了年度が食い違っています。どちらか一方で指定してください。',
        'conflicting_filters',
      );
    }
    from = fiscalYear;
    to = fiscalYear;
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw new QueryInputError('開始年度が終了年度より後になっています。', 'invalid_range');
  }
  let municipality: string | null = null;
  if (filters.municipality !== undefined && filters.municipality !== '') {
    const code = filters.municipality;
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) {
      throw new QueryInputError('市町村コードは6桁の数字で指定してください。', 'invalid_municipality');
    }
    if (!reference.municipalities.some((m) => m.code === code)) {
      throw new QueryInputError(`市町村コード「${code}」の市町村はありません。`, 'unknown_municipality');
    }
    municipality = code;
  }
  return {
    municipality,
    from: from ?? FIRST_FY,
    to: to ?? LAST_FY,
    explicitFrom: from !== undefined,
    explicitTo: to !== undefined,
  };
}
