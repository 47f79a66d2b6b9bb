import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DATASET_NAMES, type DatasetName, getDataset } from '../datasets';
import { duckdbType, partitionKeys } from '../datasets/schema';
import { sqlString } from '../sql-text';
import { emptyDuckdbTable, renderView, storedColumns } from './dialect';
import {
  changedPartitions,
  listPartitionFiles,
  type ManifestEntry,
  type PartitionFile,
} from './partition-files';
import { rollupFingerprint, rollupsOf } from './rollups';

/**
 * Bumped when the warehouse's own layout changes; with the dataset columns
 * and the rollups' SQL it decides whether a file can be trusted.
 * 2: rollup tables (src/query/rollups.ts) beside the datasets.
 */
const WAREHOUSE_FORMAT = 2;

/** What a warehouse file must have been built for: any difference means it is rebuilt, not migrated. */
export function warehouseFingerprint(): string {
  const shape = DATASET_NAMES.map((d) => [d, storedColumns(d).map((c) => `${c.name}:${c.storage}`)]);
  return createHash('sha256')
    .update(JSON.stringify({ format: WAREHOUSE_FORMAT, shape, rollups: rollupFingerprint() }))
    .digest('hex')
    .slice(0, 16);
}

export const warehousePath = (dataDir: string): string => path.join(dataDir, 'cache', 'warehouse.duckdb');

/** How read_parquet binds a dataset's files with its Hive partition keys typed as schema.ts says. */
export function parquetSource(dataset: DatasetName, files: string | readonly string[]): string {
  const keys = partitionKeys(getDataset(dataset))
    .map((k) => `${sqlString(k.name)}: ${duckdbType(k.storage)}`)
    .join(', ');
  const columns = storedColumns(dataset)
    .map((c) => c.name)
    .join(', ');
  const target = typeof files === 'string' ? sqlString(files) : `[${files.map(sqlString).join(', ')}]`;
  return `SELECT ${columns} FROM read_parquet(${target}, hive_partitioning = true, hive_types = {${keys}})`;
}

export interface SyncOutcome {
  /** False when the recorded data version matched and no listing was needed. */
  checked: boolean;
  /** 'full' = the table was rebuilt from every object; 'partial' = only changed partitions. */
  mode: 'none' | 'partial' | 'full';
  reloadedPartitions: number;
}

const META_SQL = `CREATE TABLE IF NOT EXISTS _warehouse_meta (name VARCHAR PRIMARY KEY, value VARCHAR)`;
const MANIFEST_SQL = `CREATE TABLE IF NOT EXISTS _warehouse_manifest (dataset VARCHAR, key VARCHAR, size BIGINT, mtime_ms DOUBLE, part VARCHAR)`;

async function tryRun<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch {
    return undefined;
  }
}

/**
 * A DuckDB database file under `<dataDir>/cache/` holding each dataset as a
 * table, kept in step with the curated Parquet by a manifest of (key, size,
 * mtime): opening 58,000 small partition files on every cold start is what
 * made national-scale queries slow. Disposable: a file that cannot be
 * opened or was built for other columns is deleted and rebuilt. Another
 * process holding the file (DuckDB locks it) gets a private in-memory copy
 * built the same way, so two processes never write one file.
 */
