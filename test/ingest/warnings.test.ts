import { describe, expect, it } from 'vitest';
import { CASES_HEADER, caseRow, HOKUEI, upload, useTempData } from '../fixtures/extracts/helpers';

/**
 * A warning is worth reading only if it can be acted on: a blank that the
 * row's own values explain (an open case has no 終結日) says nothing.
 */

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
  '気になる世帯数',
  '支援につないだ件数',
];
const visitRow = (id: string, visited: string, status: string, done: string, concern: string) => [
  HOKUEI,
  '2024/5/31',
  id,
  `自治会${id}`,
  '40',
  visited,
  status,
  done,
  concern,
  concern,
];

describe('blank warnings', () => {
  it('says nothing of open cases without 終結日, and asks for it only where the status is 終結', async () => {
    const rows = [
      CASES_HEADER,
      caseRow({ ケースID: 'C1', 状態: '支援中' }),
      caseRow({ ケースID: 'C2', 状態: '支援中' }),
      caseRow({ ケースID: 'C3', 状態: '終結', 終結日: '' }),
      caseRow({ ケースID: 'C4', 状態: '終結', 終結日: '2023/9/1' }),
    ];
    const report = await upload(data.stores, { rows });
    expect(report.status).toBe('accepted');
    expect(report.warnings.map((w) => [w.row, w.code])).toEqual([[4, 'closed_without_date']]);
  });

  it('counts blank visit findings only on rows with visits, and never a blank 完了日 before completion', async () => {
    const rows = [
      VISITS_HEADER,
      visitRow('J1', '0', '未着手', '', ''),
      visitRow('J2', '10', '実施中', '', ''),
      visitRow('J3', '12', '実施中', '', '2'),
    ];
    const report = await upload(data.stores, { rows, dataset: 'visits' });
    expect(report.status).toBe('accepted');
    expect(report.warnings.map((w) => [w.column, w.code])).toEqual([
      ['気になる世帯数', 'optional_blank'],
      ['支援につないだ件数', 'optional_blank'],
    ]);
    expect(report.warnings[0]?.message).toMatch(/訪問済世帯数が1以上.*1行/);
  });
});
