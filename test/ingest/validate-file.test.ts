import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestRawObject } from '../../src/ingest/ingest';
import { rawKeyFor } from '../../src/ingest/layout';
import { readDataVersion } from '../../src/storage/data-version';
import {
  CASES_HEADER,
  caseRow,
  csvBytes,
  HOKUEI,
  OPTIONS,
  prefecture,
  readCurated,
  staffOf,
  type TempData,
  TOTTORI,
  tempData,
  UPLOADED_AT,
  upload,
  YONAGO,
} from '../fixtures/extracts/helpers';

/** File-level outcomes of an upload: what makes a whole file rejected, and what a rejection leaves behind. */

let data: TempData;
beforeEach(async () => {
  data = await tempData();
});
afterEach(async () => {
  await data.cleanup();
});

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('accepted files', () => {
  it('reads a Shift_JIS sheet with a title row, 和暦, 全角 digits, names for towns and trailing blank rows', async () => {
    // Prepare
    const rows = [
      ['令和5年度 相談ケース一覧（北栄町）'],
      CASES_HEADER,
      caseRow({
        市町村コード: '北栄町',
        年度: '令和5年度',
        ケースID: 'Ａ００１',
        受付日: 'R5.4.3',
        世帯人員: '２',
      }),
      caseRow({
        市町村コード: '31372',
        年度: 'R5',
        ケースID: 'A002',
        受付日: '令和5年5月',
        課題: 'うつ・生活苦',
      }),
      caseRow({ ケースID: 'A003', 受付日: '45017', 状態: '終結', 終結日: '令和5年6月1日' }),
      ['', '', '', '', '', '', '', '', '', ''],
      [],
    ];
    // Act
    const report = await upload(data.stores, { rows, encoding: 'cp932', dataset: 'cases' });
    // Assess
    expect(report.status, JSON.stringify(report.errors)).toBe('accepted');
    expect(report.encoding).toBe('cp932');
    expect(report.rows).toBe(3);
    expect(report.fiscal_years).toEqual([2023]);
    const stored = await readCurated(data.dir, 'cases');
    const byId = Object.fromEntries(stored.map((r) => [r.case_id, r]));
    expect(Object.keys(byId).sort()).toEqual(['A001', 'A002', 'A003']);
    expect(byId.A001?.household_size).toBe(2);
    expect(byId.A002?.opened_on_precision).toBe('month');
    expect(byId.A002?.issues).toEqual(['poverty', 'mental_health']);
    expect(byId.A003?.closed_on).toEqual(new Date('2023-06-01T00:00:00Z'));
  });

  it('accepts the header variants 団体コード and 市町村, and detects the dataset when none is given', async () => {
    const header = ['団体コード', ...CASES_HEADER.slice(1)];
    const report = await upload(data.stores, { rows: [header, caseRow()] });
    expect(report.status, JSON.stringify(report.errors)).toBe('accepted');
    expect(report.dataset).toBe('cases');

    const other = await tempData();
    try {
      const alt = ['市町村', ...CASES_HEADER.slice(1)];
      const second = await upload(other.stores, { rows: [alt, caseRow({ 市町村コード: '北栄町' })] });
      expect(second.status).toBe('accepted');
    } finally {
      await other.cleanup();
    }
  });

  it('warns about an unknown extra column and still accepts the file', async () => {
    const report = await upload(data.stores, {
      rows: [
        [...CASES_HEADER, '担当係'],
        [...caseRow(), '福祉係'],
      ],
      dataset: 'cases',
    });
    expect(report.status).toBe('accepted');
    expect(report.warnings).toContainEqual(
      expect.objectContaining({ code: 'unknown_column', column: '担当係' }),
    );
  });

  it('lets the prefecture upload rows for several towns at once, one partition per town', async () => {
    const rows = [
      CASES_HEADER,
      caseRow(),
      caseRow({ 市町村コード: YONAGO }),
      caseRow({ 市町村コード: TOTTORI }),
    ];
    const report = await upload(data.stores, { rows, municipalityCode: '310000' });
    expect(report.status).toBe('accepted');
    expect(report.partitions.map((p) => p.partition).sort()).toEqual(
      [
        `municipality_code=${TOTTORI}/fiscal_year=2023`,
        `municipality_code=${YONAGO}/fiscal_year=2023`,
        `municipality_code=${HOKUEI}/fiscal_year=2023`,
      ].sort(),
    );
  });
});

