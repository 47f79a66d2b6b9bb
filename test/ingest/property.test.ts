import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/datasets';
import type { IngestReport } from '../../src/ingest/report';
import { csvBytes, readCurated, tempData, upload } from '../fixtures/extracts/helpers';
import { type Extract, extractArb } from '../fixtures/extracts/synthetic';

/**
 * Properties over generated extracts of every dataset: a valid file survives
 * decode → parse → normalise → Parquet → DuckDB read-back unchanged; a
 * corrupted one is either accepted whole or rejected with every bad row
 * listed and nothing stored; the ingest never crashes on either.
 */

const RUNS = 30;
/** Each run ingests for real (DuckDB, a data folder): give the suite room on a small machine. */
const TIMEOUT = 240_000;

/** Stored rows as plain values: DATE → 'YYYY-MM-DD', Hive keys typed back. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Date) out[k] = v.toISOString().slice(0, 10);
    else if (k === 'fiscal_year' && typeof v === 'string') out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}

const sorted = (rows: Record<string, unknown>[]) =>
  rows
    .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)))))
    .sort();

function send(
  stores: Parameters<typeof upload>[0],
  extract: Extract,
  grid = extract.grid,
): Promise<IngestReport> {
  return upload(stores, {
    bytes: csvBytes(grid, extract.encoding, extract.eol),
    dataset: extract.dataset,
    municipalityCode: extract.municipalityCode,
  });
}

const anyExtract = fc.constantFrom(...DATASETS).chain((d) => extractArb(d));

describe('ingest properties', () => {
  it(
    'stores any valid extract exactly as its canonical rows',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyExtract, async (extract) => {
          const data = await tempData();
          try {
            const report = await send(data.stores, extract);
            expect(report.errors, extract.grid.map((r) => r.join(',')).join('\n')).toEqual([]);
            expect(report.status).toBe('accepted');
            expect(report.rows).toBe(extract.expected.length);
            const stored = (await readCurated(data.dir, extract.dataset)).map(plain);
            expect(sorted(stored)).toEqual(sorted(extract.expected));
          } finally {
            await data.cleanup();
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  const BAD_VALUES = [
    '',
    '　',
    'abc',
    '？',
    '2023/2/30',
    '-1',
    '99999',
    'H31.5.1',
    '令和',
    'x'.repeat(45),
    '310000',
    '312029',
    '"',
    ',',
    '1\n2',
  ];
  const mutation = fc.record({
    row: fc.nat(),
    column: fc.nat(),
    value: fc.oneof(fc.constantFrom(...BAD_VALUES), fc.string({ maxLength: 6 })),
  });

  it(
    'accepts a corrupted extract whole, or rejects it listing every bad row and storing nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyExtract,
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          async (extract, mutations) => {
            const grid = extract.grid.map((cells) => [...cells]);
            const dataRows = extract.expected.length;
            for (const m of mutations) {
              const cells = grid[extract.firstDataRow + (m.row % dataRows)] as string[];
              cells[m.column % cells.length] = m.value;
            }
            const data = await tempData();
            try {
              const report = await send(data.stores, extract, grid);
              if (report.status === 'accepted') {
                expect(report.rows).toBe(dataRows);
                expect(await readCurated(data.dir, extract.dataset)).toHaveLength(dataRows);
                return;
              }
              expect(report.errors.length).toBeGreaterThan(0);
              expect(await data.stores.curated.list('curated/')).toEqual([]);
              // Every bad row listed: without the listed rows, the rest is a valid file.
              const listed = new Set(report.errors.map((e) => e.row));
              expect(listed.has(null)).toBe(false);
              const first = extract.firstDataRow;
              const kept = grid.slice(first, first + dataRows).filter((_, k) => !listed.has(first + k + 1));
              if (kept.length === 0) return; // every row was bad
              const rest = [...grid.slice(0, first), ...kept];
              const retry = await send(data.stores, extract, rest);
              expect(retry.errors).toEqual([]);
            } finally {
              await data.cleanup();
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
