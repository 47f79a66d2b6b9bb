import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CsvRecord } from '../../src/csv/parse';
import { DATASETS } from '../../src/datasets';
import { RejectedFileError } from '../../src/ingest/errors';
import { columnForHeader, mapHeader } from '../../src/ingest/header';
import { AMBIGUOUS_HEADERS, rememberedHeaderAnswers } from '../../src/ingest/header-answers';
import {
  csvBytes,
  HOKUEI,
  readCurated,
  TOTTORI,
  tempData,
  upload,
  useTempData,
} from '../fixtures/extracts/helpers';

/**
 * Ask, don't guess (issue 13 item 5): a 相談件数 column is never read as
 * 延べ (or anything) by itself. The report asks which count it is; with the
 * answer the file ingests, and the answer is kept for the town.
 */

const MONTHS = ['2024-04', '2024-05'];
const activities = (header: string, values: readonly number[] = [31, 27]) => [
  ['市町村コード', '年月', '新規相談者数', header, '支援会議開催回数', '検討ケース数'],
  ...MONTHS.map((m, i) => [HOKUEI, m, '3', String(values[i]), '2', '4']),
];

const data = useTempData();

describe('an activities upload with a 相談件数 column', () => {
  it('gets a report asking which count it is, and nothing is stored', async () => {
    const { stores, cleanup } = await tempData();
    try {
      const report = await upload(stores, { rows: activities('相談件数'), dataset: 'activities' });
      expect(report.status).toBe('rejected');
      expect(report.errors.map((e) => [e.code, e.column])).toEqual([['ambiguous_header', '相談件数']]);
      const message = report.errors[0]?.message ?? '';
      for (const word of ['延べ', '新規', '実人数']) expect(message).toContain(word);
      // Asked, not also told that 延べ相談件数 is missing.
      expect(report.errors.some((e) => e.code === 'missing_column')).toBe(false);
      expect(await stores.curated.list('curated/')).toEqual([]);
      expect(await rememberedHeaderAnswers(stores, HOKUEI)).toEqual({});
    } finally {
      await cleanup();
    }
  });

  it('with the answer it ingests as that count, and the town’s next upload uses the same answer', async () => {
    const { stores, dir, cleanup } = await tempData();
    try {
      const answered = await upload(stores, {
        rows: activities('相談件数'),
        dataset: 'activities',
        headerAnswers: { 相談件数: 'contacts' },
      });
      expect(answered.status, JSON.stringify(answered.errors)).toBe('accepted');
      expect(answered.warnings.map((w) => [w.code, w.column])).toContainEqual([
        'header_answered',
        '相談件数',
      ]);
      const rows = await readCurated(dir, 'activities');
      expect(rows.map((r) => Number(r.contacts)).sort()).toEqual([27, 31]);
      expect(await rememberedHeaderAnswers(stores, HOKUEI)).toEqual({ 相談件数: 'contacts' });

      // Next month's file, no answer given: the town's answer applies, and the report says so.
      const next = await upload(stores, {
        rows: activities('相談件数', [40, 41]),
        dataset: 'activities',
        uploadedAt: new Date('2024-07-01T00:00:00Z'),
      });
      expect(next.status).toBe('accepted');
      expect(next.warnings.find((w) => w.code === 'header_answered')?.message).toContain('延べ相談件数');
      // Another town is asked: answers are per town.
      const other = await upload(stores, {
        rows: activities('相談件数').map((r, i) => (i === 0 ? r : [TOTTORI, ...r.slice(1)])),
        dataset: 'activities',
        municipalityCode: TOTTORI,
      });
      expect(other.errors.map((e) => e.code)).toEqual(['ambiguous_header']);
    } finally {
      await cleanup();
    }
  });

  it('answered 新規, it is 新規相談者数; answered 実人数, it is not taken (and 延べ is still required)', async () => {
    const { stores, cleanup } = await tempData();
    try {
      const header = ['市町村コード', '年月', '相談件数', '延べ相談件数', '支援会議開催回数', '検討ケース数'];
      const rows = [header, ...MONTHS.map((m) => [HOKUEI, m, '3', '30', '2', '4'])];
      const asNew = await upload(stores, {
        rows,
        dataset: 'activities',
        headerAnswers: { 相談件数: 'new_persons' },
      });
      expect(asNew.status, JSON.stringify(asNew.errors)).toBe('accepted');
      const asPersons = await upload(stores, {
        rows: activities('相談件数'),
        dataset: 'activities',
        headerAnswers: { 相談件数: 'persons' },
      });
      expect(asPersons.status).toBe('rejected');
      expect(asPersons.errors.map((e) => [e.code, e.column])).toEqual([['missing_column', '延べ相談件数']]);
      // A rejected upload's answer is not kept.
      expect(await rememberedHeaderAnswers(stores, HOKUEI)).toEqual({ 相談件数: 'new_persons' });
    } finally {
      await cleanup();
    }
  });
});

describe('no ambiguous header is ever mapped by itself (fast-check)', () => {
  // How people decorate a header: spaces (全角 too), 全角 letters, ※ and (必須) marks.
  const decorated = fc
    .tuple(
      fc.constantFrom(...AMBIGUOUS_HEADERS),
      fc.constantFrom('', ' ', '　', '※'),
      fc.constantFrom('', ' ', '（必須）', '(必須)', '　'),
    )
    .map(([h, before, after]) => `${before}${h}${after}`);

  it('whatever the dataset and the other columns, the header maps to no column without an answer', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DATASETS),
        decorated,
        fc.integer({ min: 0, max: 1_000 }),
        (dataset, header, seed) => {
          expect(columnForHeader(dataset, header)).toBeUndefined();
          // The dataset's own headers in some order, the ambiguous one among them.
          const others = dataset.columns.map((c) => c.header).filter((_, i) => (seed >> i) % 3 !== 0);
          const cells = [...others];
          cells.splice(seed % (cells.length + 1), 0, header);
          const record: CsvRecord = { row: 1, cells };
          try {
            const map = mapHeader(dataset, [record]);
            expect(map.columns.some((c) => c.header === header.trim())).toBe(false);
            expect(map.answered).toEqual({});
          } catch (error) {
            if (!(error instanceof RejectedFileError)) throw error;
            // Refused: where it could be a column it is asked about, never silently taken.
            for (const e of error.errors)
              if (e.column === header.trim()) expect(e.code).toBe('ambiguous_header');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

const run = promisify(execFile);

describe('npm run ingest --header', () => {
  it('asks without the flag (exit 1) and takes the file with --header 相談件数=延べ (exit 0)', async () => {
    const file = path.join(data.dir, 'activities-soudan.csv');
    await writeFile(file, csvBytes(activities('相談件数'), 'cp932'));
    const cli = async (args: string[]) =>
      run(
        'npx',
        ['tsx', 'src/cli/ingest.ts', '--data-dir', data.dir, '--dataset', 'activities', ...args, file],
        {
          env: { ...process.env, RAW_BUCKET: '', CURATED_BUCKET: '' },
        },
      ).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
    const asked = await cli([]);
    expect(asked.code).toBe(1);
    expect(asked.stdout).toContain('相談件数');
    expect(asked.stdout).toContain('延べ・新規・実人数');
    const answered = await cli(['--header', '相談件数=延べ', '--json']);
    expect(answered.code).toBe(0);
    expect(JSON.parse(answered.stdout)[0].municipality_code).toBe(HOKUEI);
    const wrong = await cli(['--header', '相談件数=たくさん']);
    expect(wrong.code).toBe(2);
  }, 120_000);
});
