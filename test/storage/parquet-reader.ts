import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../../src/sql-text';

/** What a Parquet file holds, read back with a separate in-memory DuckDB (as a reader would). */
export interface ParquetContent {
  columns: Array<{ name: string; type: string }>;
  rows: Array<Record<string, unknown>>;
  keyValues: Record<string, string>;
}

export async function readParquet(source: Uint8Array | string): Promise<ParquetContent> {
  const dir = typeof source === 'string' ? undefined : await mkdtemp(path.join(os.tmpdir(), 'read-parquet-'));
  const file = dir ? path.join(dir, 'x.parquet') : (source as string);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    if (dir) await writeFile(file, source as Uint8Array);
    const literal = sqlString(file);
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal})`);
    const columns = described
      .getRowObjectsJson()
      .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    const rows = (
      await connection.runAndReadAll(`SELECT * FROM read_parquet(${literal})`)
    ).getRowObjectsJson();
    const kv = await connection.runAndReadAll(
      `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${literal})`,
    );
    const keyValues = Object.fromEntries(kv.getRowObjectsJson().map((r) => [String(r.k), String(r.v)]));
    return { columns, rows: rows as Array<Record<string, unknown>>, keyValues };
  } finally {
    connection.closeSync();
    instance.closeSync();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
