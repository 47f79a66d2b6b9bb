import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../src/query/athena-engine';
import { municipalitiesCte, prefectureCte, renderQuery, renderView } from '../../src/query/dialect';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { TOTTORI_REFERENCE } from '../../src/query/reference';
import { referenceTables } from '../../src/query/reference-tables';
import { ROLLUPS } from '../../src/query/rollups';
import { PART_QUERIES, querySql, sqlDir, VIEW_NAMES, viewSql } from '../../src/query/sql-files';
import { INDICATOR_IDS } from '../../src/query/types';
import { tempDataDir, writeCuratedParquet } from './parquet-fixture';
import { syntheticData } from './synthetic';

const trino = new TrinoSQL();
const queryFiles = readdirSync(sqlDir())
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''));
// Rendering only; this client never sends anything.
const athena = new AthenaEngine({ client: {} as never, workgroup: 'wg', database: 'db' });
const viewFiles = readdirSync(`${sqlDir()}/views`)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''));
const paramsOf = (sql: string): number[] =>
  Array.from(sql.match(/\?/g) ?? [], (_, i) => (i % 2 === 0 ? 2000 : 2100));

describe('SQL files', () => {
  it('are exactly the indicators, one file each, and the parts of one the service runs', () => {
    expect([...queryFiles].sort()).toEqual([...INDICATOR_IDS, ...PART_QUERIES].sort());
  });

  it('the Trino grammar check rejects DuckDB-only syntax (so passing it means something)', () => {
    expect(trino.validate('SELECT 1::INTEGER AS x').length).toBeGreaterThan(0);
    expect(trino.validate('SELECT a FROM t GROUP BY ALL').length).toBeGreaterThan(0);
  });

  for (const name of queryFiles) {
    it(`${name}: starts with a header saying what it computes, its grain, parameters and output`, () => {
      const text = athena.render(name, 'v1');
      for (const part of ['Grain:', 'Parameters', 'Output:']) expect(text).toContain(part);
    });

    it(`${name}: DuckDB runs the text Athena runs, with rollups and reference read as tables instead of inlined`, () => {
      const duck = new DuckDbEngine({ dataDir: '/nonexistent' }).render(name);
      const sent = athena.render(name, 'v1');
      // Same file text after the WITH list, so one query, not two copies.
      const body = querySql(name)
        .replace(/^(\s*--[^\n]*\n)*/, '')
        .replace(/^\s*WITH\b/i, '')
        .trimStart();
      expect(body.length).toBeGreaterThan(100);
      expect(duck.endsWith(body)).toBe(true);
      expect(sent.endsWith(body)).toBe(true);
      // The only differences: the rollups and the reference Athena defines inline, DuckDB reads as tables.
      const tables = referenceTables(TOTTORI_REFERENCE);
      let withoutRollups = sent
        .replace(
          `municipalities AS (\n${municipalitiesCte(TOTTORI_REFERENCE)}\n)`,
          `municipalities AS (\nSELECT * FROM ${tables.municipalities}\n)`,
        )
        .replace(
          `prefecture AS (\n${prefectureCte(TOTTORI_REFERENCE)}\n)`,
          `prefecture AS (\nSELECT * FROM ${tables.prefecture}\n)`,
        );
      for (const { name: rollup } of ROLLUPS) {
        const inline = viewSql(rollup)
          .replace(/^(\s*--[^\n]*\n)*/, '')
          .trim();
        withoutRollups = withoutRollups.replace(`${rollup} AS (\n${inline}\n),\n`, '');
      }
      expect(withoutRollups).toBe(`/* data_version=v1 */\n${duck}`);
      expect(sent).toBe(
        `/* data_version=v1 */\n${renderQuery(querySql(name), { reference: TOTTORI_REFERENCE })}`,
      );
    });

    it(`${name}: rendered for Athena passes the Trino grammar`, () => {
      const sql = athena.render(name, 'v1');
      expect(trino.validate(sql)).toEqual([]);
      expect(sql).toMatch(/^\/\* data_version=v1 \*\//);
    });
  }
});

describe('shared views', () => {
  it('are exactly the files in sql/views, and the rollups are among them', () => {
    expect([...viewFiles].sort()).toEqual([...VIEW_NAMES].sort());
    for (const { name } of ROLLUPS) expect(viewFiles).toContain(name);
  });

  it('issues, consultations and benchmark read rollups: inlined for Athena, tables for DuckDB', () => {
    const reads = { issues: 'case_issue_counts', consultations: 'case_counts', benchmark: 'case_counts' };
    for (const [name, rollup] of Object.entries(reads)) {
      const defines = new RegExp(`^${rollup} AS \\($`, 'm');
      expect(athena.render(name, 'v1')).toMatch(defines);
      const duck = new DuckDbEngine({ dataDir: '/nonexistent' }).render(name);
      expect(duck).not.toMatch(defines);
      expect(duck).toMatch(new RegExp(`\\b${rollup}\\b`));
    }
  });

  for (const name of VIEW_NAMES) {
    it(`${name}: has a header saying what it computes, its grain, parameters and output`, () => {
      for (const part of ['Grain:', 'Parameters', 'Output:']) expect(viewSql(name)).toContain(part);
    });

    it(`${name}: rendered on its own, passes the Trino grammar`, () => {
      const sql = renderQuery(viewSql(name), { reference: TOTTORI_REFERENCE });
      expect(trino.validate(sql)).toEqual([]);
    });
  }

  for (const { name } of ROLLUPS) {
    it(`${name}: as the warehouse materialises it (no reference), passes the Trino grammar`, () => {
      const sql = renderView(name);
      expect(sql).not.toMatch(/\bmunicipalities AS \(/);
      expect(trino.validate(sql)).toEqual([]);
    });
  }
});

describe('SQL files on DuckDB', () => {
  let emptyDir: string;
  let dataDir: string;
  beforeAll(async () => {
    emptyDir = await tempDataDir();
    dataDir = await tempDataDir();
    await writeCuratedParquet(dataDir, syntheticData({ seed: 7 }));
  });
  afterAll(async () => {
    await rm(emptyDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const name of INDICATOR_IDS) {
    it(`${name}: an install with no uploads gives an empty table, not an error`, async () => {
      const engine = new DuckDbEngine({ dataDir: emptyDir });
      const sql = await engine.render(name);
      expect(await engine.run(name, paramsOf(sql))).toEqual([]);
      await engine.close();
    });

    it(`${name}: runs over the curated Parquet layout and returns rows`, async () => {
      const engine = new DuckDbEngine({ dataDir });
      const sql = await engine.render(name);
      const rows = await engine.run(name, paramsOf(sql));
      expect(rows.length).toBeGreaterThan(0);
      await engine.close();
    });
  }

  it('consultation_window: empty without uploads, rows over the curated layout', async () => {
    const empty = new DuckDbEngine({ dataDir: emptyDir });
    expect(await empty.run('consultation_window', [2023, 202304, 202309])).toEqual([]);
    await empty.close();
    const engine = new DuckDbEngine({ dataDir });
    const years = await engine.run('consultations', [2000, 2100, 2000, 2100]);
    const fy = years.find((r) => r.level === 'municipality')?.fiscal_year as number;
    const rows = await engine.run('consultation_window', [fy, fy * 100 + 4, (fy + 1) * 100 + 3]);
    expect(rows.length).toBeGreaterThan(0);
    await engine.close();
  });
});