describe('file-level rejections', () => {
  it('refuses a personal-data column, naming it', async () => {
    const report = await upload(data.stores, {
      rows: [
        [...CASES_HEADER, '氏名'],
        [...caseRow(), '鳥取 花子'],
      ],
    });
    expect(report.status).toBe('rejected');
    expect(report.errors).toContainEqual(
      expect.objectContaining({ code: 'personal_column', column: '氏名' }),
    );
    expect(report.errors[0]?.message).toMatch(/個人情報/);
  });

  it('refuses 備考 on person-level data only', async () => {
    const cases = await upload(data.stores, {
      rows: [
        [...CASES_HEADER, '備考'],
        [...caseRow(), 'x'],
      ],
      dataset: 'cases',
    });
    expect(codes(cases.errors)).toContain('personal_column');
    const header = [
      '市町村コード',
      '年月',
      '新規相談者数',
      '延べ相談件数',
      '支援会議開催回数',
      '検討ケース数',
      '備考',
    ];
    const activities = await upload(data.stores, {
      rows: [header, [HOKUEI, '2023/4', '1', '10', '2', '3', 'メモ']],
      dataset: 'activities',
    });
    expect(activities.status, JSON.stringify(activities.errors)).toBe('accepted');
  });

  it('refuses a file missing a required column, naming the column', async () => {
    const header = CASES_HEADER.filter((h) => h !== '相談経路');
    const report = await upload(data.stores, {
      rows: [header, caseRow().filter((_, i) => i !== 4)],
      dataset: 'cases',
    });
    expect(report.status).toBe('rejected');
    expect(report.errors).toEqual([expect.objectContaining({ code: 'missing_column', column: '相談経路' })]);
  });

  it('refuses rows for a town other than the uploader’s, row by row', async () => {
    const rows = [CASES_HEADER, caseRow(), caseRow({ ケースID: 'C002', 市町村コード: '米子市' })];
    const report = await upload(data.stores, { rows });
    expect(report.status).toBe('rejected');
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: '市町村コード',
        value: '米子市',
        code: 'municipality_mismatch',
      }),
    ]);
  });

  it('refuses a file with a header but no data rows', async () => {
    const report = await upload(data.stores, { rows: [CASES_HEADER, ['', '', ''], []] });
    expect(report.status).toBe('rejected');
    expect(codes(report.errors)).toEqual(['no_data_rows']);
  });

  it('refuses an empty file', async () => {
    const report = await upload(data.stores, { bytes: new Uint8Array(), dataset: 'cases' });
    expect(codes(report.errors)).toEqual(['empty_file']);
  });

  it('refuses a file over the size limit without keeping it', async () => {
    const rows = [CASES_HEADER, ...Array.from({ length: 50 }, (_, i) => caseRow({ ケースID: `C${i}` }))];
    const report = await upload(data.stores, { rows, options: { maxUploadBytes: 1000 } });
    expect(report.status).toBe('rejected');
    expect(codes(report.errors)).toEqual(['file_too_large']);
    expect(report.raw_key).toBe('');
    expect((await filesUnder(data.dir)).filter((f) => !f.startsWith('reports'))).toEqual([]);
  });

  it('accepts FY2019 to the year after the upload and refuses years outside', async () => {
    const rows = [
      CASES_HEADER,
      caseRow({ ケースID: 'A', 年度: 'R1', 受付日: '2019/5/1' }),
      caseRow({ ケースID: 'B', 年度: '2025', 受付日: '2025/4/1' }),
      caseRow({ ケースID: 'C', 年度: 'H30', 受付日: '2018/4/1' }),
      caseRow({ ケースID: 'D', 年度: '2026', 受付日: '2026/4/1' }),
    ];
    const report = await upload(data.stores, { rows });
    expect(report.status).toBe('rejected');
    expect(report.errors.map((e) => [e.row, e.code, e.value])).toEqual([
      [4, 'fiscal_year_out_of_range', 'H30'],
      [5, 'fiscal_year_out_of_range', '2026'],
    ]);
  });

  it('refuses a case ID twice in one fiscal year, pointing at the first row; other years are fine', async () => {
    const rows = [
      CASES_HEADER,
      caseRow(),
      caseRow({ 年度: '2022', 受付日: '2022/5/1' }),
      caseRow({ 受付日: '2023/6/1' }),
    ];
    const report = await upload(data.stores, { rows });
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 4, column: 'ケースID', value: 'C001', code: 'duplicate_key' }),
    ]);
    expect(report.errors[0]?.message).toContain('2行目');
  });

  it('allows one row per town and year when a dataset has no unique key (実施状況)', async () => {
    const header = ['市町村コード', '年度', '実施状況'];
    const report = await upload(data.stores, {
      rows: [header, [HOKUEI, '2023', '実施'], [HOKUEI, 'R5', '検討中'], [YONAGO, '2023', '実施']],
      municipalityCode: '310000',
      dataset: 'implementation',
    });
    expect(report.errors).toEqual([expect.objectContaining({ row: 3, code: 'duplicate_key' })]);
  });

  it('refuses a file no dataset’s headers match, or one the caller cannot upload', async () => {
    const unknown = await upload(data.stores, {
      rows: [
        ['項目', '値'],
        ['a', '1'],
      ],
    });
    expect(codes(unknown.errors)).toEqual(['dataset_not_detected']);

    const header = ['市町村コード', '年度', '実施状況'];
    const byTown = await upload(data.stores, {
      rows: [header, [HOKUEI, '2023', '実施']],
      dataset: 'implementation',
    });
    expect(codes(byTown.errors)).toEqual(['upload_not_allowed']);
    expect(byTown.errors[0]?.message).toMatch(/県/);

    const forNeighbour = await upload(data.stores, {
      rows: [CASES_HEADER, caseRow({ 市町村コード: YONAGO })],
      municipalityCode: YONAGO,
      uploader: staffOf(HOKUEI),
    });
    expect(codes(forNeighbour.errors)).toEqual(['upload_not_allowed']);

    const team = await upload(data.stores, {
      rows: [CASES_HEADER, caseRow()],
      uploader: { role: 'promotion_team', login: 'team' },
    });
    expect(codes(team.errors)).toEqual(['upload_not_allowed']);
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS, and broken quoting with its row', async () => {
    const garbage = await upload(data.stores, {
      bytes: new Uint8Array([0x82, 0xff, 0xfe, 0x00, 0x81]),
      dataset: 'cases',
    });
    expect(garbage.status).toBe('rejected');
    expect(garbage.errors[0]?.code).toMatch(/undecodable|utf16/);

    // Only the first records are decoded up front: a bad pair far below them is still found, in both checks.
    const rows = [CASES_HEADER, ...Array.from({ length: 4000 }, (_, i) => caseRow({ ケースID: `C${i}` }))];
    const good = csvBytes(rows, 'cp932');
    const late = new Uint8Array([...good.subarray(0, good.length - 2), 0x85, 0x40, 0x0d, 0x0a]);
    expect(late.length).toBeGreaterThan(128 * 1024);
    for (const options of [OPTIONS, { ...OPTIONS, bulk: { minBytes: 0 } }]) {
      const lateGarbage = await upload(data.stores, { bytes: late, dataset: 'cases', options });
      expect(lateGarbage).toMatchObject({ status: 'rejected', encoding: null, rows: 0 });
      expect(lateGarbage.errors).toEqual([expect.objectContaining({ code: 'undecodable', row: null })]);
    }

    const text = `${CASES_HEADER.join(',')}\r\n${caseRow().join(',')}\r\n313726,2023,"C9,2023/4/1\r\n`;
    const quoting = await upload(data.stores, { bytes: new TextEncoder().encode(text), dataset: 'cases' });
    expect(quoting.errors).toEqual([expect.objectContaining({ code: 'csv_syntax', row: 3 })]);
  });
});

