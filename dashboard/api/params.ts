import { municipalityByCode } from '../../src/datasets/municipalities';
import type { IndicatorFilters } from '../../src/query/types';
import { AppError } from '../errors';

const INDICATOR_PARAMS = new Set(['municipality', 'fiscal_year', 'from', 'to', 'format']);

function year(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{4}$/.test(raw))
    throw new AppError(
      400,
      'invalid_parameter',
      `${name} は西暦4桁の年度で指定してください（例: 2023）。指定値: ${raw}`,
    );
  return Number(raw);
}

/** A 6-digit code of one of the 19 towns, or a 400 naming the parameter. */
export function municipalityParam(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{6}$/.test(raw) || !municipalityByCode(raw))
    throw new AppError(
      400,
      'invalid_parameter',
      `${name} は鳥取県内の市町村の6桁の団体コードで指定してください（例: 313726）。指定値: ${raw}`,
    );
  return raw;
}

/**
 * Query string → IndicatorFilters, validated at the edge: unknown
 * parameters, non-year years and unknown towns are a 400 with a Japanese
 * message. Ranges (from ≤ to, years with data) are the indicator layer's to
 * check; it throws QueryInputError.
 */
export function indicatorQuery(query: Record<string, string>): {
  filters: IndicatorFilters;
  format: 'json' | 'csv';
} {
  for (const name of Object.keys(query))
    if (!INDICATOR_PARAMS.has(name))
      throw new AppError(
        400,
        'unknown_parameter',
        `不明なパラメータ「${name}」です。使えるのは municipality, fiscal_year, from, to, format です。`,
      );
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw new AppError(
      400,
      'invalid_parameter',
      `format は json または csv で指定してください。指定値: ${format}`,
    );
  const filters: IndicatorFilters = {};
  const municipality = municipalityParam('municipality', query.municipality);
  const fiscalYear = year('fiscal_year', query.fiscal_year);
  const from = year('from', query.from);
  const to = year('to', query.to);
  if (municipality !== undefined) filters.municipality = municipality;
  if (fiscalYear !== undefined) filters.fiscalYear = fiscalYear;
  if (from !== undefined) filters.from = from;
  if (to !== undefined) filters.to = to;
  if (fiscalYear !== undefined && (from !== undefined || to !== undefined))
    throw new AppError(400, 'invalid_parameter', 'fiscal_year と from/to は同時に指定できません。');
  if (from !== undefined && to !== undefined && from > to)
    throw new AppError(400, 'invalid_parameter', `from（${from}）は to（${to}）以前の年度にしてください。`);
  return { filters, format };
}
