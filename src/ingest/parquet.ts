import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbSettings } from '../config';
import type { Dataset, StorageType } from '../datasets';
import { duckdbType, parquetColumns } from '../datasets/schema';
import { sqlIdent as quoteIdent, sqlString as quoteLiteral } from '../sql-text';
import { type Lineage, parquetKeyValues } from './lineage';
import { type EncodedRows, encodeRows, isEncoded } from './tsv';

/**
 * Normalised rows → Parquet bytes, through DuckDB. Rows go to a temp UTF-8
 * TSV (src/ingest/tsv.ts; the validator hands them over already encoded)
 * that DuckDB reads with explicit column types (its parallel CSV reader
 * is far faster than row-by-row inserts), then COPY writes the Parquet file
 * with the lineage in its key-value metadata.
 */

/** A partition the bulk check (src/ingest/bulk/) already wrote, lineage included: published as it is. */
export interface WrittenParquet {
  kind: 'parquet-file';
  rowCount: number;
  path: string;
}

export const isWrittenParquet = (rows: unknown): rows is WrittenParquet =>
  typeof rows === 'object' && rows !== null && (rows as { kind?: unknown }).kind === 'parquet-file';

/** Rows in any of the forms publication accepts. */
export type PartitionData = ReadonlyArray<Readonly<Record<string, unknown>>> | EncodedRows | WrittenParquet;

export const rowCountOf = (rows: PartitionData): number =>
  isWrittenParquet(rows) || isEncoded(rows) ? rows.rowCount : rows.length;

let instance: Promise<DuckDBInstance> | undefined;

/**
 * One DuckDB per process. Home and temp default to the OS temp folder
 * (Lambda's home is read-only); the Lambda sets DUCKDB_HOME, DUCKDB_TEMP_DIR,
 * DUCKDB_THREADS and DUCKDB_MEMORY_LIMIT (infra/constructs/ingest-function.ts).
 */
export function ingestDuckDb(): Promise<DuckDBInstance> {
  if (!instance) {
    const settings = duckdbSettings();
    const dir = settings.home ?? path.join(os.tmpdir(), 'juso-duckdb');
    const spill = settings.tempDir ?? path.join(dir, 'spill');
    for (const folder of [dir, spill]) mkdirSync(folder, { recursive: true });
    const options: Record<string, string> = {
      home_directory: dir,
      temp_directory: spill,
      memory_limit: settings.memoryLimit ?? '512MB',
    };
    if (settings.threads) options.threads = settings.threads;
    instance = DuckDBInstance.create(':memory:', options).catch((error) => {
      instance = undefined;
      throw error;
    });
  }
  return instance;
}

/** Bytes of one Parquet file holding `rows` with exactly parquetColumns(dataset). */
export async function writeParquet(
  dataset: Dataset,
  rows: PartitionData,
  lineage: Lineage,
): Promise<Uint8Array> {
  // Written by the bulk check with this upload's lineage already.
  if (isWrittenParquet(rows)) return new Uint8Array(await readFile(rows.path));
  const encoded = isEncoded(rows) ? rows : encodeRows(dataset, rows);
  const columns = parquetColumns(dataset);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'juso-parquet-'));
  const tsv = path.join(dir, 'rows.tsv');
  const out = path.join(dir, `${randomBytes(4).toString('hex')}.parquet`);
  try {
    await writeTsv(tsv, encoded);
    const connection = await (await ingestDuckDb()).connect();
    try {
      const types = columns
        .map(
          (c) =>
            `${quoteLiteral(c.name)}: ${quoteLiteral(c.storage === 'varchar_list' ? 'VARCHAR' : duckdbType(c.storage))}`,
        )
        .join(', ');
      const select = columns
        .map((c) => `${selectExpression(c.name, c.storage)} AS ${quoteIdent(c.name)}`)
        .join(', ');
      const kv = kvMetadata(lineage);
      await connection.run(
        `COPY (SELECT ${select} FROM read_csv(${quoteLiteral(tsv)}, delim = '\t', quote = '"', escape = '"', header = false, nullstr = '', allow_quoted_nulls = false, auto_detect = false, columns = {${types}})) TO ${quoteLiteral(out)} (FORMAT parquet, KV_METADATA {${kv}})`,
      );
    } finally {
      connection.closeSync();
    }
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function selectExpression(name: string, storage: StorageType): string {
  const col = quoteIdent(name);
  if (storage !== 'varchar_list') return col;
  return `CASE WHEN ${col} IS NULL THEN NULL WHEN length(${col}) = 1 THEN []::VARCHAR[] ELSE string_split(${col}[2:], chr(31)) END`;
}

/** The encoded lines as one file (a single write per chunk, no per-row work). */
async function writeTsv(file: string, rows: EncodedRows): Promise<void> {
  const handle = await open(file, 'w');
  try {
    // Batches stay under the system's iovec limit.
    for (let i = 0; i < rows.chunks.length; i += 256)
      await handle.writev(rows.chunks.slice(i, i + 256) as Uint8Array[]);
  } finally {
    await handle.close();
  }
}

/** The lineage as COPY's KV_METADATA option body. */
export function kvMetadata(lineage: Lineage): string {
  return Object.entries(parquetKeyValues(lineage))
    .map(([k, v]) => `${k}: ${quoteLiteral(v)}`)
    .join(', ');
}
