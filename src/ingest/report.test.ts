import { describe, expect, it } from 'vitest';
import { describeProblem, type IngestReport, ProblemList, summariseJa } from './report';

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
