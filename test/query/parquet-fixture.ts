import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type DatasetName, getDataset } from '../../src/datasets';
import { duckdbType, parquetColumns, partitionKeys } from '../../src/datasets/schema';
import { sqlString as quote } from '../../src/sql-text';

export type FixtureRows = Partial<Record<DatasetName, Record<string, unknown>[]>>;

/**
 * Writes synthetic rows as Parquet in the exact curated layout
 * `<dir>/curated/{dataset}/municipality_code={code}/{fiscal_year|as_of}={v}/data.parquet`
 * (partition columns only in the path), as the ingest will.
 */
export async function writeCuratedParquet(dataDir: string, data: FixtureRows): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'fixture-json-'));
  try {
    for (const [name, rows] of Object.entries(data) as [DatasetName, Record<string, unknown>[]][]) {
      const dataset = getDataset(name);
      const [codeKey, partKey] = partitionKeys(dataset);
      if (!codeKey || !partKey) throw new Error('partition keys');
      const groups = new Map<string, Record<string, unknown>[]>();
      for (const row of rows) {
        const key = `${codeKey.name}=${row[codeKey.name]}/${partKey.name}=${row[partKey.name]}`;
        groups.set(key, [...(groups.get(key) ?? []), row]);
      }
      const columns = parquetColumns(dataset);
      const types = columns.map((c) => `${quote(c.name)}: ${quote(duckdbType(c.storage))}`).join(', ');
      let n = 0;
      for (const [partition, group] of groups) {
        const json = path.join(scratch, `${name}-${n++}.json`);
        await writeFile(
          json,
          group
            .map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? null]))))
            .join('\n'),
        );
        const target = path.join(dataDir, 'curated', name, partition);
        await mkdir(target, { recursive: true });
        await connection.run(
          `COPY (SELECT * FROM read_json(${quote(json)}, format = 'newline_delimited', columns = {${types}})) TO ${quote(path.join(target, 'data.parquet'))} (FORMAT parquet)`,
        );
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'query-test-'));
}
