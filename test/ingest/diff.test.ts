import { describe, expect, it } from 'vitest';
import { summariseJa } from '../../src/ingest/report';
import {
  CASES_HEADER,
  caseRow,
  HOKUEI,
  UPLOADED_AT,
  upload,
  useTempData,
} from '../fixtures/extracts/helpers';

/** A re-upload says what it changed: rows by key, and the figures a town reads, before and after. */

const data = useTempData();

const later = (minutes: number) => new Date(UPLOADED_AT.getTime() + minutes * 60_000);

describe('upload diff', () => {
  it('records rows added, removed and changed by key, and the figures before and after', async () => {
    const first = await upload(data.stores, {
      rows: [
        CASES_HEADER,
        caseRow({ ケースID: 'A' }),
        caseRow({ ケースID: 'B' }),
        caseRow({ ケースID: 'C' }),
      ],
    });
    expect(first.status).toBe('accepted');
    expect(first.diff?.partitions).toEqual([
      expect.objectContaining({
        partition: `municipality_code=${HOKUEI}/fiscal_year=2023`,
        previous_upload_id: null,
        added: 3,
        removed: 0,
        changed: 0,
      }),
    ]);
    expect(first.diff?.partitions[0]?.figures[0]).toEqual({
      id: 'persons',
      label: '相談実人数',
      before: null,
      after: 3,
    });

    const second = await upload(data.stores, {
      uploadedAt: later(5),
      rows: [
        CASES_HEADER,
        caseRow({ ケースID: 'A' }),
        caseRow({ ケースID: 'B', 状態: '終結', 終結日: '2023/9/1' }),
        caseRow({ ケースID: 'D' }),
        caseRow({ ケースID: 'E' }),
      ],
    });
    const [partition] = second.diff?.partitions ?? [];
    expect(partition).toMatchObject({
      previous_upload_id: first.upload_id,
      previous_uploaded_at: first.uploaded_at,
      added: 2,
      removed: 1,
      changed: 1,
    });
    expect(partition?.figures).toContainEqual({ id: 'persons', label: '相談実人数', before: 3, after: 4 });
    expect(partition?.figures).toContainEqual({ id: 'closed', label: '終結', before: 0, after: 1 });
    expect(summariseJa(second)).toContain('前回の提出から 相談実人数 3→4');
    expect(summariseJa(second)).toMatch(/2件追加・1件削除・1件変更/);
  });

  it('records nothing for a file already ingested (nothing replaced)', async () => {
    const rows = [CASES_HEADER, caseRow({ ケースID: 'Z', 年度: '2022', 受付日: '2022/5/1' })];
    await upload(data.stores, { rows, uploadedAt: later(10) });
    const again = await upload(data.stores, { rows, uploadedAt: later(11) });
    expect(again.partitions.map((p) => p.action)).toEqual(['unchanged']);
    expect(again.diff).toBeUndefined();
  });

  it('sums monthly figures for activities', async () => {
    const header = [
      '市町村コード',
      '年月',
      '新規相談者数',
      '延べ相談件数',
      '支援会議開催回数',
      '検討ケース数',
    ];
    await upload(data.stores, {
      rows: [header, [HOKUEI, '2023/4', '3', '40', '1', '2']],
      dataset: 'activities',
      uploadedAt: later(20),
    });
    const second = await upload(data.stores, {
      rows: [header, [HOKUEI, '2023/4', '3', '41', '1', '2'], [HOKUEI, '2023/5', '2', '30', '2', '3']],
      dataset: 'activities',
      uploadedAt: later(21),
    });
    const [partition] = second.diff?.partitions ?? [];
    expect(partition).toMatchObject({ added: 1, removed: 0, changed: 1 });
    expect(partition?.figures).toContainEqual({
      id: 'contacts',
      label: '延べ相談件数',
      before: 40,
      after: 71,
    });
  });
});
