import { describe, expect, it } from 'vitest';
import { headlineYear, type TownCoverage, townCoverage } from './coverage';

const c = (code: string, fy: number, months: number | null, reported = true): TownCoverage => ({
  municipality_code: code,
  fiscal_year: fy,
  months_reported: months,
  partial: months !== null && months < 12,
  expected: true,
  reported,
  visits_as_of: null,
});

describe('headlineYear', () => {
  const base = [c('A', 2024, 12), c('B', 2024, 12), c('A', 2025, 12), c('B', 2025, 12)];

  it('is the latest ended year reported at least as fully as the year before', () => {
    expect(headlineYear(base, '2026-06-01')).toBe(2025);
  });

  it('never a year still running, however early uploads look', () => {
    expect(headlineYear([...base, c('A', 2026, 2)], '2026-12-03')).toBe(2025);
  });

  it('not an ended year only one town has sent so far (cases without tallies are not complete)', () => {
    expect(headlineYear([...base, c('A', 2026, null)], '2027-05-01')).toBe(2025);
    expect(headlineYear([...base, c('A', 2026, 12)], '2027-05-01')).toBe(2025);
    // Once as many towns are complete as the year before, it takes over.
    expect(headlineYear([...base, c('A', 2026, 12), c('B', 2026, 12)], '2027-05-01')).toBe(2026);
  });

  it('with nothing complete, the latest ended year with a report; none at all gives null', () => {
    expect(headlineYear([c('A', 2021, 6)], '2026-01-01')).toBe(2021);
    expect(headlineYear([], '2026-01-01')).toBeNull();
  });
});

describe('townCoverage', () => {
  it('gives each town-year its months, whether partial, expected, reported and its newest visit snapshot', () => {
    const rows = townCoverage(
      [{ level: 'municipality', municipality_code: 'A', fiscal_year: 2023, persons: 21, months_reported: 6 }],
      [{ level: 'municipality', municipality_code: 'A', fiscal_year: 2023, status: 'implementing' }],
      '2024-06-01',
      [
        { level: 'history', municipality_code: 'A', as_of: '2023-09-30' },
        { level: 'history', municipality_code: 'A', as_of: '2024-03-31' },
        { level: 'history', municipality_code: 'A', as_of: '2024-04-30' },
        { level: 'municipality', municipality_code: 'A', as_of: '2099-01-01' },
      ],
    );
    expect(rows).toEqual([
      {
        municipality_code: 'A',
        fiscal_year: 2023,
        months_reported: 6,
        partial: true,
        expected: true,
        reported: true,
        visits_as_of: '2024-03-31',
      },
      {
        municipality_code: 'A',
        fiscal_year: 2024,
        months_reported: null,
        partial: true,
        expected: false,
        reported: false,
        visits_as_of: '2024-04-30',
      },
    ]);
  });
});
