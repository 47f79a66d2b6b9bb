import { describe, expect, it } from 'vitest';
import { FilterError, filtersFromQuery, resolveFilters } from './filters';
import { TOTTORI_REFERENCE } from './reference';

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof FilterError) return err.problem.kind;
    throw err;
  }
  return 'accepted';
};

describe('filters: one set of rules for the query string and for typed callers', () => {
  it.each([
    [{ municipality: '999999' }, { municipality: '999999' }, 'unknown_town'],
    [{ fiscal_year: '2022', from: '2022' }, { fiscalYear: 2022, from: 2022 }, 'year_and_range'],
    [{ from: '2024', to: '2022' }, { from: 2024, to: 2022 }, 'from_after_to'],
    [{ fiscal_year: '1999' }, { fiscalYear: 1999 }, 'year_out_of_range'],
    [{ municipality: '313726', from: '2022' }, { municipality: '313726', from: 2022 }, 'accepted'],
    [{ level: 'town' }, { level: 'town' as never }, 'not_a_level'],
    [{ level: 'region' }, { level: 'region' as const }, 'accepted'],
  ])('%j and %j: %s', (query, typed, kind) => {
    expect(problem(() => filtersFromQuery(query))).toBe(kind);
    expect(problem(() => resolveFilters(typed, TOTTORI_REFERENCE))).toBe(kind);
  });

  it('reads the query string strictly: four-digit years, six-digit codes', () => {
    expect(problem(() => filtersFromQuery({ fiscal_year: '0x7E7' }))).toBe('not_a_year');
    expect(problem(() => filtersFromQuery({ municipality: '31372' }))).toBe('not_a_code');
    expect(filtersFromQuery({ municipality: '', fiscal_year: '2023' })).toEqual({ fiscalYear: 2023 });
  });

  it('fills in the defaults', () => {
    expect(resolveFilters({ fiscalYear: 2023 }, TOTTORI_REFERENCE)).toEqual({
      municipality: null,
      from: 2023,
      to: 2023,
      months: null,
      explicitFrom: true,
      explicitTo: true,
      level: null,
    });
  });

  it('takes a month window inside one fiscal year, and only there', () => {
    expect(resolveFilters({ fromMonth: '2023-04', toMonth: '2023-09' }, TOTTORI_REFERENCE)).toMatchObject({
      from: 2023,
      to: 2023,
      months: { fiscalYear: 2023, first: 202304, last: 202309 },
    });
    // January–March belong to the FY that began the April before; one end alone runs to the FY's edge.
    expect(resolveFilters({ fromMonth: '2024-01' }, TOTTORI_REFERENCE).months).toEqual({
      fiscalYear: 2023,
      first: 202401,
      last: 202403,
    });
    expect(resolveFilters({ toMonth: '2023-06' }, TOTTORI_REFERENCE).months).toEqual({
      fiscalYear: 2023,
      first: 202304,
      last: 202306,
    });
    expect(problem(() => filtersFromQuery({ from_month: '2023-03', to_month: '2023-04' }))).toBe(
      'months_across_years',
    );
    expect(problem(() => filtersFromQuery({ from_month: '2023-09', to_month: '2023-04' }))).toBe(
      'month_after_month',
    );
    expect(problem(() => filtersFromQuery({ from_month: '2023-4' }))).toBe('not_a_month');
    expect(problem(() => filtersFromQuery({ to_month: '2023-13' }))).toBe('not_a_month');
    expect(problem(() => filtersFromQuery({ from_month: '2023-04', fiscal_year: '2022' }))).toBe(
      'months_and_years',
    );
    expect(problem(() => filtersFromQuery({ from_month: '2023-04', fiscal_year: '2023' }))).toBe('accepted');
  });
});
