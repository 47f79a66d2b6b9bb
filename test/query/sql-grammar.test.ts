import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../src/query/athena-engine';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { sqlDir } from '../../src/query/sql-files';
import { INDICATOR_IDS } from '../../src/query/types';
import { tempDataDir, writeCuratedParquet } from './parquet-fixture';
import { syntheticData } from './synthetic';

const trino = new TrinoSQL();
const queryFiles = readdirSync(sqlDir())
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''));
// Rendering only; this client never sends anything.
const athena = new AthenaEngine({ client: {} as never, workgroup: 'wg', database: 'db' });
const paramsOf = (sql: string): number[] =>
  Array.from(sql.match(/\?/g) ?? [], (_, i) => (i % 2 === 0 ? 2000 : 2100));

describe('SQL files', () => {
  it('are exactly the indicators, one file each', () => {
    expect([...queryFiles].sort()).toEqual([...INDICATOR_IDS].sort());
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

    it(`${name}: DuckDB runs the very text Athena runs (one query, not two copies)`, () => {
      const duck = new DuckDbEngine({ dataDir: '/nonexistent' }).render(name);
      expect(athena.render(name, 'v1')).toBe(`/* data_version=v1 */\n${duck}`);
    });

    it(`${name}: rendered for Athena passes the Trino grammar`, () => {
      const sql = athena.render(name, 'v1');
      expect(trino.validate(sql)).toEqual([]);
      expect(sql).toMatch(/^\/\* data_version=v1 \*\//);
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
});
