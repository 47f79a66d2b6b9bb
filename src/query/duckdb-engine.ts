import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetName } from '../datasets';
import { emptyDuckdbTable, renderQuery } from './dialect';
import { queryRows } from './duckdb-rows';
import type { QueryEngine } from './engine';
import { QueryEngineError } from './errors';
import { type ReferenceData, TOTTORI_REFERENCE } from './reference';
import { referenceTables, registerReference } from './reference-tables';
import { datasetsRead, ROLLUP_NAMES } from './rollups';
import { querySql } from './sql-files';
import type { Row } from './types';
import { parquetSource, type SyncOutcome, Warehouse } from './warehouse';
import { acquireWarehouse, releaseWarehouse } from './warehouse-registry';

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
  return parquetSource(dataset, path.join(dir, '*', '*', '*.parquet'));
}

export interface DuckDbEngineOptions {
  dataDir: string;
  reference?: ReferenceData;
  /**
   * 'file' (default): the warehouse file under `<dataDir>/cache/`, kept across
   * processes; 'memory': a private copy rebuilt in each process.
   */
  warehouse?: 'file' | 'memory';
}

/**
 * DuckDB over the local Parquet layout under `<dataDir>/curated/`. The
 * indicators run on tables named like the datasets, exactly as on Athena
 * (Glue tables); the tables live in a warehouse (src/query/warehouse.ts)
 * synchronised with the Parquet whenever the data version changes, so a
 * cold start does not reopen every small partition file.
 */
export class DuckDbEngine implements QueryEngine {
  readonly name = 'duckdb' as const;
  private readonly dataDir: string;
  private readonly reference: ReferenceData;
  private readonly mode: 'file' | 'memory';
  private warehouse: Promise<Warehouse> | undefined;
  /** Rendered text and the datasets it reads, per query: the national reference alone is ~100 kB of VALUES. */
  private readonly rendered = new Map<string, { text: string; datasets: DatasetName[] }>();

  constructor(options: DuckDbEngineOptions) {
    this.dataDir = options.dataDir;
    this.reference = options.reference ?? TOTTORI_REFERENCE;
    this.mode = options.warehouse ?? 'file';
  }

  private getWarehouse(): Promise<Warehouse> {
    if (!this.warehouse) {
      this.warehouse =
        this.mode === 'file' ? acquireWarehouse(this.dataDir) : Warehouse.open(this.dataDir, 'memory');
      this.warehouse.catch(() => {
        this.warehouse = undefined;
      });
    }
    return this.warehouse;
  }

  /**
   * The exact text DuckDB runs for a query file: Athena's, with the rollups
   * and the reference read from tables rather than inlined.
   */
  render(queryName: string): string {
    return this.renderedQuery(queryName).text;
  }

  private renderedQuery(queryName: string): { text: string; datasets: DatasetName[] } {
    let rendered = this.rendered.get(queryName);
    if (rendered === undefined) {
      // The warehouse holds the rollups as tables, and the reference is registered once per
      // process (registerReference): the same file text reads them instead of inlining them.
      const text = renderQuery(querySql(queryName), {
        reference: this.reference,
        referenceTables: referenceTables(this.reference),
        materialised: ROLLUP_NAMES,
      });
      const datasets = datasetsRead(text);
      rendered = { text, datasets };
      this.rendered.set(queryName, rendered);
    }
    return rendered;
  }

  /**
   * Brings the tables the named datasets need up to date for this data
   * version (without one, always checks the files). Exposed for the
   * benchmark and for warming up at start.
   */
  async sync(datasets: readonly DatasetName[], dataVersion?: string): Promise<SyncOutcome[]> {
    const warehouse = await this.getWarehouse();
    try {
      return await Promise.all(datasets.map((d) => warehouse.sync(d, dataVersion)));
    } catch (error) {
      throw new QueryEngineError(`DuckDB could not read the curated Parquet: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /**
   * Runs sql/{queryName}.sql. Without a data version every dataset it uses
   * is checked against the files; with one, only when the version changed.
   */
  async run(queryName: string, params: readonly number[], dataVersion?: string): Promise<Row[]> {
    const { text: sql, datasets } = this.renderedQuery(queryName);
    await this.sync(datasets, dataVersion);
    const { instance } = await this.getWarehouse();
    await registerReference(instance, this.reference);
    const connection = await instance.connect();
    try {
      return await queryRows(connection, sql, params);
    } catch (error) {
      throw new QueryEngineError(`DuckDB query ${queryName} failed: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    const warehouse = this.warehouse;
    this.warehouse = undefined;
    if (!warehouse) return;
    if (this.mode === 'file') await releaseWarehouse(this.dataDir);
    else (await warehouse).close();
  }
}
