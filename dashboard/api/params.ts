import { FILTER_PARAMS, FilterError, filtersFromQuery, townCode } from '../../src/query/filters';
import type { IndicatorFilters } from '../../src/query/types';
import { AppError } from '../errors';

const INDICATOR_PARAMS: readonly string[] = [...FILTER_PARAMS, 'format'];

/**
 * The core's filter rules, worded for the query string: a 400 naming the
 * parameter (`name` when a town code goes by another name). A year out of
 * the core's range keeps the core's own error.
 */
function asParameterError(err: unknown, name?: string): unknown {
  if (!(err instanceof FilterError)) return err;
  const { problem } = err;
  switch (problem.kind) {
    case 'not_a_year':
      return new AppError(
        400,
        'invalid_parameter',
        `${problem.param} は西暦4桁の年度で指定してください（例: 2023）。指定値: ${problem.value}`,
      );
    case 'not_a_code':
    case 'unknown_town':
      return new AppError(
        400,
        'invalid_parameter',
        `${name ?? problem.param} は鳥取県内の市町村の6桁の団体コードで指定してください（例: 313726）。指定値: ${problem.value}`,
      );
    case 'year_and_range':
      return new AppError(400, 'invalid_parameter', 'fiscal_year と from/to は同時に指定できません。');
    case 'from_after_to':
      return new AppError(
        400,
        'invalid_parameter',
        `from（${problem.from}）は to（${problem.to}）以前の年度にしてください。`,
      );
    case 'not_a_month':
      return new AppError(
        400,
        'invalid_parameter',
        `${problem.param} は西暦の年と月で指定してください（例: 2023-04）。指定値: ${problem.value}`,
      );
    case 'not_a_level':
      return new AppError(
        400,
        'invalid_parameter',
        `level は prefecture（県）・region（圏域）・municipality（市町村）のいずれかで指定してください。指定値: ${problem.value}`,
      );
    case 'year_out_of_range':
    case 'months_across_years':
    case 'month_after_month':
    case 'months_and_years':
      return err;
  }
}

/** A 6-digit code of one of the 19 towns, or a 400 naming the parameter. */
export function municipalityParam(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    return townCode(raw);
  } catch (err) {
    throw asParameterError(err, name);
  }
}

/**
 * Query string → IndicatorFilters: unknown parameters and a bad `format`
 * are refused here; the filters themselves by the core's one check
 * (src/query/filters.ts), its errors worded for the query string.
 */
export function indicatorQuery(query: Record<string, string>): {
  filters: IndicatorFilters;
  format: 'json' | 'csv';
} {
  for (const name of Object.keys(query))
    if (!INDICATOR_PARAMS.includes(name))
      throw new AppError(
        400,
        'unknown_parameter',
        `不明なパラメータ「${name}」です。使えるのは ${INDICATOR_PARAMS.join(', ')} です。`,
      );
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw new AppError(
      400,
      'invalid_parameter',
      `format は json または csv で指定してください。指定値: ${format}`,
    );
  try {
    return { filters: filtersFromQuery(query), format };
  } catch (err) {
    throw asParameterError(err);
  }
}
