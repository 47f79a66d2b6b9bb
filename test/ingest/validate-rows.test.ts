import { describe, expect, it } from 'vitest';
import {
  CASES_HEADER,
  caseRow,
  HOKUEI,
  readCurated,
  tempData,
  upload,
  useTempData,
} from '../fixtures/extracts/helpers';

/** Row-level problems: each one tells the person which cell to fix, and how. */

const data = useTempData();

const VISITS_HEADER = [
  '市町村コード',
  '基準日',
  '自治会コード',
  '自治会名',
  '世帯数',
  '訪問済世帯数',
  '状況',
  '完了日',
];

describe('row errors', () => {
  it('gives every row error its Excel row, the header as written, the value, a code and a Japanese message', async () => {
    const rows = [
      ['北栄町 相談ケース'],
      [' 市町村 コード ', ...CASES_HEADER.slice(1)],
      caseRow({ 受付日: '2023/2/30' }),
      caseRow({ ケースID: 'C002', 相談経路: '宇宙人' }),
      caseRow({ ケースID: 'C003', 年齢階級: '' }),
      caseRow({ ケースID: 'ケース4' }),
      caseRow({ ケースID: 'C005', 世帯人員: '25' }),
      caseRow({ ケースID: 'C006', 課題: 'ひきこもり・謎の課題' }),
      caseRow({ ケースID: 'C007', 市町村コード: '313727' }),
      caseRow({ ケースID: 'C008', 受付日: 'H31.5.1' }),
    ];
    const report = await upload(data.stores, { rows, dataset: 'cases' });
    expect(report.status).toBe('rejected');
    expect(report.errors.map((e) => [e.row, e.column, e.value])).toEqual([
      [3, '受付日', '2023/2/30'],
      [4, '相談経路', '宇宙人'],
      [5, '年齢階級', ''],
      [6, 'ケースID', 'ケース4'],
      [7, '世帯人員', '25'],
      [8, '課題', 'ひきこもり・謎の課題'],
      // As written, minus the invisible outer spaces.
      [9, '市町村 コード', '313727'],
      [10, '受付日', 'H31.5.1'],
    ]);
    for (const error of report.errors) {
      expect(error.code).toMatch(/^[a-z_0-9]+$/);
      expect(error.message).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
    expect(report.errors[2]?.code).toBe('required_blank');
    expect(report.errors[7]?.message).toMatch(/R1\.5\.1|令和元年/);
  });

  it('refuses the prefecture code as a row’s town', async () => {
    const report = await upload(data.stores, {
      rows: [CASES_HEADER, caseRow({ 市町村コード: '310000' })],
      municipalityCode: '310000',
    });
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 2, column: '市町村コード', value: '310000' }),
    ]);
    expect(report.errors[0]?.code).toMatch(/^prefecture_code/);
  });
});

describe('ragged rows', () => {
  it('refuses values beyond the last header, but not blank extra cells', async () => {
    const rows = [CASES_HEADER, [...caseRow(), '', ''], [...caseRow({ ケースID: 'C002' }), '', 'ずれた値']];
    const report = await upload(data.stores, { rows });
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: 3,
        value: 'ずれた値',
        code: 'extra_cells',
        column: '（見出しなし・12列目）',
      }),
    ]);
  });

  it('treats missing trailing cells as blanks: fine when optional, an error when required', async () => {
    const short = caseRow().slice(0, 8); // 状態 and 終結日 absent
    const shorter = caseRow({ ケースID: 'C002' }).slice(0, 7); // 課題 absent too
    const report = await upload(data.stores, { rows: [CASES_HEADER, short, shorter] });
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 3, column: '課題', code: 'required_blank' }),
    ]);
  });
});

describe('row rules from the definition', () => {
  it('refuses 終結日 before 受付日 and warns (without blocking) about 終結 without 終結日', async () => {
    const bad = await upload(data.stores, {
      rows: [CASES_HEADER, caseRow({ 受付日: '2023/6/1', 状態: '終結', 終結日: '2023/5/1' })],
    });
    expect(bad.errors).toEqual([
      expect.objectContaining({ row: 2, column: '終結日', value: '2023/5/1', code: 'closed_before_opened' }),
    ]);

    const warned = await upload(data.stores, { rows: [CASES_HEADER, caseRow({ 状態: '終結' })] });
    expect(warned.status).toBe('accepted');
    expect(warned.warnings).toContainEqual(expect.objectContaining({ row: 2, code: 'closed_without_date' }));
  });

  it('refuses 受付日 after the end of the fiscal year', async () => {
    const report = await upload(data.stores, {
      rows: [CASES_HEADER, caseRow({ 年度: '2022', 受付日: '2023/4/1' })],
    });
    expect(report.errors.map((e) => e.code)).toEqual(['opened_after_fiscal_year']);
  });

  it('checks visits: 完了 needs 完了日, visited households cannot exceed households', async () => {
    const rows = [
      VISITS_HEADER,
      [HOKUEI, '2024/3/31', 'J01', '由良宿', '40', '40', '完了', ''],
      [HOKUEI, '2024/3/31', 'J02', '<b>大谷</b>', '30', '31', '実施中', ''],
    ];
    const report = await upload(data.stores, { rows, dataset: 'visits' });
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '完了日', 'completed_without_date'],
      [3, '訪問済世帯数', 'visited_exceeds_households'],
    ]);
  });
});

describe('normalised values', () => {
  it('stores 全角, 和暦, month-only dates and synonyms in their canonical form', async () => {
    const header = [
      '市町村コード',
      '年月',
      '新規相談者数',
      '延べ相談件数',
      '支援会議開催回数',
      '検討ケース数',
    ];
    const rows = [
      header,
      ['北栄町', '令和5年4月', '３', '１，２３４', '2回', '0'],
      ['31372', 'R6.3', '0', '5件', '1', '1'],
    ];
    const other = await tempData();
    try {
      const report = await upload(other.stores, { rows, dataset: 'activities' });
      expect(report.status, JSON.stringify(report.errors)).toBe('accepted');
      expect(report.fiscal_years).toEqual([2023]);
      const stored = (await readCurated(other.dir, 'activities')).sort(
        (a, b) => (a.month as Date).getTime() - (b.month as Date).getTime(),
      );
      expect(
        stored.map((r) => [r.municipality_code, r.month, r.new_persons, r.contacts, r.fiscal_year]),
      ).toEqual([
        [HOKUEI, new Date('2023-04-01T00:00:00Z'), 3, 1234, '2023'],
        [HOKUEI, new Date('2024-03-01T00:00:00Z'), 0, 5, '2023'],
      ]);
    } finally {
      await other.cleanup();
    }
  });

  it('summarises blank optional values in one warning per column instead of one per row', async () => {
    const rows = [CASES_HEADER, caseRow({ 世帯人員: '' }), caseRow({ ケースID: 'C2', 世帯人員: '　' })];
    const report = await upload(data.stores, { rows });
    expect(report.status).toBe('accepted');
    const blanks = report.warnings.filter((w) => w.code === 'optional_blank' && w.column === '世帯人員');
    expect(blanks).toHaveLength(1);
    expect(blanks[0]?.message).toContain('2行');
  });
});
