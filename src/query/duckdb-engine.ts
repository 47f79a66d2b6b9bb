import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DATASET_NAMES, type DatasetName, getDataset } from '../datasets';
import { duckdbType, partitionKeys } from '../datasets/schema';
import { emptyDuckdbTable, renderQuery, storedColumns } from './dialect';
import type { QueryEngine } from './engine';
import { QueryEngineError } from './errors';
import { type ReferenceData, TOTTORI_REFERENCE } from './reference';
import { querySql } from './sql-files';
import type { Cell, Row } from './types';

const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** True when the folder holds at least one .parquet file at partition depth. */
async function hasParquet(dir: string, depth = 0): Promise<boolean> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.parquet')) return true;
  }
  if (depth >= 2) return false;
  for (const entry of entries) {
    if (entry.isDirectory() && (await hasParquet(path.join(dir, entry.name), depth + 1))) return true;
  }
  return false;
}

/**
 * The SELECT that binds a dataset to its local Parquet files: Hive partition
 * keys typed as schema.ts says, or an empty typed table when nothing was
 * ever uploaded (a fresh install must show empty charts, not an error).
 */
export async function duckdbTableBinding(dataDir: string, dataset: DatasetName): Promise<string> {
  const dir = path.join(dataDir, 'curated', dataset);
  if (!(await hasParquet(dir))) return emptyDuckdbTable(dataset);
  const keys = partitionKeys(getDataset(dataset))
    .map((k) => `${sqlString(k.name)}: ${duckdbType(k.storage)}`)
    .join(', ');
  const columns = storedColumns(dataset)
    .map((c) => c.name)
    .join(', ');
  const glob = path.join(dir, '*', '*', '*.parquet');
  return `SELECT ${columns} FROM read_parquet(${sqlString(glob)}, hive_partitioning = true, hive_types = {${keys}})`;
}

/** DuckDB values as the API returns them: BIGINT/HUGEINT as numbers. */
export function plainValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export interface DuckDbEngineOptions {
  dataDir: string;
  reference?: ReferenceData;
  /** Shared instance (one per process); created in memory when absent. */
  instance?: DuckDBInstance;
}

/** DuckDB over the local Parquet layout under `<dataDir>/curated/`. */
export class DuckDbEngine implements QueryEngine {
  readonly name = 'duckdb' as const;
  private readonly dataDir: string;
  private readonly reference: ReferenceData;
  private instance: Promise<DuckDBInstance> | undefined;
  private readonly ownsInstance: boolean;

  constructor(options: DuckDbEngineOptions) {
    this.dataDir = options.dataDir;
    this.reference = options.reference ?? TOTTORI_REFERENCE;
    this.ownsInstance = options.instance === undefined;
    if (options.instance) this.instance = Promise.resolve(options.instance);
  }

  private getInstance(): Promise<DuckDBInstance> {
    this.instance ??= DuckDBInstance.create(':memory:');
    return this.instance;
  }

  /** The exact text DuckDB runs for a query file (also used by tests). */
  async render(queryName: string): Promise<string> {
    const bindings: Partial<Record<DatasetName, string>> = {};
    for (const dataset of DATASET_NAMES) bindings[dataset] = await duckdbTableBinding(this.dataDir, dataset);
    return renderQuery(querySql(queryName), { reference: this.reference, tableBindings: bindings });
  }

  async run(queryName: string, params: readonly number[]): Promise<Row[]> {
    const sql = await this.render(queryName);
    const connection = await (await this.getInstance()).connect();
    try {
      const reader = await connection.runAndReadAll(sql, [...params]);
      const names = reader.columnNames();
      return reader.getRows().map((values) => {
        const row: Row = {};
        names.forEach((name, i) => {
          row[name] = plainValue(values[i]);
        });
        return row;
      });
    } catch (error) {
      throw new QueryEngineError(`DuckDB query ${queryName} failed: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    if (this.ownsInstance && this.instance) (await this.instance).closeSync();
    this.instance = undefined;
  }
}
