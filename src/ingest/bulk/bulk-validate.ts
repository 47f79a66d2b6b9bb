import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { storageTypeOf } from '../../datasets/schema';
import { dataStart, type OpenedCsv, walkDataRows } from '../csv-source';
import type { HeaderMap } from '../header';
import type { Lineage } from '../lineage';
import { ingestDuckDb, kvMetadata } from '../parquet';
import { MAX_LISTED_WARNINGS, type Problem, ProblemList } from '../report';
import {
  byPartition,
  optionalBlankWarnings,
  type PartitionRows,
  RowValidator,
  type ValidationContext,
  type ValidationResult,
} from '../validate';
import {
  checksSelect,
  csvSource,
  identitySql,
  mapTable,
  quoteLiteral,
  typedMapSelect,
  typedSelect,
  writtenSource,
} from './bulk-sql';
import { ValueMaps } from './value-maps';

/**
 * The bulk check: a large upload validated and written inside DuckDB, with
 * exactly the outcome the row-by-row validator (validate.ts) gives an
 * accepted file, in a fraction of the time (DuckDB reads on every core; the
 * row path is JavaScript on one).
 *
 * 1. DuckDB reads the data rows as text and lists each column's distinct
 *    spellings (but IDs and plain integers SQL can take as they are); each
 *    goes once through the same cell readers as the row path, into a map.
 * 2. DuckDB reads the rows again, looks every cell up in its column's map
 *    and writes one Parquet file per partition, lineage included. An empty
 *    required cell stops it.
 * 3. Unique keys, the row rules (their SQL form, RowRule.sql) and blank
 *    counts are checked on what was written.
 * 4. Rule warnings are listed with their Excel rows by the row validator
 *    itself, walking only as far as the listed ones need.
 *
 * Anything that would make the file rejected, and anything the two paths
 * might read differently (whitespace-only cells, quotes beside spaces,
 * unnamed columns, a line DuckDB's strict CSV reading refuses), answers
 * undefined: the caller runs the row path, which reports every problem with
 * its row. test/ingest/bulk-equivalence.test.ts holds the two paths to the
 * same reports and stored rows. Nothing is published from here: the caller
 * publishes the files, then calls `dispose`.
 */

/** Smaller uploads are checked row by row: already fast, and no temp files. */
export const BULK_MIN_CHARS = 4_000_000;

export interface BulkOptions {
  /** Uploads with fewer characters of data go row by row (tests lower it). */
  minChars?: number;
}

export interface BulkResult extends ValidationResult {
  /** Removes the written files (after publication, or when abandoning the result). */
  dispose(): Promise<void>;
}

/** Quotes next to spaces: DuckDB trims where the row path refuses or keeps text, so such files go row by row. */
const QUOTE_BESIDE_SPACE = /[ \t]"|"[ \t]/;

/** Result sets DuckDB gives back as plain JS values (counts as numbers). */
type Row = Record<string, unknown>;

class Abandon extends Error {}

export async function validateInBulk(
  csv: OpenedCsv,
  header: HeaderMap,
  context: ValidationContext,
  lineage: Lineage,
  options: BulkOptions = {},
): Promise<BulkResult | undefined> {
  const start = dataStart(csv, header.headerRow);
  if (csv.text.length - start < (options.minChars ?? BULK_MIN_CHARS)) return undefined;
  if (header.unnamed.length > 0 || header.columns.length === 0) return undefined;
  const data = csv.text.slice(start);
  if (data.includes('"') && QUOTE_BESIDE_SPACE.test(data)) return undefined;
  const maps = new ValueMaps(header, context);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'juso-bulk-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const connection = await (await ingestDuckDb()).connect();
  try {
    const file = path.join(dir, 'rows.csv');
    await writeFile(file, data, 'utf8');
    const out = path.join(dir, 'out');
    const result = await checkInDuckDb(connection, csv, header, context, lineage, maps, file, out);
    if (!result) {
      await dispose();
      return undefined;
    }
    return { ...result, dispose };
  } catch (error) {
    await dispose();
    if (error instanceof Abandon) return undefined;
    throw error;
  } finally {
    connection.closeSync();
  }
}

async function rowsOf(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Row[];
}

/** (Re)creates every map table from the maps' current entries. */
async function loadMaps(connection: DuckDBConnection, maps: ValueMaps): Promise<void> {
  for (const [i, map] of maps.columns.entries()) {
    const staging = `${mapTable(i)}_text`;
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${staging} (raw VARCHAR, v VARCHAR, x VARCHAR)`);
    const appender = await connection.createAppender(staging, 'main', 'temp');
    for (const [raw, entry] of map.entries) {
      appender.appendVarchar(raw);
      appender.appendVarchar(entry.value);
      if (entry.extra === null) appender.appendNull();
      else appender.appendVarchar(entry.extra);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${mapTable(i)} AS ${typedMapSelect(storageTypeOf(map.column), map.extra, staging)}`,
    );
  }
}

/**
 * Step 1: every distinct spelling of every column (but the cells SQL takes
 * as they are), read by the row path's cell readers. False when one is a
 * problem: the row path will report it with its rows.
 */
async function learnSpellings(
  connection: DuckDBConnection,
  maps: ValueMaps,
  source: string,
): Promise<boolean> {
  const lists = maps.columns.map((m, i) => {
    const c = `c${m.index}`;
    const plain = identitySql(m);
    return `list(DISTINCT ${c}) FILTER (WHERE ${c} IS NOT NULL${plain ? ` AND NOT coalesce(${plain.when}, false)` : ''}) AS u${i}`;
  });
  const [row] = await rowsOf(connection, `SELECT ${lists.join(', ')} FROM ${source}`);
  for (let i = 0; i < maps.columns.length; i++)
    for (const text of (row?.[`u${i}`] as string[] | null) ?? [])
      if (maps.add(i, text) !== undefined) return false;
  return true;
}

