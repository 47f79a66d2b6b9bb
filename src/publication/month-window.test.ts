import { describe, expect, it } from 'vitest';
import type { Row } from '../query/types';
import { windowEnd, windowLength, windowRows, yearEarlier } from './month-window';

const w = { fiscalYear: 2023, first: 202304, last: 202309 };
const yearRow = (code: string, region: string, population: number): Row => ({
  level: 'municipality',
  area_code: code,
  area_name: code,
  region,
  municipality_code: code,
  fiscal_year: 2023,
  month: null,
  persons: 99,
  population,
});
const counts = (code: string, persons: number, contacts: number, months: number): Row => ({
  municipality_code: code,
  fiscal_year: 2023,
  persons,
  new_persons: persons - 1,
  continuing_persons: 1,
  contacts,
  support_meetings: 1,
  juso_meetings: 0,
  meeting_cases: 0,
  months_reported: months,
});
const input = (entitledTo: (t: string) => boolean) => ({
  window: w,
  now: [counts('A', 21, 155, 6), counts('B', 4, 20, 6)],
  before: [counts('A', 14, 100, 6), counts('B', 2, 10, 3)],
  year: [
    yearRow('A', '中部', 10_000),
    yearRow('B', '中部', 5_000),
    { level: 'region', area_code: '中部', region: '中部', fiscal_year: 2023, month: null },
    { level: 'prefecture', area_code: '310000', region: null, fiscal_year: 2023, month: null },
  ] as Row[],
  months: [
    { level: 'month', area_code: 'A', municipality_code: 'A', month: '2023-09-01' },
    { level: 'month', area_code: 'A', municipality_code: 'A', month: '2023-10-01' },
  ] as Row[],
  entitledTo,
  today: '2024-06-01',
});
const find = (rows: Row[], level: string, code: string) =>
  rows.find((r) => r.level === level && r.area_code === code) as Row;

describe('month windows', () => {
  it('knows its length, its last day and the same months a year earlier', () => {
    expect(windowLength(w)).toBe(6);
    expect(windowLength({ fiscalYear: 2023, first: 202311, last: 202402 })).toBe(4);
    expect(windowEnd(w)).toBe('2023-09-30');
    expect(windowEnd({ fiscalYear: 2023, first: 202401, last: 202402 })).toBe('2024-02-29');
    expect(yearEarlier(w)).toEqual({ fiscalYear: 2022, first: 202204, last: 202209 });
  });

  it('gives an entitled viewer every town, pooled sums and 前年同期比 only between complete windows', () => {
    const rows = windowRows(input(() => true));
    const a = find(rows, 'municipality', 'A');
    expect([a.persons, a.contacts, a.months_reported, a.partial]).toEqual([21, 155, 6, false]);
    expect(a.persons_yoy).toBe(1.5);
    expect(a.persons_per_10k).toBe(21);
    // B's earlier window had three months of six: no comparison.
    expect(find(rows, 'municipality', 'B').persons_yoy).toBeNull();
    const region = find(rows, 'region', '中部');
    expect([region.persons, region.contacts, region.municipalities_reporting]).toEqual([25, 175, 2]);
    expect(region.persons_per_10k).toBe(16.67);
    expect(region.same_municipalities).toBe(1);
    expect(region.persons_yoy_same_municipalities).toBe(1.5);
    // Months outside the window are not listed.
    expect(rows.filter((r) => r.level === 'month').map((r) => r.month)).toEqual(['2023-09-01']);
  });

  it("withholds every other town's window and any pooled row that contains one", () => {
    const rows = windowRows(input((t) => t === 'A'));
    expect(find(rows, 'municipality', 'A').persons).toBe(21);
    const b = find(rows, 'municipality', 'B');
    expect([b.persons, b.contacts, b.persons_per_10k]).toEqual([null, null, null]);
    expect(b.suppressed).toContain('persons');
    const region = find(rows, 'region', '中部');
    expect([region.persons, region.contacts, region.persons_yoy_same_municipalities]).toEqual([
      null,
      null,
      null,
    ]);
    expect(find(rows, 'prefecture', '310000').persons).toBeNull();
  });

  it('marks a window still running as partial', () => {
    const rows = windowRows({ ...input(() => true), today: '2023-09-15' });
    expect(find(rows, 'municipality', 'A').partial).toBe(true);
    expect(find(rows, 'municipality', 'A').persons_yoy).toBeNull();
  });
});
