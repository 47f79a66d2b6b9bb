import type { Row } from './types';

/**
 * The query seam between local and cloud: DuckDB over the local Parquet, or
 * Athena over the Glue tables. Both run the same SQL file (sql/{name}.sql)
 * rendered by their dialect, with positional `?` parameters, and return rows
 * of plain values typed the same way (numbers, strings, booleans, null).
 */
export interface QueryEngine {
  readonly name: 'duckdb' | 'athena';
  /**
   * Runs sql/{queryName}.sql. `dataVersion` makes a query distinct for
   * engines that reuse results (Athena), so new data is never answered from
   * an old result. The rows are new objects owned by the caller (the
   * service shapes them in place before caching them), and all rows of one
   * result have the same columns.
   */
  run(queryName: string, params: readonly number[], dataVersion: string): Promise<Row[]>;
  close(): Promise<void>;
}