async function checkInDuckDb(
  connection: DuckDBConnection,
  csv: OpenedCsv,
  header: HeaderMap,
  context: ValidationContext,
  lineage: Lineage,
  maps: ValueMaps,
  file: string,
  out: string,
): Promise<ValidationResult | undefined> {
  const dataset = header.dataset;
  const source = csvSource(file, header.width);
  // DuckDB cannot estimate the file's rows and would build its hash tables
  // on the file's side of each join; the maps are the small side.
  await connection.run(`SET disabled_optimizers = 'join_order,build_side_probe_side'`);
  try {
    if (!(await learnSpellings(connection, maps, source))) return undefined;
  } catch {
    // A line DuckDB's strict CSV reading refuses (a short row, a newline it
    // reads otherwise): the row path reads the file, and reports any problem.
    return undefined;
  }
  await loadMaps(connection, maps);
  const copy = `COPY (${typedSelect(dataset, maps.columns, source)}) TO ${quoteLiteral(out)} (FORMAT parquet, PARTITION_BY (municipality_code, ${dataset.partitionColumn}), FILENAME_PATTERN 'part', KV_METADATA {${kvMetadata(lineage)}})`;
  try {
    await connection.run(copy);
  } catch {
    // A required cell left empty (error() in the SELECT) or a line DuckDB's
    // strict CSV reading refuses: the row path reports it with its row (and
    // meets any failure of the machine itself again, and throws).
    return undefined;
  }
  const optional = header.columns.filter((c) => !c.column.required).map((c) => c.column);
  const checks = await rowsOf(
    connection,
    checksSelect(
      dataset,
      optional.map((c) => c.name),
      writtenSource(dataset, out),
    ),
  );
  const ruleTotals = dataset.rowRules.map(() => 0);
  const blanks = new Map(optional.map((c) => [c, 0]));
  const partitions: PartitionRows[] = [];
  let dataRows = 0;
  for (const check of checks) {
    const n = Number(check.n);
    const unique = dataset.uniqueKey.length === 0 ? n === 1 : Number(check.keys) === n;
    if (!unique) return undefined;
    dataset.rowRules.forEach((_, r) => {
      ruleTotals[r] = (ruleTotals[r] as number) + Number(check[`rule_${r}`]);
    });
    optional.forEach((c, b) => {
      blanks.set(c, (blanks.get(c) as number) + Number(check[`blank_${b}`]));
    });
    dataRows += n;
    const municipalityCode = String(check.municipality_code);
    const partitionValue = String(check.part);
    partitions.push({
      municipalityCode,
      partitionValue,
      rows: {
        kind: 'parquet-file',
        rowCount: n,
        path: await partitionFile(out, dataset.partitionColumn, municipalityCode, partitionValue),
      },
    });
  }
  if (dataset.rowRules.some((rule, r) => rule.severity === 'error' && (ruleTotals[r] as number) > 0))
    return undefined;
  const ruleWarnings = dataset.rowRules.reduce(
    (sum, rule, r) => sum + (rule.severity === 'warning' ? (ruleTotals[r] as number) : 0),
    0,
  );
  const warnings = new ProblemList(MAX_LISTED_WARNINGS);
  for (const problem of header.warnings) warnings.add(problem);
  const listed = listRowWarnings(csv, header, context, ruleWarnings);
  for (const problem of listed) warnings.add(problem);
  warnings.total += ruleWarnings - listed.length;
  for (const problem of optionalBlankWarnings(header, blanks)) warnings.add(problem);
  const partitionValues = partitions.map((p) => p.partitionValue);
  return {
    dataRows,
    errors: new ProblemList(0),
    warnings,
    partitions: partitions.sort(byPartition),
    fiscalYears:
      dataset.partitionColumn === 'fiscal_year'
        ? [...new Set(partitionValues.map(Number))].sort((a, b) => a - b)
        : [],
    asOfDates: dataset.partitionColumn === 'as_of' ? [...new Set(partitionValues)].sort() : [],
  };
}

/** The one file DuckDB wrote for a partition (hive directories as publication names them). */
async function partitionFile(out: string, column: string, code: string, value: string): Promise<string> {
  const dir = path.join(out, `municipality_code=${code}`, `${column}=${value}`);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.parquet'));
  // DuckDB splits a partition's rows over several files when it keeps too many
  // partitions open at once: publication wants one object, so go row by row.
  if (files.length !== 1) throw new Abandon();
  return path.join(dir, files[0] as string);
}

/**
 * Step 4: the rule warnings the report lists, found by the row validator
 * over the first rows, exactly as a row-by-row check would list them.
 */
function listRowWarnings(
  csv: OpenedCsv,
  header: HeaderMap,
  context: ValidationContext,
  total: number,
): Problem[] {
  const wanted = Math.min(total, MAX_LISTED_WARNINGS - header.warnings.length);
  if (wanted <= 0) return [];
  const validator = new RowValidator(header, context);
  const { errors, warnings } = validator.problems;
  const before = header.warnings.length;
  walkDataRows(csv, header.headerRow, (row, cells) => {
    validator.push(row, cells);
    return warnings.items.length - before < wanted && errors.total === 0;
  });
  // The written rows passed every check; the row validator disagreeing means the paths read a row differently.
  if (errors.total > 0 || warnings.items.length - before < wanted) throw new Abandon();
  return warnings.items.slice(before, before + wanted);
}