export class Warehouse {
  readonly persistent: boolean;
  private readonly versions = new Map<DatasetName, string>();
  /** Syncs run one after another: two replacing the same table at once would conflict. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly instance: DuckDBInstance,
    private readonly dataDir: string,
    persistent: boolean,
  ) {
    this.persistent = persistent;
  }

  /** Opens (or creates, or rebuilds) the warehouse of a data dir; `memory` keeps it in this process only. */
  static async open(dataDir: string, mode: 'file' | 'memory' = 'file'): Promise<Warehouse> {
    if (mode === 'memory') return Warehouse.prepare(await DuckDBInstance.create(':memory:'), dataDir, false);
    const file = warehousePath(dataDir);
    try {
      await mkdir(path.dirname(file), { recursive: true });
    } catch {
      // A read-only data dir: a private copy still answers correctly.
      return Warehouse.prepare(await DuckDBInstance.create(':memory:'), dataDir, false);
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file);
    } catch (error) {
      if (/lock/i.test((error as Error).message)) {
        return Warehouse.prepare(await DuckDBInstance.create(':memory:'), dataDir, false);
      }
      // Not a DuckDB file, or a damaged one: never trusted, rebuilt from the Parquet.
      await Warehouse.remove(file);
      instance = await DuckDBInstance.create(file);
    }
    if (!(await Warehouse.matches(instance))) {
      instance.closeSync();
      await Warehouse.remove(file);
      instance = await DuckDBInstance.create(file);
    }
    return Warehouse.prepare(instance, dataDir, true);
  }

  private static async remove(file: string): Promise<void> {
    await rm(file, { force: true });
    await rm(`${file}.wal`, { force: true });
  }

  /** True for an empty file or one built for exactly these columns. */
  private static async matches(instance: DuckDBInstance): Promise<boolean> {
    const connection = await instance.connect();
    try {
      const tables = await tryRun(async () =>
        (await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables()`)).getRows().map((r) => r[0]),
      );
      if (tables === undefined) return false;
      if (tables.length === 0) return true;
      const rows = await tryRun(async () =>
        (
          await connection.runAndReadAll(`SELECT value FROM _warehouse_meta WHERE name = 'fingerprint'`)
        ).getRows(),
      );
      return rows?.[0]?.[0] === warehouseFingerprint();
    } finally {
      connection.closeSync();
    }
  }

  private static async prepare(instance: DuckDBInstance, dataDir: string, persistent: boolean) {
    const connection = await instance.connect();
    try {
      await connection.run(META_SQL);
      await connection.run(MANIFEST_SQL);
      await connection.run(
        `INSERT OR REPLACE INTO _warehouse_meta VALUES ('fingerprint', ${sqlString(warehouseFingerprint())})`,
      );
    } finally {
      connection.closeSync();
    }
    return new Warehouse(instance, dataDir, persistent);
  }

  /**
   * Brings a dataset's table up to date. With a data version equal to the one
   * recorded at the last sync, nothing is listed (every accepted upload bumps
   * the version); otherwise the objects are listed and only changed
   * partitions reloaded. Without a version it always checks.
   */
  sync(dataset: DatasetName, dataVersion?: string): Promise<SyncOutcome> {
    const run = () => this.syncNow(dataset, dataVersion);
    const done = this.queue.then(run, run);
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async syncNow(dataset: DatasetName, dataVersion: string | undefined): Promise<SyncOutcome> {
    const connection = await this.instance.connect();
    try {
      if (dataVersion !== undefined) {
        const recorded = this.versions.get(dataset) ?? (await this.recordedVersion(connection, dataset));
        if (recorded === dataVersion) {
          this.versions.set(dataset, dataVersion);
          return { checked: false, mode: 'none', reloadedPartitions: 0 };
        }
      }
      const listing = await listPartitionFiles(this.dataDir, dataset);
      const exists = await this.tableExists(connection, dataset);
      const manifest = exists ? await this.manifest(connection, dataset) : new Map<string, ManifestEntry>();
      const changed = changedPartitions(listing, manifest);
      const partitions = new Set(listing.map((f) => f.partition)).size;
      const mode: SyncOutcome['mode'] =
        !exists || changed.size > partitions / 2 ? 'full' : changed.size > 0 ? 'partial' : 'none';
      await connection.run('BEGIN TRANSACTION');
      try {
        if (mode === 'full') await this.rebuild(connection, dataset, listing);
        if (mode === 'partial') await this.reload(connection, dataset, listing, changed);
        if (mode === 'full') await this.writeManifest(connection, dataset, listing, null);
        if (mode === 'partial') await this.writeManifest(connection, dataset, listing, changed);
        await connection.run(
          `INSERT OR REPLACE INTO _warehouse_meta VALUES (${sqlString(`version:${dataset}`)}, ${sqlString(dataVersion ?? '')})`,
        );
        await connection.run('COMMIT');
      } catch (error) {
        await tryRun(() => connection.run('ROLLBACK'));
        this.versions.delete(dataset);
        throw error;
      }
      this.versions.set(dataset, dataVersion ?? '');
      return { checked: true, mode, reloadedPartitions: mode === 'full' ? partitions : changed.size };
    } finally {
      connection.closeSync();
    }
  }

  private async recordedVersion(connection: DuckDBConnection, dataset: DatasetName) {
    if (!(await this.tableExists(connection, dataset))) return undefined;
    const rows = (
      await connection.runAndReadAll(`SELECT value FROM _warehouse_meta WHERE name = $1`, [
        `version:${dataset}`,
      ])
    ).getRows();
    const value = rows[0]?.[0];
    return typeof value === 'string' ? value : undefined;
  }

  /** True when the dataset's table and every rollup built from it exist (they are made together). */
  private async tableExists(connection: DuckDBConnection, dataset: DatasetName): Promise<boolean> {
    const names = [dataset, ...rollupsOf(dataset).map((r) => r.name)];
    const rows = (
      await connection.runAndReadAll(
        `SELECT 1 FROM duckdb_tables() WHERE table_name IN (${names.map(sqlString).join(', ')})`,
      )
    ).getRows();
    return rows.length === names.length;
  }

  private async manifest(connection: DuckDBConnection, dataset: DatasetName) {
    const reader = await connection.runAndReadAll(
      `SELECT key, size, mtime_ms, part FROM _warehouse_manifest WHERE dataset = $1`,
      [dataset],
    );
    const entries = new Map<string, ManifestEntry>();
    for (const [key, size, mtime, part] of reader.getRows()) {
      entries.set(String(key), { size: Number(size), mtimeMs: Number(mtime), partition: String(part) });
    }
    return entries;
  }

  private async rebuild(
    connection: DuckDBConnection,
    dataset: DatasetName,
    listing: readonly PartitionFile[],
  ) {
    const glob = path.join(this.dataDir, 'curated', dataset, '*', '*', '*.parquet');
    const source = listing.length === 0 ? emptyDuckdbTable(dataset) : parquetSource(dataset, glob);
    await connection.run(`CREATE OR REPLACE TABLE ${dataset} AS ${source}`);
    for (const rollup of rollupsOf(dataset)) {
      await connection.run(`CREATE OR REPLACE TABLE ${rollup.name} AS ${renderView(rollup.name)}`);
    }
  }

  private async reload(
    connection: DuckDBConnection,
    dataset: DatasetName,
    listing: readonly PartitionFile[],
    changed: ReadonlySet<string>,
  ) {
    const part = getDataset(dataset).partitionColumn;
    const keys = [...changed].map((p) => `(${sqlString(p)})`).join(', ');
    // The town filter first: a cheap comparison that spares most rows the concatenation.
    const towns = [...new Set([...changed].map((p) => p.slice(0, p.indexOf('/'))))].map(sqlString).join(', ');
    const inChanged = `municipality_code IN (${towns}) AND municipality_code || '/' || CAST(${part} AS VARCHAR) IN (SELECT p FROM (VALUES ${keys}) AS t(p))`;
    const rollups = rollupsOf(dataset);
    // A rollup row comes from one partition: the changed partitions' rows go, the rest stay valid.
    for (const table of [dataset, ...rollups.map((r) => r.name)]) {
      await connection.run(`DELETE FROM ${table} WHERE ${inChanged}`);
    }
    const root = path.join(this.dataDir, 'curated', dataset);
    const files = listing.filter((f) => changed.has(f.partition)).map((f) => path.join(root, f.key));
    if (files.length === 0) return;
    if (rollups.length === 0) {
      await connection.run(`INSERT INTO ${dataset} ${parquetSource(dataset, files)}`);
      return;
    }
    // The reloaded partitions' rows, read once: inserted, and the rollup views computed over just them.
    await connection.run(`CREATE OR REPLACE TEMP TABLE _reloaded AS ${parquetSource(dataset, files)}`);
    try {
      await connection.run(`INSERT INTO ${dataset} SELECT * FROM _reloaded`);
      const bound = { tableBindings: { [dataset]: 'SELECT * FROM _reloaded' } };
      for (const rollup of rollups) {
        await connection.run(
          `INSERT INTO ${rollup.name} SELECT * FROM (${renderView(rollup.name, bound)}) AS v`,
        );
      }
    } finally {
      await tryRun(() => connection.run('DROP TABLE IF EXISTS _reloaded'));
    }
  }

  /** Records the objects the table now holds: all of them, or only those of the reloaded partitions. */
  private async writeManifest(
    connection: DuckDBConnection,
    dataset: DatasetName,
    listing: readonly PartitionFile[],
    only: ReadonlySet<string> | null,
  ) {
    const parts = only === null ? '' : ` AND part IN (${[...only].map(sqlString).join(', ')})`;
    await connection.run(`DELETE FROM _warehouse_manifest WHERE dataset = ${sqlString(dataset)}${parts}`);
    const files = only === null ? listing : listing.filter((f) => only.has(f.partition));
    const chunk = 5000;
    for (let i = 0; i < files.length; i += chunk) {
      const values = files
        .slice(i, i + chunk)
        .map(
          (f) =>
            `(${sqlString(dataset)}, ${sqlString(f.key)}, ${f.size}, ${f.mtimeMs}, ${sqlString(f.partition)})`,
        )
        .join(', ');
      await connection.run(`INSERT INTO _warehouse_manifest VALUES ${values}`);
    }
  }

  close(): void {
    this.instance.closeSync();
    this.versions.clear();
  }
}
