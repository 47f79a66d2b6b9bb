import { rm } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AGE_BANDS, ISSUES, REFERRAL_ROUTES } from '../../src/datasets/vocabularies';
import { mulberry32 } from '../../src/demo/prng';
import { renderQuery, renderView } from '../../src/query/dialect';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { queryRows } from '../../src/query/duckdb-rows';
import { TOTTORI_REFERENCE } from '../../src/query/reference';
import { ROLLUPS } from '../../src/query/rollups';
import { querySql } from '../../src/query/sql-files';
import { INDICATOR_IDS, type Row } from '../../src/query/types';
import { acquireWarehouse, releaseWarehouse } from '../../src/query/warehouse-registry';
import { type FixtureRows, tempDataDir, writeCuratedParquet } from './parquet-fixture';
import { syntheticData } from './synthetic';

const HOKUEI = '313726';
const YONAGO = '312029';
const TOWNS = [HOKUEI, YONAGO, '312011', '313289', '314030', '313254'];

/**
 * n synthetic cases of one partition, including what the issue counts must
 * handle: a repeated issue (counted once), no issue at all, no household size.
 */
function casesOf(town: string, fy: number, n: number, seed: number): Record<string, unknown>[] {
  const rand = mulberry32(seed);
  const code = (terms: readonly { code: string }[]) =>
    (terms[Math.floor(rand() * terms.length)] as { code: string }).code;
  return Array.from({ length: n }, (_, i) => {
    const first = code(ISSUES);
    const second = code(ISSUES);
    const shape = rand();
    return {
      municipality_code: town,
      fiscal_year: fy,
      case_id: `R${seed}-${i}`,
      opened_on: `${rand() < 0.5 ? fy : fy - 1}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01`,
      referral_route: code(REFERRAL_ROUTES),
      age_band: code(AGE_BANDS),
      household_size: rand() < 0.2 ? null : 1 + Math.floor(rand() * 7),
      issues: shape < 0.15 ? [] : shape < 0.3 ? [first, first] : shape < 0.6 ? [first, second] : [first],
      status: 'supporting',
      closed_on: null,
      opened_on_precision: 'day',
    };
  });
}

/** Per rollup: rows only in the table, rows only in the view over the base tables, and the table's size. */
async function rollupDifferences(dataDir: string): Promise<Record<string, number[]>> {
  const warehouse = await acquireWarehouse(dataDir);
  const connection = await warehouse.instance.connect();
  try {
    const result: Record<string, number[]> = {};
    for (const { name } of ROLLUPS) {
      const view = `SELECT * FROM (\n${renderView(name)}\n) AS v`;
      const reader = await connection.runAndReadAll(
        `SELECT
           (SELECT COUNT(*) FROM (SELECT * FROM ${name} EXCEPT ALL ${view}) AS a),
           (SELECT COUNT(*) FROM (${view} EXCEPT ALL SELECT * FROM ${name}) AS b),
           (SELECT COUNT(*) FROM ${name})`,
      );
      result[name] = (reader.getRows()[0] ?? []).map(Number);
    }
    return result;
  } finally {
    connection.closeSync();
    await releaseWarehouse(dataDir);
  }
}

/** Every rollup equals its view, and holds something (so equality is not of two empty sets). */
async function expectRollupsInStep(dataDir: string): Promise<void> {
  const differences = await rollupDifferences(dataDir);
  for (const { name } of ROLLUPS) {
    const [onlyTable, onlyView, size] = differences[name] ?? [];
    expect({ name, onlyTable, onlyView }).toEqual({ name, onlyTable: 0, onlyView: 0 });
    expect(size).toBeGreaterThan(0);
  }
}

/** One partition's figures from the rollup tables: 実人数 and N of the 課題 table. */
async function partitionFigures(engine: DuckDbEngine, code: string, fy: number, version: string) {
  const consultations = await engine.run('consultations', [fy, fy, fy, fy], version);
  const issues = await engine.run('issues', [fy, fy], version);
  const town = (r: Row) => r.level === 'municipality' && r.municipality_code === code;
  return {
    persons: consultations.find(town)?.persons,
    cases: issues.find((r) => town(r) && r.dimension === 'total')?.count,
  };
}