describe('what a rejection leaves behind', () => {
  it('changes nothing stored, but keeps the raw file and the report', async () => {
    const good = await upload(data.stores, { rows: [CASES_HEADER, caseRow()] });
    expect(good.status).toBe('accepted');
    const before = await readCurated(data.dir, 'cases');
    const version = await readDataVersion(data.stores);

    const bad = await upload(data.stores, {
      rows: [CASES_HEADER, caseRow({ ケースID: 'NEW1' }), caseRow({ ケースID: 'NEW2', 受付日: '2023/2/30' })],
      uploadedAt: new Date(UPLOADED_AT.getTime() + 60_000),
    });
    expect(bad.status).toBe('rejected');
    expect(bad.partitions).toEqual([]);
    expect(await readCurated(data.dir, 'cases')).toEqual(before);
    expect(await readDataVersion(data.stores)).toBe(version);
    expect(await data.stores.raw.get(bad.raw_key)).toBeDefined();
    const saved = await data.stores.curated.get(`reports/${bad.upload_id}.json`);
    expect(JSON.parse(new TextDecoder().decode(saved)).status).toBe('rejected');
  });

  it('lists the first 1,000 errors of a very bad file and counts the rest', async () => {
    const rows = [
      CASES_HEADER,
      ...Array.from({ length: 1500 }, (_, i) => caseRow({ ケースID: `C${i}`, 相談経路: '???' })),
    ];
    const report = await upload(data.stores, { rows });
    expect(report.errors).toHaveLength(1000);
    expect(report.errors_total).toBe(1500);
  });

  it('re-uploading the same file changes nothing and keeps the data version', async () => {
    const rows = [CASES_HEADER, caseRow()];
    await upload(data.stores, { rows });
    const version = await readDataVersion(data.stores);
    const again = await upload(data.stores, { rows, uploadedAt: new Date(UPLOADED_AT.getTime() + 1000) });
    expect(again.partitions.map((p) => p.action)).toEqual(['unchanged']);
    expect(await readDataVersion(data.stores)).toBe(version);
  });
});

