import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from './types';
import { addYearOnYear, previousYearRows } from './year-on-year';

/** The plain definition: the last row with the same level and area one FY earlier (not month rows). */
function naivePrevious(rows: readonly Row[]): (Row | undefined)[] {
  const counts = (r: Row) => r.level !== 'month' && typeof r.fiscal_year === 'number';
  return rows.map((row) => {
    if (!counts(row)) return undefined;
    const matches = rows.filter(
      (r) =>
        counts(r) &&
        String(r.level) === String(row.level) &&
        String(r.area_code) === String(row.area_code) &&
        r.fiscal_year === (row.fiscal_year as number) - 1,
    );
    return matches[matches.length - 1];
  });
}

const row = fc.record({
  level: fc.constantFrom('municipality', 'region', 'month'),
  area_code: fc.constantFrom('313726', '東部', null),
  fiscal_year: fc.option(fc.integer({ min: 2020, max: 2024 }), { nil: null }),
  persons: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
});
const byKey = (a: Row, b: Row) =>
  `${a.level}|${a.area_code}|${a.fiscal_year}`.localeCompare(`${b.level}|${b.area_code}|${b.fiscal_year}`);

describe('previousYearRows', () => {
  it('finds the same row as the plain definition, whatever the order (and quickly in query order)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, sorted) => {
        const input = sorted ? [...rows].sort(byKey) : rows;
        const found = previousYearRows(input);
        const expected = naivePrevious(input);
        expect(found.length).toBe(input.length);
        input.forEach((_, i) => {
          expect(found[i]).toBe(expected[i]);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('addYearOnYear', () => {
  it('is null where either year is missing or the earlier one is 0, else rounded to 4 decimals', () => {
    const rows: Row[] = [
      { level: 'municipality', area_code: 'a', fiscal_year: 2021, persons: 3, contacts: 0 },
      { level: 'municipality', area_code: 'a', fiscal_year: 2022, persons: 7, contacts: 4 },
      { level: 'municipality', area_code: 'b', fiscal_year: 2022, persons: 7, contacts: 4 },
    ];
    expect(addYearOnYear(rows).map((r) => [r.persons_yoy, r.contacts_yoy])).toEqual([
      [null, null],
      [2.3333, null],
      [null, null],
    ]);
  });
});
