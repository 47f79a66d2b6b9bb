import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASETS, getDataset } from '../../src/datasets';
import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import { validateInBulk } from '../../src/ingest/bulk/bulk-validate';
import { openCsv } from '../../src/ingest/csv-source';
import { mapHeader } from '../../src/ingest/header';
import type { IngestReport } from '../../src/ingest/report';
import {
  csvBytes,
  curatedSchema,
  readCurated,
  tempData,
  UPLOADED_AT,
  upload,
} from '../fixtures/extracts/helpers';
import { type Extract, extractArb } from '../fixtures/extracts/synthetic';

/**
 * The bulk check (src/ingest/bulk/) must give exactly what the row path
 * gives: the same report — status, row count, every error and warning with
 * its row, the partitions — and the same stored rows. Each file here is
 * ingested twice, once with the bulk check allowed for any size and once
 * row by row only, and the two outcomes compared.
 */

const RUNS = 25;
const TIMEOUT = 300_000;
/**
 * How much the bulk check's sample reads: nothing (every spelling goes to the
 * JS functions DuckDB calls), a little (some spellings each way), or the
 * default (small files are read whole).
 */
const sampleSize = fc.constantFrom<number | undefined>(0, 64, undefined);
const bulkAlways = (sampleBytes?: number) => ({ bulk: { minBytes: 0, sampleBytes } });
const ROWS_ONLY = { bulk: { minBytes: Number.POSITIVE_INFINITY } };

const anyExtract = fc.constantFrom(...DATASETS).chain((d) => extractArb(d, 30));

const sorted = (rows: Record<string, unknown>[]) =>
  rows
    .map((r) =>
      JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))), (_k, v) =>
        v instanceof Date ? v.toISOString() : v,
      ),
    )
    .sort();

/** Whether the bulk check itself takes the file, and how many spellings its sample missed. */
async function bulkCheck(
  extract: Extract,
  bytes: Uint8Array,
  sampleBytes?: number,
): Promise<{ taken: boolean; late: number }> {
  const csv = openCsv(bytes);
  if (!('head' in csv)) return { taken: false, late: 0 };
  const header = mapHeader(getDataset(extract.dataset), csv.head);
  const result = await validateInBulk(
    csv,
    header,
    { uploadMunicipality: extract.municipalityCode, uploadedAt: UPLOADED_AT },
    { uploadId: 'u', rawKey: 'raw/x.csv', sha256: 'x', uploadedAt: UPLOADED_AT.toISOString() },
    { minBytes: 0, sampleBytes },
  );
  await result?.dispose();
  return { taken: result !== undefined, late: result?.lateSpellings ?? 0 };
}

async function bulkTakes(extract: Extract, bytes: Uint8Array, sampleBytes?: number): Promise<boolean> {
  return (await bulkCheck(extract, bytes, sampleBytes)).taken;
}

/** Ingests the same bytes both ways; expects identical reports and stored rows. */
async function bothWays(extract: Extract, bytes: Uint8Array, sampleBytes?: number): Promise<IngestReport> {
  const [bulk, rows] = await Promise.all([tempData(), tempData()]);
  try {
    const args = { bytes, dataset: extract.dataset, municipalityCode: extract.municipalityCode };
    const viaBulk = await upload(bulk.stores, { ...args, options: bulkAlways(sampleBytes) });
    const viaRows = await upload(rows.stores, { ...args, options: ROWS_ONLY });
    expect(viaBulk).toEqual(viaRows);
    if (viaRows.status === 'accepted') {
      expect(sorted(await readCurated(bulk.dir, extract.dataset))).toEqual(
        sorted(await readCurated(rows.dir, extract.dataset)),
      );
      // Vocabulary columns are built as ENUMs in bulk: the files must still hold plain strings.
      expect(await curatedSchema(bulk.dir, extract.dataset)).toEqual(
        await curatedSchema(rows.dir, extract.dataset),
      );
    } else expect(await bulk.stores.curated.list('curated/')).toEqual([]);
    return viaRows;
  } finally {
    await Promise.all([bulk.cleanup(), rows.cleanup()]);
  }
}

/** Cells and lines the two paths could read differently if the bulk check were careless. */
const ODDITIES = [
  '　',
  ' ',
  '',
  '"',
  '" x',
  'x "',
  '1\n2',
  '０１',
  '2023/2/30',
  '310000',
  'R5.4.1',
  'ひきこもり,独居',
  '=1+1',
  'x'.repeat(40),
];

