import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { latin1, type OpenedCsv } from '../csv-source';
import type { HeaderMap } from '../header';
import type { Lineage } from '../lineage';
import { ingestDuckDb, kvMetadata } from '../parquet';
import { MAX_LISTED_WARNINGS, ProblemList } from '../report';
import {
  byPartition,
  optionalBlankWarnings,
  type PartitionRows,
  type ValidationContext,
  type ValidationResult,
  warnsOnBlank,
} from '../validate';
import {
  countsSelect,
  csvSource,
  keysSelect,
  mapTable,
  quoteLiteral,
  typedMapSelect,
  typedSelect,
  writtenSource,
} from './bulk-sql';
import { decodeCp932Spelling, transcodeForDuckDb, writeTranscoded } from './bytes-for-duckdb';
import { closeSession, openSession, registerSpellingFunctions } from './spelling-functions';
import { defaultSampleBytes, learnSpellings, sampleOf } from './spelling-sample';
import { ValueMaps } from './value-maps';
import { listRowWarnings, ruleWarningsIn } from './warning-list';

/**
 * The bulk check: a large upload validated and written inside DuckDB, with
 * exactly the outcome the row-by-row validator (validate.ts) gives an
 * accepted file, in a fraction of the time (DuckDB reads on every core; the
 * row path is JavaScript on one). The text is never decoded whole: DuckDB
 * reads the bytes (a CP932 file as one character per byte, which keeps its
 * commas, quotes and line breaks where they are), and only each distinct
 * spelling is decoded, once.
 *
 * 1. A spread sample of the rows is read in JS and each column's spellings
 *    in it go through the same cell readers as the row path, into a map
 *    (IDs and plain integers SQL takes as they are, with no map).
 * 2. DuckDB reads the rows, looks every cell up in its column's map and
 *    writes one Parquet file per partition, lineage included. A spelling
 *    the sample missed is handed to JS by a registered function, read the
 *    same way and kept; one that cannot be taken, or an empty required
 *    cell, stops the statement.
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
export const BULK_MIN_BYTES = 4_000_000;

export interface BulkOptions {
  /** Uploads with fewer bytes of data rows go row by row (tests lower it). */
  minBytes?: number;
  /** Bytes of rows the sample reads (default: an eighth, at least 4 MB); 0 sends every spelling to the JS functions. */
  sampleBytes?: number;
}

export interface BulkResult extends ValidationResult {
  /** Spellings the sample missed, read while DuckDB wrote the rows (a measure of the sample, for tests and benchmarks). */
  lateSpellings: number;
  /** Removes the written files (after publication, or when abandoning the result). */
  dispose(): Promise<void>;
}

