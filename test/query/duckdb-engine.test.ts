import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { tempDataDir, writeCuratedParquet } from './parquet-fixture';
import { syntheticData } from './synthetic';

describe('DuckDB engine', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await tempDataDir();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('re-reads the Parquet when the data version changes, and only then', async () => {
    const engine = new DuckDbEngine({ dataDir });
    const prefectureRows = async (version: string) =>
      (await engine.run('implementation', [2000, 2100], version)).filter((r) => r.level === 'prefecture');
    expect(await prefectureRows('empty')).toEqual([]);
    await writeCuratedParquet(dataDir, {
      implementation: syntheticData({ seed: 3, towns: ['313726'] }).implementation,
    });
    // Same version: the upload is not seen yet (the version is what says data changed).
    expect(await prefectureRows('empty')).toEqual([]);
    const after = await prefectureRows('upload-1');
    expect(after.map((r) => r.fiscal_year)).toEqual([2021, 2022, 2023]);
    await engine.close();
  });

  it('answers concurrent queries across data versions consistently', async () => {
    const engine = new DuckDbEngine({ dataDir });
    const runs = ['a', 'b', 'c', 'a'].map((version) => engine.run('implementation', [2000, 2100], version));
    const results = await Promise.all(runs);
    for (const rows of results) expect(rows).toEqual(results[0]);
    expect(results[0]?.length).toBeGreaterThan(0);
    await engine.close();
  });
});
