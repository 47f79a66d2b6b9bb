import { describe, expect, it } from 'vitest';
import { getDataset } from '../datasets';
import { RejectedFileError } from './errors';
import { detectDataset, mapHeader } from './header';

const records = (...rows: string[][]) => rows.map((cells, i) => ({ row: i + 1, cells }));

const codesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof RejectedFileError) return error.errors.map((e) => e.code);
    throw error;
  }
  return [];
};

describe('detectDataset', () => {
  it('recognises each dataset from its template headers, below a title row', () => {
    const visits = records(
      ['自治会別 訪問状況'],
      ['市町村コード', '基準日', '自治会コード', '自治会名', '世帯数', '訪問済世帯数', '状況'],
    );
    expect(detectDataset(visits).name).toBe('visits');
    const population = records(['市町村コード', '基準日', '人口', '世帯数', '出典']);
    expect(detectDataset(population).name).toBe('population');
    const activities = records(['団体コード', '対象年月', '新規相談者数', '延べ相談件数']);
    expect(detectDataset(activities).name).toBe('activities');
  });

  it('refuses a sheet whose only known header is the municipality', () => {
    expect(codesOf(() => detectDataset(records(['市町村コード', '担当者メモ'])))).toEqual([
      'dataset_not_detected',
    ]);
  });
});

describe('mapHeader', () => {
  const cases = getDataset('cases');

  it('finds the header under title rows and reports its Excel row', () => {
    const map = mapHeader(
      cases,
      records(
        ['令和5年度'],
        ['北栄町'],
        ['市町村', '年度', 'ケースNo', '受付日', '経路', '年代', '課題（必須）'],
      ),
    );
    expect(map.headerRow).toBe(3);
    expect(map.columns.map((c) => c.column.name)).toEqual([
      'municipality_code',
      'fiscal_year',
      'case_id',
      'opened_on',
      'referral_route',
      'age_band',
      'issues',
    ]);
    expect(map.columns.at(-1)?.header).toBe('課題（必須）');
  });

  it('refuses two columns naming the same field', () => {
    const header = [
      '市町村コード',
      '団体コード',
      '年度',
      'ケースID',
      '受付日',
      '相談経路',
      '年齢階級',
      '課題',
    ];
    expect(codesOf(() => mapHeader(cases, records(header)))).toEqual(['duplicate_column']);
  });

  it('does not mistake the 相談内容 alias of 課題 for a free-text note', () => {
    const header = ['市町村コード', '年度', 'ケースID', '受付日', '相談経路', '年齢階級', '相談内容'];
    expect(mapHeader(cases, records(header)).columns.at(-1)?.column.name).toBe('issues');
  });

  it('hints at the dataset a file seems to be when required columns are missing', () => {
    const header = [
      '市町村コード',
      '年月',
      '新規相談者数',
      '延べ相談件数',
      '支援会議開催回数',
      '検討ケース数',
    ];
    try {
      mapHeader(cases, records(header));
      expect.unreachable();
    } catch (error) {
      expect((error as RejectedFileError).errors[0]?.message).toContain('月次活動実績');
    }
  });
});
