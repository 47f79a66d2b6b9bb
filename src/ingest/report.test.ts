import { describe, expect, it } from 'vitest';
import {
  boundReport,
  CUT_MARK,
  describeProblem,
  excerpt,
  type IngestReport,
  MAX_LISTED_ERRORS,
  ProblemList,
  summariseJa,
} from './report';

const base: IngestReport = {
  upload_id: '20240603T010000000Z-abcdefabcdef',
  file: '相談ケース.csv',
  dataset: 'cases',
  municipality_code: '313726',
  encoding: 'cp932',
  status: 'accepted',
  rows: 1234,
  errors: [],
  errors_total: 0,
  warnings: [],
  warnings_total: 0,
  uploaded_at: '2024-06-03T01:00:00.000Z',
  processed_at: '2024-06-03T01:00:01.000Z',
  uploader: 'staff',
  sha256: 'ab'.repeat(32),
  raw_key: 'raw/cases/313726/x.csv',
  partitions: [
    { key: 'k', partition: 'municipality_code=313726/fiscal_year=2023', rows: 1234, action: 'written' },
  ],
  partition_keys: ['k'],
  fiscal_years: [2023],
  as_of_dates: [],
};

describe('summariseJa', () => {
  it('says what was taken in, from which encoding, for which years', () => {
    const text = summariseJa(base);
    expect(text).toContain('相談ケース.csv（相談ケース、Shift_JIS（CP932））');
    expect(text).toContain('1,234行を取り込みました');
    expect(text).toContain('2023年度');
  });

  it('says a rejected file changed nothing, shows the first error and how many were left off', () => {
    const error = {
      row: 5,
      column: '受付日',
      value: '2023/2/30',
      code: 'invalid_date',
      message: '日付として読めません。',
    };
    const text = summariseJa({
      ...base,
      status: 'rejected',
      partitions: [],
      errors: [error],
      errors_total: 3,
    });
    expect(text).toContain('取り込みませんでした（エラー3件）');
    expect(text).toContain('5行目「受付日」（値: 2023/2/30）: 日付として読めません。');
    expect(text).toContain('残り2件');
  });
});

describe('describeProblem', () => {
  it('leaves out what a file-level problem does not have', () => {
    expect(describeProblem({ row: null, column: null, value: null, code: 'x', message: '空です。' })).toBe(
      '空です。',
    );
  });
});

describe('ProblemList', () => {
  it('keeps the first items up to its limit and counts them all', () => {
    const list = new ProblemList(2);
    for (let i = 0; i < 5; i++) list.add({ row: i, column: null, value: null, code: 'c', message: 'm' });
    expect(list.items.map((p) => p.row)).toEqual([0, 1]);
    expect(list.total).toBe(5);
  });
});

describe('bounded reports', () => {
  it('quotes a long value as its first 100 characters, marked as cut, never splitting a pair', () => {
    expect(excerpt('短い値')).toBe('短い値');
    expect(excerpt('あ'.repeat(150))).toBe(`${'あ'.repeat(100)}${CUT_MARK}`);
    expect(excerpt(`${'a'.repeat(99)}😀tail`)).toBe(`${'a'.repeat(99)}${CUT_MARK}`);
  });

  it('cuts values, headers and messages as problems are listed, and lists the first ones only', () => {
    const list = new ProblemList(2);
    const huge = 'X'.repeat(1_000_000);
    for (let i = 0; i < 3; i++)
      list.add({
        row: i + 2,
        column: huge,
        value: huge,
        code: 'c',
        message: `「${huge}」は選択肢にありません。`,
      });
    expect(list.total).toBe(3);
    expect(list.items).toHaveLength(2);
    expect(JSON.stringify(list.items).length).toBeLessThan(2000);
  });

  it('bounds a report saved before values were cut', () => {
    const value = 'Y'.repeat(30_000_000);
    const errors = Array.from({ length: MAX_LISTED_ERRORS + 5 }, () => ({
      row: 2,
      column: '受付日',
      value,
      code: 'c',
      message: 'm',
    }));
    const bounded = boundReport({ ...base, status: 'rejected', errors, errors_total: errors.length });
    expect(bounded.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(bounded.errors_total).toBe(MAX_LISTED_ERRORS + 5);
    expect(bounded.errors[0]?.value).toBe(`${'Y'.repeat(100)}${CUT_MARK}`);
  });
});
