import { describe, expect, it } from 'vitest';
import type { Row } from '../query/types';
import { withRowCoverage } from './row-coverage';

const town = (code: string, region: string, fy: number, persons: number | null, months: number): Row => ({
  level: 'municipality',
  area_code: code,
  region,
  municipality_code: code,
  fiscal_year: fy,
  month: null,
  persons,
  contacts: persons === null ? null : persons * 5,
  months_reported: months,
  persons_yoy: 9,
  contacts_yoy: 9,
});
const area = (
  level: 'region' | 'prefecture',
  code: string,
  region: string | null,
  fy: number,
  persons: number,
): Row => ({
  level,
  area_code: code,
  region,
  municipality_code: null,
  fiscal_year: fy,
  month: null,
  persons,
  contacts: persons * 5,
  months_reported: null,
  persons_yoy: 9,
  contacts_yoy: 9,
});

// A: complete both years; B: joins in 2024; C: six months of 2023.
const rows = (): Row[] => [
  town('A', '東部', 2023, 10, 12),
  town('A', '東部', 2024, 15, 12),
  town('B', '東部', 2024, 60, 12),
  town('C', '中部', 2023, 4, 6),
  town('C', '中部', 2024, 9, 12),
  area('prefecture', 'P', null, 2023, 14),
  area('prefecture', 'P', null, 2024, 84),
  area('region', '中部', '中部', 2023, 4),
  area('region', '中部', '中部', 2024, 9),
  area('region', '東部', '東部', 2023, 10),
  area('region', '東部', '東部', 2024, 75),
];
const find = (out: Row[], level: string, code: string, fy: number) =>
  out.find((r) => r.level === level && r.area_code === code && r.fiscal_year === fy) as Row;

describe('withRowCoverage', () => {
  it('marks partial years and withholds 前年度比 next to one', () => {
    const out = withRowCoverage(rows(), '2025-06-01');
    expect(find(out, 'municipality', 'C', 2023).partial).toBe(true);
    expect(find(out, 'municipality', 'C', 2024).partial).toBe(false);
    // Against a six-month year, a change is not a change.
    expect(find(out, 'municipality', 'C', 2024).persons_yoy).toBeNull();
    expect(find(out, 'region', '中部', 2023).partial).toBe(true);
    expect(find(out, 'prefecture', 'P', 2023).partial).toBe(true);
    expect(find(out, 'prefecture', 'P', 2024).partial).toBe(false);
    // A year still running is partial whatever its months say.
    expect(withRowCoverage(rows(), '2025-03-31').find((r) => r.fiscal_year === 2024)?.partial).toBe(true);
  });

  it('gives pooled rows the change over towns complete in both years (hand computed)', () => {
    const out = withRowCoverage(rows(), '2025-06-01');
    const pref = find(out, 'prefecture', 'P', 2024);
    // Only A is complete in 2023 and 2024: 15 / 10. B joined, C had six months.
    expect(pref.same_municipalities).toBe(1);
    expect(pref.persons_yoy_same_municipalities).toBe(1.5);
    expect(pref.contacts_yoy_same_municipalities).toBe(1.5);
    const east = find(out, 'region', '東部', 2024);
    expect(east.persons_yoy).toBe(9); // plain change left as computed (both years complete there)
    expect(east.persons_yoy_same_municipalities).toBe(1.5);
    expect(find(out, 'region', '中部', 2024).same_municipalities).toBe(0);
    expect(find(out, 'region', '中部', 2024).persons_yoy_same_municipalities).toBeNull();
    expect(find(out, 'municipality', 'A', 2024).persons_yoy_same_municipalities).toBeNull();
  });

  it('never sums a 秘匿 town: the same-town change is null when any of its towns is hidden', () => {
    const input = rows();
    (input[0] as Row).persons = null; // A 2023 hidden for this viewer
    const out = withRowCoverage(input, '2025-06-01');
    expect(find(out, 'prefecture', 'P', 2024).persons_yoy_same_municipalities).toBeNull();
    expect(find(out, 'prefecture', 'P', 2024).contacts_yoy_same_municipalities).toBe(1.5);
  });
});
