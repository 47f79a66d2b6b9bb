import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Dataset, StorageType } from '../datasets';
import { duckdbType, parquetColumns } from '../datasets/schema';
import { type Lineage, parquetKeyValues } from './lineage';

/**
 * Normalised rows → Parquet bytes, through DuckDB. Rows go to a temp UTF-8
 * TSV that DuckDB reads with explicit column types (its parallel CSV reader
 * is far faster than row-by-row inserts), then COPY writes the Parquet file
 * with the lineage in its key-value metadata.
 */

let instance: Promise<DuckDBInstance> | undefined;

/**
 * One DuckDB per process. Home and temp default to the OS temp folder
 * (Lambda's home is read-only); the Lambda sets DUCKDB_HOME, DUCKDB_TEMP_DIR,
 * DUCKDB_THREADS and DUCKDB_MEMORY_LIMIT (infra/constructs/ingest-function.ts).
 */
function duckdb(): Promise<DuckDBInstance> {
  if (!instance) {
    const dir = process.env.DUCKDB_HOME || path.join(os.tmpdir(), 'juso-duckdb');
    const spill = process.env.DUCKDB_TEMP_DIR || path.join(dir, 'spill');
    for (const folder of [dir, spill]) mkdirSync(folder, { recursive: true });
    const options: Record<string, string> = {
      home_directory: dir,
      temp_directory: spill,
      memory_limit: process.env.DUCKDB_MEMORY_LIMIT || '512MB',
    };
    if (process.env.DUCKDB_THREADS) options.threads = process.env.DUCKDB_THREADS;
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
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  lineage: Lineage,
): Promise<Uint8Array> {
  const columns = parquetColumns(dataset);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'juso-parquet-'));
  const tsv = path.join(dir, 'rows.tsv');
  const out = path.join(dir, `${randomBytes(4).toString('hex')}.parquet`);
  try {
    await writeTsv(tsv, columns, rows);
    const connection = await (await duckdb()).connect();
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
      const kv = Object.entries(parquetKeyValues(lineage, rows.length))
        .map(([k, v]) => `${k}: ${quoteLiteral(v)}`)
        .join(', ');
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

/** Lists travel as one text cell: items joined by U+001F after a U+001E marker, so [] and null differ. */
const LIST_MARK = '\u001e';
const ITEM_SEP = '\u001f';

function selectExpression(name: string, storage: StorageType): string {
  const col = quoteIdent(name);
  if (storage !== 'varchar_list') return col;
  return `CASE WHEN ${col} IS NULL THEN NULL WHEN length(${col}) = 1 THEN []::VARCHAR[] ELSE string_split(${col}[2:], chr(31)) END`;
}

const BATCH_ROWS = 8192;

async function writeTsv(
  file: string,
  columns: ReadonlyArray<{ name: string; storage: StorageType }>,
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
): Promise<void> {
  const handle = await open(file, 'w');
  try {
    // Parallel arrays, not tuples: this loop runs once per cell (millions of times).
    const names = columns.map((c) => c.name);
    const encoders = columns.map((c) => encoderFor(c.storage, c.name));
    const width = names.length;
    for (let start = 0; start < rows.length; start += BATCH_ROWS) {
      const lines: string[] = [];
      const end = Math.min(rows.length, start + BATCH_ROWS);
      for (let i = start; i < end; i++) {
        const row = rows[i] as Readonly<Record<string, unknown>>;
        let line = '';
        for (let j = 0; j < width; j++) {
          if (j > 0) line += '\t';
          const value = row[names[j] as string];
          if (value !== null && value !== undefined) line += (encoders[j] as Encoder)(value);
        }
        lines.push(line);
      }
      await handle.write(`${lines.join('\n')}\n`);
    }
  } finally {
    await handle.close();
  }
}

type Encoder = (value: unknown) => string;

function encoderFor(storage: StorageType, name: string): Encoder {
  const fail = (value: unknown): never => {
    throw new TypeError(`column ${name}: unexpected ${storage} value ${JSON.stringify(value)}`);
  };
  switch (storage) {
    case 'varchar':
      return (v) => (typeof v === 'string' ? quoteCell(v) : fail(v));
    case 'integer':
      return (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : fail(v));
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : fail(v));
    case 'date':
      return (v) => {
        if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
        if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
        return fail(v);
      };
    case 'varchar_list':
      return (v) => {
        if (!Array.isArray(v)) return fail(v);
        for (const item of v)
          if (typeof item !== 'string' || item.includes(ITEM_SEP) || item.includes(LIST_MARK)) fail(v);
        return quoteCell(LIST_MARK + v.join(ITEM_SEP));
      };
  }
}

const NEEDS_QUOTES = /["\t\n\r]/;

/** Quoted when it must be, so tabs, newlines, quotes and empty strings survive (an unquoted empty cell is NULL). */
function quoteCell(text: string): string {
  if (text === '') return '""';
  if (!NEEDS_QUOTES.test(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
