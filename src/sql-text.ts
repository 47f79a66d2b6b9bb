/**
 * Text pasted into SQL where a bound parameter cannot go (file paths in
 * read_parquet, COPY options, VALUES of reference tables, identifiers).
 * Shared by the ingest and the query engines; DuckDB and Trino quote alike.
 */

/** A string literal: `O'Brien` → `'O''Brien'`. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A quoted identifier: `a"b` → `"a""b"`. */
export const sqlIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