describe('ingestRawObject (the S3 event path)', () => {
  it('takes dataset and town from the key and the uploader from the object metadata', async () => {
    const bytes = csvBytes([CASES_HEADER, caseRow()]);
    const key = rawKeyFor('cases', HOKUEI, UPLOADED_AT, 'ab'.repeat(32), '相談ケース.csv');
    await data.stores.raw.put(key, bytes, {
      metadata: {
        'uploader-login': 'pref-test',
        'uploader-role': 'prefecture',
        'uploaded-at': UPLOADED_AT.toISOString(),
      },
    });
    const report = await ingestRawObject(data.stores, key, OPTIONS);
    expect(report.status).toBe('accepted');
    expect(report.uploader).toBe(prefecture.login);
    expect(report.raw_key).toBe(key);
    expect(report.file).toBe('相談ケース.csv');
    expect(report.uploaded_at).toBe(UPLOADED_AT.toISOString());
  });

  it('treats a file without uploader metadata as its key’s own town', async () => {
    const header = ['市町村コード', '年度', '実施状況'];
    const key = `raw/implementation/${HOKUEI}/by-hand.csv`;
    await data.stores.raw.put(key, csvBytes([header, [HOKUEI, '2023', '実施']]));
    const report = await ingestRawObject(data.stores, key, OPTIONS);
    expect(codes(report.errors)).toEqual(['upload_not_allowed']);
  });

  it('throws (so Lambda retries) when the object is missing', async () => {
    await expect(ingestRawObject(data.stores, `raw/cases/${HOKUEI}/missing.csv`, OPTIONS)).rejects.toThrow();
  });
});