describe('rollups in the DuckDB warehouse', () => {
  let dataDir: string | undefined;
  afterEach(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  it('equal their views after the build and after a partition is replaced, added and deleted', async () => {
    dataDir = await tempDataDir();
    const base: FixtureRows = {
      cases: TOWNS.flatMap((code, t) =>
        [2021, 2022, 2023].flatMap((fy) => casesOf(code, fy, 3 + t, fy * 10 + t)),
      ),
    };
    await writeCuratedParquet(dataDir, base);
    const engine = new DuckDbEngine({ dataDir });
    try {
      expect(await engine.sync(['cases'], 'v1')).toEqual([
        { checked: true, mode: 'full', reloadedPartitions: 18 },
      ]);
      await expectRollupsInStep(dataDir);
      expect(await partitionFigures(engine, HOKUEI, 2022, 'v1')).toEqual({ persons: 3, cases: 3 });

      // Replaced: 北栄町 FY2022 re-uploaded with 11 cases.
      await writeCuratedParquet(dataDir, { cases: casesOf(HOKUEI, 2022, 11, 99) });
      expect(await engine.sync(['cases'], 'v2')).toEqual([
        { checked: true, mode: 'partial', reloadedPartitions: 1 },
      ]);
      await expectRollupsInStep(dataDir);
      expect(await partitionFigures(engine, HOKUEI, 2022, 'v2')).toEqual({ persons: 11, cases: 11 });

      // Added: 米子市 FY2024 for the first time.
      await writeCuratedParquet(dataDir, { cases: casesOf(YONAGO, 2024, 7, 98) });
      expect(await engine.sync(['cases'], 'v3')).toEqual([
        { checked: true, mode: 'partial', reloadedPartitions: 1 },
      ]);
      await expectRollupsInStep(dataDir);
      expect(await partitionFigures(engine, YONAGO, 2024, 'v3')).toEqual({ persons: 7, cases: 7 });

      // Deleted: 北栄町 FY2022 withdrawn; its figures go, the other partitions' stay.
      await rm(path.join(dataDir, 'curated', 'cases', `municipality_code=${HOKUEI}`, 'fiscal_year=2022'), {
        recursive: true,
      });
      expect(await engine.sync(['cases'], 'v4')).toEqual([
        { checked: true, mode: 'partial', reloadedPartitions: 1 },
      ]);
      await expectRollupsInStep(dataDir);
      expect(await partitionFigures(engine, HOKUEI, 2022, 'v4')).toEqual({
        persons: undefined,
        cases: undefined,
      });
      expect(await partitionFigures(engine, HOKUEI, 2023, 'v4')).toEqual({ persons: 3, cases: 3 });
    } finally {
      await engine.close();
    }
  });

  it('stay equal to their views through random re-uploads, additions and deletions (fast-check)', async () => {
    const step = fc.record({
      kind: fc.constantFrom('replace', 'add', 'delete'),
      town: fc.constantFrom(...TOWNS),
      fy: fc.constantFrom(2021, 2022, 2023, 2024),
      n: fc.integer({ min: 0, max: 30 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(step, { minLength: 1, maxLength: 4 }),
        async (seed, steps) => {
          const dir = await tempDataDir();
          const engine = new DuckDbEngine({ dataDir: dir });
          try {
            await writeCuratedParquet(dir, {
              cases: syntheticData({ seed, towns: TOWNS, maxCases: 15 }).cases,
            });
            await engine.sync(['cases'], 'v0');
            await expectRollupsInStep(dir);
            for (const [i, s] of steps.entries()) {
              const partition = path.join(
                dir,
                'curated',
                'cases',
                `municipality_code=${s.town}`,
                `fiscal_year=${s.fy}`,
              );
              if (s.kind === 'delete') await rm(partition, { recursive: true, force: true });
              else if (s.n > 0) await writeCuratedParquet(dir, { cases: casesOf(s.town, s.fy, s.n, s.seed) });
              await engine.sync(['cases'], `v${i + 1}`);
              await expectRollupsInStep(dir);
            }
          } finally {
            await engine.close();
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 8 },
    );
  }, 120_000);
});

describe('indicators read from the rollup tables equal the same SQL with the views inlined (random data)', () => {
  it('every indicator, every row, in order, for the whole range and one FY', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.subarray(TOWNS, { minLength: 1 }),
        fc.integer({ min: 0, max: 20 }),
        async (seed, towns, maxCases) => {
          const dir = await tempDataDir();
          const engine = new DuckDbEngine({ dataDir: dir });
          try {
            await writeCuratedParquet(dir, syntheticData({ seed, towns, maxCases }));
            for (const id of INDICATOR_IDS) {
              const inlined = renderQuery(querySql(id), { reference: TOTTORI_REFERENCE });
              for (const [from, to] of [
                [2000, 2100],
                [2022, 2022],
              ]) {
                const params = Array.from(inlined.match(/\?/g) ?? [], (_, i) =>
                  i % 2 === 0 ? from : to,
                ) as number[];
                const fromTables = await engine.run(id, params, `r${seed}`);
                const warehouse = await acquireWarehouse(dir);
                const connection = await warehouse.instance.connect();
                try {
                  expect(fromTables).toEqual(await queryRows(connection, inlined, params));
                } finally {
                  connection.closeSync();
                  await releaseWarehouse(dir);
                }
              }
            }
          } finally {
            await engine.close();
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);
});