/** Quotes next to spaces: DuckDB trims where the row path refuses or keeps text, so such files go row by row. */
const QUOTE_BESIDE_SPACE = /[ \t]"|"[ \t]/;
const QUOTE = 0x22;

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
  if (header.unnamed.length > 0 || header.columns.length === 0) return undefined;
  const from = csv.dataByteStart(header.headerRow);
  const bytes = Buffer.from(csv.bytes.buffer, csv.bytes.byteOffset, csv.bytes.byteLength).subarray(from);
  if (bytes.length < (options.minBytes ?? BULK_MIN_BYTES)) return undefined;
  if (bytes.indexOf(QUOTE) >= 0 && QUOTE_BESIDE_SPACE.test(latin1(bytes, 0, bytes.length))) return undefined;
  const cp932 = csv.encoding === 'cp932';
  const maps = new ValueMaps(header, context, cp932 ? decodeCp932Spelling : undefined);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'juso-bulk-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, 'rows.csv');
  let written: Promise<void> = Promise.resolve();
  const instance = await ingestDuckDb();
  const connection = await instance.connect();
  try {
    const sample = sampleOf(bytes, options.sampleBytes ?? defaultSampleBytes(bytes.length));
    // DuckDB cannot estimate the file's rows and would build its hash tables
    // on the file's side of each join; the maps are the small side.
    await connection.run(`SET disabled_optimizers = 'join_order,build_side_probe_side'`);
    registerSpellingFunctions(instance, connection);
    // While DuckDB reads the sample and loads the maps, the whole file is made ready for it
    // (a sample that is the whole file is read from it once written).
    written = cp932 ? writeTranscoded(file, bytes) : writeFile(file, bytes);
    let learning = Promise.resolve();
    if (sample) {
      const sampleFile = sample === bytes ? file : path.join(dir, 'sample.csv');
      if (sample === bytes) await written;
      else await writeFile(sampleFile, cp932 ? transcodeForDuckDb(sample) : sample);
      learning = learnSpellings(
        connection,
        maps,
        csvSource(sampleFile, header.width, { skipBadLines: true }),
      );
    }
    await Promise.all([learning.then(() => loadMaps(connection, maps)), written]);
    const result = await checkInDuckDb(connection, csv, header, context, lineage, maps, file, dir);
    if (!result) {
      await dispose();
      return undefined;
    }
    return { ...result, lateSpellings: maps.late, dispose };
  } catch (error) {
    await written.catch(() => undefined);
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
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${mapTable(i)} AS ${typedMapSelect(map, staging)}`);
  }
}

/** Step 2: the typed rows written per partition; false when the file must go row by row. */
async function writePartitions(
  connection: DuckDBConnection,
  header: HeaderMap,
  lineage: Lineage,
  maps: ValueMaps,
  source: string,
  out: string,
): Promise<boolean> {
  const dataset = header.dataset;
  const session = openSession(maps);
  try {
    await connection.run(
      `COPY (${typedSelect(dataset, maps.columns, source, session)}) TO ${quoteLiteral(out)} (FORMAT parquet, PARTITION_BY (municipality_code, ${dataset.partitionColumn}), FILENAME_PATTERN 'part', KV_METADATA {${kvMetadata(lineage)}})`,
    );
    return true;
  } catch {
    // A required cell left empty (error() in the SELECT), a spelling that
    // cannot be taken, or a line DuckDB's strict CSV reading refuses: the
    // row path reports it with its row (and meets any failure of the
    // machine itself again, and throws).
    return false;
  } finally {
    closeSession(session);
  }
}

async function checkInDuckDb(
  connection: DuckDBConnection,
  csv: OpenedCsv,
  header: HeaderMap,
  context: ValidationContext,
  lineage: Lineage,
  maps: ValueMaps,
  file: string,
  dir: string,
): Promise<ValidationResult | undefined> {
  const dataset = header.dataset;
  const source = csvSource(file, header.width);
  const out = path.join(dir, 'out');
  if (!(await writePartitions(connection, header, lineage, maps, source, out))) return undefined;
  const optional = header.columns.filter((c) => warnsOnBlank(c.column)).map((c) => c.column);
  const written = writtenSource(dataset, out);
  const checks = await rowsOf(connection, countsSelect(dataset, optional, written));
  const ruleTotals = dataset.rowRules.map(() => 0);
  const blanks = new Map(optional.map((c) => [c, 0]));
  const partitions: PartitionRows[] = [];
  let dataRows = 0;
  for (const check of checks) {
    const n = Number(check.n);
    // Without a unique key, a partition holds one row (implementation, population).
    if (dataset.uniqueKey.length === 0 && n !== 1) return undefined;
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
  const ruleWarnings = ruleWarningsIn(dataset, checks);
  // Listed only now, knowing how many there are (a walk started earlier
  // would read the whole file in JS when it has none), while DuckDB counts
  // the unique keys.
  const keys = keysSelect(dataset, written);
  const [keyCounts, listed] = await Promise.all([
    keys ? rowsOf(connection, keys) : undefined,
    listRowWarnings(csv, header, context, ruleWarnings),
  ]);
  if (keyCounts && !keysUnique(keyCounts, checks)) return undefined;
  const warnings = new ProblemList(MAX_LISTED_WARNINGS);
  for (const problem of header.warnings) warnings.add(problem);
  if (!listed || listed.length < Math.min(ruleWarnings, MAX_LISTED_WARNINGS - header.warnings.length))
    return undefined;
  for (const problem of listed) warnings.add(problem);
  warnings.total += ruleWarnings - listed.length;
  for (const problem of optionalBlankWarnings(header, blanks)) warnings.add(problem);
  const partitionValues = partitions.map((p) => p.partitionValue);
  return {
    dataRows,
    errors: new ProblemList(0),
    warnings,
    unchecked: new ProblemList(0),
    partitions: partitions.sort(byPartition),
    fiscalYears:
      dataset.partitionColumn === 'fiscal_year'
        ? [...new Set(partitionValues.map(Number))].sort((a, b) => a - b)
        : [],
    asOfDates: dataset.partitionColumn === 'as_of' ? [...new Set(partitionValues)].sort() : [],
  };
}

/** Whether each partition has as many distinct keys as rows. */
function keysUnique(keyCounts: readonly Row[], checks: readonly Row[]): boolean {
  const rows = new Map(checks.map((c) => [`${c.municipality_code}/${c.part}`, Number(c.n)]));
  return (
    keyCounts.length === checks.length &&
    keyCounts.every((k) => rows.get(`${k.municipality_code}/${k.part}`) === Number(k.keys))
  );
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
