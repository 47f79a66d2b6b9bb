import { DATASET_NAMES, type DatasetName, getDataset } from '../datasets';
import { duckdbType, parquetColumns, partitionKeys, type StoredColumn } from '../datasets/schema';
import { sqlString } from '../sql-text';
import type { ReferenceData } from './reference';
import { VIEW_NAMES, viewSql } from './sql-files';

/**
 * The one per-engine layer. Every SQL file is written in the common subset of
 * DuckDB and Athena (Trino) SQL over the table names cases, activities,
 * visits, implementation, population, plus `municipalities` and `prefecture`
 * (the reference) and the shared views. Rendering prefixes one WITH list:
 * the reference as VALUES (generated from trusted code, never user input),
 * the table bindings an engine needs (DuckDB: read_parquet over the local
 * files; Athena: none, they are Glue tables), and the views the query uses.
 */
export interface RenderOptions {
  /** The reference as `municipalities` and `prefecture`; absent only for text that uses neither (rollups). */
  reference?: ReferenceData;
  /**
   * Tables already holding this reference (DuckDB registers it once per
   * process, src/query/reference-tables.ts): the two CTEs read them instead
   * of carrying ~1,700 rows of VALUES that DuckDB would bind on every query.
   */
  referenceTables?: ReferenceTables;
  /** SELECTs to bind a dataset name to; absent = the engine has a real table of that name. */
  tableBindings?: Partial<Record<DatasetName, string>>;
  /** Marks the query text with the data version (Athena result reuse keys on the text). */
  dataVersion?: string;
  /**
   * Views the engine holds as tables of the same name (the local warehouse's
   * rollups): read as they are, not inlined. Absent = every view inlined.
   */
  materialised?: ReadonlySet<string>;
}

/** Qualified names of the tables holding a reference. */
export interface ReferenceTables {
  municipalities: string;
  prefecture: string;
}

export function municipalitiesCte(reference: ReferenceData): string {
  const columns = 'code, name, region, population, population_basis, population_rough';
  if (reference.municipalities.length === 0) {
    return `SELECT CAST(NULL AS VARCHAR) AS code, CAST(NULL AS VARCHAR) AS name, CAST(NULL AS VARCHAR) AS region, CAST(NULL AS INTEGER) AS population, CAST(NULL AS VARCHAR) AS population_basis, CAST(NULL AS BOOLEAN) AS population_rough WHERE 1 = 0`;
  }
  const rows = reference.municipalities.map((m) => {
    if (!Number.isInteger(m.population)) throw new Error(`population of ${m.code} must be an integer`);
    const region = m.region === null ? 'CAST(NULL AS VARCHAR)' : sqlString(m.region);
    return `(${sqlString(m.code)}, ${sqlString(m.name)}, ${region}, ${m.population}, ${sqlString(m.populationBasis)}, ${m.populationRough ? 'TRUE' : 'FALSE'})`;
  });
  return `SELECT * FROM (VALUES\n  ${rows.join(',\n  ')}\n) AS t(${columns})`;
}

export function prefectureCte(reference: ReferenceData): string {
  const { code, name } = reference.prefecture;
  return `SELECT * FROM (VALUES (${sqlString(code)}, ${sqlString(name)}, ${reference.municipalities.length})) AS t(code, name, municipalities_total)`;
}

/** Leading comment lines (the file header) stay on top of the rendered text. */
function splitLeadingComments(sql: string): { lead: string; rest: string } {
  const match = /^(?:\s*(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/))*/.exec(sql);
  const lead = match ? match[0] : '';
  return { lead, rest: sql.slice(lead.length) };
}

const uses = (sql: string, name: string): boolean => new RegExp(`\\b${name}\\b`).test(sql);

/** The query text an engine runs: the file, with the per-engine WITH prefix. */
export function renderQuery(body: string, options: RenderOptions): string {
  const { lead, rest } = splitLeadingComments(body);
  const ctes: string[] = [];
  const tables = options.referenceTables;
  if (tables) {
    ctes.push(
      `municipalities AS (\nSELECT * FROM ${tables.municipalities}\n)`,
      `prefecture AS (\nSELECT * FROM ${tables.prefecture}\n)`,
    );
  } else if (options.reference) {
    ctes.push(
      `municipalities AS (\n${municipalitiesCte(options.reference)}\n)`,
      `prefecture AS (\n${prefectureCte(options.reference)}\n)`,
    );
  }
  for (const dataset of DATASET_NAMES) {
    const binding = options.tableBindings?.[dataset];
    if (binding !== undefined) ctes.push(`${dataset} AS (\n${binding}\n)`);
  }
  // A view is included when the query, or a later view it includes, uses it.
  const included = new Set<string>();
  let text = rest;
  for (const view of [...VIEW_NAMES].reverse()) {
    if (options.materialised?.has(view)) continue;
    if (uses(text, view)) {
      included.add(view);
      text += `\n${viewSql(view)}`;
    }
  }
  for (const view of VIEW_NAMES) {
    if (included.has(view)) ctes.push(`${view} AS (\n${splitLeadingComments(viewSql(view)).rest.trim()}\n)`);
  }
  const version = options.dataVersion
    ? `/* data_version=${options.dataVersion.replace(/[^A-Za-z0-9._:+-]/g, '_')} */\n`
    : '';
  if (ctes.length === 0) return `${version}${lead}${rest.trimStart()}`;
  const withMatch = /^\s*WITH\b/i.exec(rest);
  const tail = withMatch ? `,\n${rest.slice(withMatch[0].length).trimStart()}` : `\n${rest.trimStart()}`;
  return `${version}${lead}WITH ${ctes.join(',\n')}${tail}`;
}

/**
 * A shared view as a query of its own (how the warehouse materialises a
 * rollup): the same text Athena inlines, with the views it uses and the
 * given table bindings (e.g. `cases` bound to just the partitions reloaded).
 */
export function renderView(
  name: string,
  options: Pick<RenderOptions, 'tableBindings' | 'materialised'> = {},
): string {
  return renderQuery(viewSql(name), options);
}

/** Every column of a dataset as the SQL sees it: Parquet columns then partition keys. */
export function storedColumns(dataset: DatasetName): StoredColumn[] {
  const d = getDataset(dataset);
  return [...parquetColumns(d), ...partitionKeys(d)];
}

/** An empty table with the dataset's exact columns and types, for an absent dataset (DuckDB). */
export function emptyDuckdbTable(dataset: DatasetName): string {
  const columns = storedColumns(dataset).map((c) => `CAST(NULL AS ${duckdbType(c.storage)}) AS ${c.name}`);
  return `SELECT ${columns.join(', ')} WHERE 1 = 0`;
}
