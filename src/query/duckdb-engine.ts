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

/**
 * DuckDB over the local Parquet layout under `<dataDir>/curated/`. Each
 * dataset a query uses is read from its Parquet files once per data version
 * into an in-memory table of the same name, so the indicators then run on
 * tables exactly as on Athena (Glue tables) and the many small partition
 * files are opened once, not once per query.
 */
export class DuckDbEngine implements QueryEngine {
  readonly name = 'duckdb' as const;
  private readonly dataDir: string;
  private readonly reference: ReferenceData;
  private instance: Promise<DuckDBInstance> | undefined;
  private readonly ownsInstance: boolean;
  /** Per dataset: the data version loaded (or loading) and its promise. */
  private readonly loaded = new Map<DatasetName, { version: string; ready: Promise<void> }>();
  /** Loads run one after another: two replacing the same table at once would conflict. */
  private loadQueue: Promise<unknown> = Promise.resolve();

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

  /** The exact text DuckDB runs for a query file: the same as Athena's, over tables. */
  render(queryName: string): string {
    return renderQuery(querySql(queryName), { reference: this.reference });
  }

  /** Reads a dataset's Parquet into its table unless this data version is already loaded. */
  private ensureLoaded(dataset: DatasetName, dataVersion: string | undefined): Promise<void> {
    const current = this.loaded.get(dataset);
    if (current && dataVersion !== undefined && current.version === dataVersion) return current.ready;
    const load = async () => {
      const binding = await duckdbTableBinding(this.dataDir, dataset);
      const connection = await (await this.getInstance()).connect();
      try {
        await connection.run(`CREATE OR REPLACE TABLE ${dataset} AS ${binding}`);
      } finally {
        connection.closeSync();
      }
    };
    const ready = this.loadQueue.then(load, load);
    this.loadQueue = ready.catch(() => undefined);
    const entry = { version: dataVersion ?? '', ready };
    this.loaded.set(dataset, entry);
    ready.catch(() => {
      if (this.loaded.get(dataset) === entry) this.loaded.delete(dataset);
    });
    return ready;
  }

  /**
   * Runs sql/{queryName}.sql. Without a data version every dataset is
   * re-read (tests and one-off runs); with one, only when it changed.
   */
  async run(queryName: string, params: readonly number[], dataVersion?: string): Promise<Row[]> {
    const sql = this.render(queryName);
    const used = DATASET_NAMES.filter((d) => new RegExp(`\\b${d}\\b`).test(sql));
    try {
      await Promise.all(used.map((d) => this.ensureLoaded(d, dataVersion)));
    } catch (error) {
      throw new QueryEngineError(`DuckDB could not read the curated Parquet: ${(error as Error).message}`, {
        cause: error,
      });
    }
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
    this.loaded.clear();
  }
}
