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
      explicitFrom: true,
      explicitTo: true,
    });
  });
});
