import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IngestReport } from '../../src/ingest/report';
import { CASES_HEADER, caseRow, upload, useTempData } from '../fixtures/extracts/helpers';

/**
 * Every problem in the first report: a person fixing a file must not find
 * new errors on the second try. Checks that could not run on a row (a cell
 * they need did not read) are named, with the reason.
 */

const data = useTempData();

const errorsOf = (report: IngestReport) => report.errors.map((e) => [e.row, e.code]);

describe('one round', () => {
  it('lists type, rule, range and duplicate-key errors together, also on rows with a type error', async () => {
    const rows = [
      CASES_HEADER,
      // 2: a type error (unknown vocabulary) and its case ID reused below.
      caseRow({ ケースID: 'A1', 相談経路: '宇宙人' }),
      // 3: closed before opened, on a row whose age band does not read.
      caseRow({ ケースID: 'A2', 年齢階級: '百歳代', 受付日: '2023/6/1', 終結日: '2023/5/1', 状態: '終結' }),
      // 4: opened after the fiscal year.
      caseRow({ ケースID: 'A3', 受付日: '2024/5/1' }),
      // 5: duplicate of row 2's ID.
      caseRow({ ケースID: 'A1' }),
      // 6: a rule error and a duplicate on the same row.
      caseRow({ ケースID: 'A3', 受付日: '2023/6/1', 終結日: '2023/5/1', 状態: '終結' }),
      // 7: fiscal year out of range, with a bad household size.
      caseRow({ ケースID: 'A7', 年度: '2030', 受付日: '2030/5/1', 世帯人員: '99' }),
      // 8: the date does not read: the date rules cannot run here.
      caseRow({ ケースID: 'A8', 受付日: '2023/2/30', 終結日: '2023/5/1', 状態: '終結' }),
    ];
    const report = await upload(data.stores, { rows, dataset: 'cases' });
    expect(report.status).toBe('rejected');
    expect(errorsOf(report)).toEqual([
      [2, 'unknown_term'],
      [3, 'unknown_term'],
      [3, 'closed_before_opened'],
      [4, 'opened_after_fiscal_year'],
      [5, 'duplicate_key'],
      [6, 'closed_before_opened'],
      [6, 'duplicate_key'],
      [7, 'above_max'],
      [7, 'fiscal_year_out_of_range'],
      [8, 'invalid_date'],
    ]);
    expect(report.errors_total).toBe(10);
    // Row 8: which checks did not run, and why.
    const unchecked = report.unchecked ?? [];
    expect(unchecked.map((u) => u.row)).toEqual([8]);
    expect(unchecked[0]?.column).toBe('受付日');
    expect(unchecked[0]?.message).toMatch(/受付日.*確認できません/);
    expect(report.unchecked_total).toBe(1);
  });
});

describe('one round, capped only by the report size rule', () => {
  it('lists the first 1,000 errors and unchecked rows, counting them all', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => caseRow({ ケースID: `B${i}`, 受付日: '2023/2/30' }));
    const report = await upload(data.stores, { rows: [CASES_HEADER, ...rows] });
    expect(report.errors).toHaveLength(1000);
    expect(report.errors_total).toBe(1500);
    expect(report.unchecked).toHaveLength(1000);
    expect(report.unchecked_total).toBe(1500);
  });
});

type DatePlant = 'none' | 'closed_before_opened' | 'opened_after_fiscal_year' | 'fiscal_year_out_of_range';
interface Plant {
  date: DatePlant;
  /** 相談経路 not in the vocabulary. */
  vocabulary: boolean;
  /** 世帯人員 not a number. */
  type: boolean;
  /** Reuse an earlier row's ケースID (by offset back), when both are in one fiscal year. */
  duplicateOf: number | null;
}

const plantArb: fc.Arbitrary<Plant> = fc.record({
  date: fc.constantFrom<DatePlant>(
    'none',
    'none',
    'closed_before_opened',
    'opened_after_fiscal_year',
    'fiscal_year_out_of_range',
  ),
  vocabulary: fc.boolean(),
  type: fc.boolean(),
  duplicateOf: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
});

const DATE_CELLS: Record<DatePlant, Partial<Record<string, string>>> = {
  none: {},
  closed_before_opened: { 受付日: '2023/6/1', 終結日: '2023/5/1', 状態: '終結' },
  opened_after_fiscal_year: { 受付日: '2024/5/1' },
  fiscal_year_out_of_range: { 年度: '2030', 受付日: '2030/5/1' },
};

describe('one round, for any mix of planted problems', () => {
  it('lists every planted problem in the first report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(plantArb, { minLength: 1, maxLength: 30 }), async (plants) => {
        const ids = plants.map((_, i) => `C${i}`);
        const expected: [number, string][] = [];
        const rows = plants.map((plant, i) => {
          const row = i + 2;
          const earlier = plant.duplicateOf === null ? -1 : i - plant.duplicateOf;
          const sameYear = (j: number) =>
            (plants[j]?.date === 'fiscal_year_out_of_range') === (plant.date === 'fiscal_year_out_of_range');
          if (earlier >= 0 && sameYear(earlier)) {
            ids[i] = ids[earlier] as string;
            expected.push([row, 'duplicate_key']);
          }
          if (plant.vocabulary) expected.push([row, '相談経路']);
          if (plant.type) expected.push([row, '世帯人員']);
          if (plant.date !== 'none') expected.push([row, plant.date]);
          return caseRow({
            ケースID: ids[i] as string,
            ...DATE_CELLS[plant.date],
            ...(plant.vocabulary ? { 相談経路: '宇宙人' } : {}),
            ...(plant.type ? { 世帯人員: '二人' } : {}),
          });
        });
        const report = await upload(data.stores, { rows: [CASES_HEADER, ...rows] });
        const found = new Set(report.errors.flatMap((e) => [`${e.row}:${e.code}`, `${e.row}:${e.column}`]));
        const missing = expected.filter(([row, what]) => !found.has(`${row}:${what}`));
        expect(missing).toEqual([]);
        expect(report.status).toBe(expected.length > 0 ? 'rejected' : 'accepted');
        if (expected.length > 0) expect(report.errors_total).toBe(report.errors.length);
      }),
      { numRuns: 60 },
    );
  });
});