describe('bulk check and row path agree', () => {
  it(
    'on valid extracts, which the bulk check takes',
    async () => {
      let taken = 0;
      await fc.assert(
        fc.asyncProperty(anyExtract, sampleSize, async (extract, sample) => {
          const bytes = csvBytes(extract.grid, extract.encoding, extract.eol);
          if (await bulkTakes(extract, bytes, sample)) taken++;
          const report = await bothWays(extract, bytes, sample);
          expect(report.status).toBe('accepted');
        }),
        { numRuns: RUNS },
      );
      // It may leave a file to the row path (DuckDB refuses a bare LF inside
      // quotes in a CRLF file), but most valid files must go in bulk, or
      // this test would compare the row path with itself.
      expect(taken).toBeGreaterThanOrEqual(RUNS / 2);
    },
    TIMEOUT,
  );

  it(
    'on corrupted and oddly written extracts, accepted or rejected',
    async () => {
      const change = fc.record({
        row: fc.nat(),
        column: fc.nat(),
        value: fc.oneof(fc.constantFrom(...ODDITIES), fc.string({ maxLength: 5 })),
      });
      const lineChange = fc.constantFrom('blank row', 'short row', 'long row', 'empty line', 'none');
      await fc.assert(
        fc.asyncProperty(
          anyExtract,
          fc.array(change, { maxLength: 3 }),
          lineChange,
          fc.nat(),
          sampleSize,
          async (extract, changes, line, at, sample) => {
            const grid = extract.grid.map((cells) => [...cells]);
            const dataRows = extract.expected.length;
            for (const c of changes) {
              const cells = grid[extract.firstDataRow + (c.row % dataRows)] as string[];
              cells[c.column % cells.length] = c.value;
            }
            const where = extract.firstDataRow + (at % dataRows);
            const width = (grid[where] as string[]).length;
            if (line === 'blank row') grid.splice(where, 0, Array(width).fill(''));
            if (line === 'short row') grid[where] = (grid[where] as string[]).slice(0, width - 1);
            if (line === 'long row') grid[where] = [...(grid[where] as string[]), 'extra'];
            if (line === 'empty line') grid.splice(where, 0, ['']);
            await bothWays(extract, csvBytes(grid, extract.encoding, extract.eol), sample);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it('lists rule warnings with their Excel rows, and counts the rest', async () => {
    // Every third case 終結 without 終結日: more warnings than the report lists.
    const header = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
    const lines = [header];
    for (let i = 0; i < 3600; i++)
      lines.push(
        `313726,R5,C${i},R5.${(i % 9) + 4}.1,本人,40代,,独居・生活困窮,${i % 3 === 0 ? '終結' : '支援中'},`,
      );
    const bytes = new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
    const extract = { dataset: 'cases', municipalityCode: '313726' } as Extract;
    // A small file is sampled whole: DuckDB never needs to hand JS a spelling.
    expect(await bulkCheck(extract, bytes)).toEqual({ taken: true, late: 0 });
    // With no sample, every spelling (9 dates, 3 statuses, …) is read while writing.
    expect((await bulkCheck(extract, bytes, 0)).late).toBeGreaterThanOrEqual(9 + 2);
    const report = await bothWays(extract, bytes);
    expect(report.status).toBe('accepted');
    // + 世帯人員 blank (one warning, with the count); a blank 終結日 on an open case is no warning.
    expect(report.warnings_total).toBe(1200 + 1);
    expect(report.warnings[0]).toMatchObject({ row: 2, code: 'closed_without_date' });
    expect(report.warnings).toHaveLength(1000);
  }, 60_000);

  it('leaves a file with a repeated key to the row path, which reports it', async () => {
    // No warnings, so nothing but the key count reads the rows: the repeat is last, far from the first.
    const header = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
    const lines = [header];
    for (let i = 0; i < 3000; i++) lines.push(`313726,R5,C${i},R5.6.1,本人,40代,2,独居,支援中,`);
    lines.push('313726,R5,C7,R5.7.1,本人,40代,2,独居,支援中,');
    const bytes = new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
    const extract = { dataset: 'cases', municipalityCode: '313726' } as Extract;
    expect(await bulkTakes(extract, bytes)).toBe(false);
    const report = await bothWays(extract, bytes);
    expect(report.status).toBe('rejected');
    expect(report.errors.map((e) => [e.row, e.value])).toContainEqual([3002, 'C7']);
  }, 60_000);

  it('writes one object per partition even with more partitions than DuckDB keeps open', async () => {
    // A prefecture-wide 実施状況 file: 19 towns × 7 fiscal years = 133 partitions.
    const lines = ['市町村コード,年度,実施状況,包括的相談支援事業'];
    for (const m of MUNICIPALITIES)
      for (let fy = 2019; fy <= 2025; fy++) lines.push(`${m.code},${fy},実施,○`);
    const bytes = new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
    const extract = { dataset: 'implementation', municipalityCode: '310000' } as Extract;
    expect(await bulkTakes(extract, bytes)).toBe(true);
    const report = await bothWays(extract, bytes);
    expect(report.status).toBe('accepted');
    expect(report.partitions).toHaveLength(133);
  }, 60_000);
});
