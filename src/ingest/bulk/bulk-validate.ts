import { transcode } from 'node:buffer';
import { mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type DuckDBConnection,
  type DuckDBInstance,
  DuckDBScalarFunction,
  INTEGER,
  VARCHAR,
} from '@duckdb/node-api';
import { decodeAs } from '../../csv/decode';
import { CsvSyntaxError, DecodeError } from '../../csv/errors';
import { storageTypeOf } from '../../datasets/schema';
import { DataRowWalker, latin1, type OpenedCsv } from '../csv-source';
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
  SPELLING_EXTRA,
  SPELLING_VALUE,
  typedMapSelect,
  typedSelect,
  writtenSource,
} from './bulk-sql';
import { type MapEntry, ValueMaps } from './value-maps';

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

/**
 * How much of the file the sample reads: an eighth, spread over 64 places
 * (a file sorted by date still shows every season), and at least 4 MB.
 * Spellings it misses go to JS one chunk of rows at a time, never wrong.
 */
const SAMPLE_SHARE = 8;
const SAMPLE_MIN_BYTES = 4 * 1024 * 1024;
const SAMPLE_WINDOWS = 64;
const LF = 0x0a;

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
  // DuckDB reads UTF-8 only: a CP932 file goes in as one character per byte.
  const forDuckDb = (piece: Buffer) => (cp932 ? transcode(piece, 'latin1', 'utf8') : piece);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'juso-bulk-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, 'rows.csv');
  let written: Promise<void> = Promise.resolve();
  const instance = await ingestDuckDb();
  const connection = await instance.connect();
  try {
    const sample = sampleOf(
      bytes,
      options.sampleBytes ?? Math.max(SAMPLE_MIN_BYTES, Math.ceil(bytes.length / SAMPLE_SHARE)),
    );
    if (sample === bytes) {
      await writeFile(file, forDuckDb(bytes));
      await learnSpellings(connection, maps, csvSource(file, header.width, { skipBadLines: true }));
    } else {
      let learning = Promise.resolve();
      if (sample) {
        const sampleFile = path.join(dir, 'sample.csv');
        await writeFile(sampleFile, forDuckDb(sample));
        learning = learnSpellings(
          connection,
          maps,
          csvSource(sampleFile, header.width, { skipBadLines: true }),
        );
      }
      // While DuckDB reads the sample, the whole file is made ready for it.
      written = cp932 ? writeTranscoded(file, bytes) : writeFile(file, bytes);
      await Promise.all([learning, written]);
    }
    registerSpellingFunctions(instance, connection);
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

/** A CP932 spelling as DuckDB holds it (a character per byte) → its text; undefined when not Shift_JIS. */
function decodeCp932Spelling(spelling: string): string | undefined {
  try {
    return decodeAs(Buffer.from(spelling, 'latin1'), 'cp932');
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}

/** Bytes transcoded per write: each is written while the next is transcoded. */
const TRANSCODE_BYTES = 8 * 1024 * 1024;

/**
 * A CP932 file as DuckDB reads it (one character per byte, in UTF-8),
 * transcoded and written in turns: each piece is written while the next is
 * transcoded.
 */
export async function writeTranscoded(
  file: string,
  bytes: Buffer,
  pieceBytes = TRANSCODE_BYTES,
): Promise<void> {
  const handle = await open(file, 'w');
  const writeAll = async (piece: Buffer, position: number) => {
    for (let done = 0; done < piece.length; ) {
      const { bytesWritten } = await handle.write(piece, done, piece.length - done, position + done);
      done += bytesWritten;
    }
  };
  try {
    let writing = Promise.resolve();
    let position = 0;
    for (let at = 0; at < bytes.length; at += pieceBytes) {
      const piece = transcode(bytes.subarray(at, at + pieceBytes), 'latin1', 'utf8');
      await writing;
      writing = writeAll(piece, position);
      position += piece.length;
    }
    await writing;
  } finally {
    await handle.close();
  }
}

/**
 * Step 1's rows: the whole data when the budget covers it, else 64 windows
 * of whole lines spread over the file, or none (budget 0).
 */
function sampleOf(bytes: Buffer, budget: number): Buffer | undefined {
  if (budget <= 0) return undefined;
  if (budget >= bytes.length) return bytes;
  const size = Math.ceil(budget / SAMPLE_WINDOWS);
  const windows: Buffer[] = [];
  for (let w = 0; w < SAMPLE_WINDOWS; w++) {
    // Each window but the first starts on a new line and ends after one.
    const start = w === 0 ? 0 : bytes.indexOf(LF, Math.floor((w * bytes.length) / SAMPLE_WINDOWS)) + 1;
    if ((w > 0 && start === 0) || start >= bytes.length) continue;
    const lf = bytes.indexOf(LF, Math.min(bytes.length, start + size) - 1);
    windows.push(bytes.subarray(start, lf < 0 ? bytes.length : lf + 1));
  }
  return Buffer.concat(windows);
}

/**
 * Step 1: each column's distinct spellings in the sample (but those SQL
 * takes as they are), read by the row path's cell readers. A window may
 * start inside a quoted cell: DuckDB skips lines it cannot read, and what
 * it reads there is at worst a spelling no row has (every entry is a true
 * reading of its spelling). One that cannot be taken is left for the rows
 * to meet, or not, while they are written.
 */
async function learnSpellings(connection: DuckDBConnection, maps: ValueMaps, source: string): Promise<void> {
  const lists = maps.columns.map((m, i) => {
    const c = `c${m.index}`;
    const plain = identitySql(m);
    return `list(DISTINCT ${c}) FILTER (WHERE ${c} IS NOT NULL${plain ? ` AND NOT coalesce(${plain.when}, false)` : ''}) AS u${i}`;
  });
  let row: Row | undefined;
  try {
    [row] = await rowsOf(connection, `SELECT ${lists.join(', ')} FROM ${source}`);
  } catch {
    // A sample DuckDB cannot read at all teaches nothing; the rows are still read in full.
    return;
  }
  for (let i = 0; i < maps.columns.length; i++)
    for (const text of (row?.[`u${i}`] as string[] | null) ?? []) maps.learn(i, text);
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
    sessions.delete(session);
  }
}

/** The maps of the uploads being written, by the session number their SQL names. */
const sessions = new Map<number, ValueMaps>();
let lastSession = 0;
const withFunctions = new WeakSet<DuckDBInstance>();

function openSession(maps: ValueMaps): number {
  lastSession++;
  sessions.set(lastSession, maps);
  return lastSession;
}

/**
 * Registers, once per DuckDB instance, the two functions the COPY calls for
 * a spelling its map tables lack (bulk-sql.ts). DuckDB calls them only for
 * those rows, on the JS thread; each new spelling is read once and kept.
 */
function registerSpellingFunctions(instance: DuckDBInstance, connection: DuckDBConnection): void {
  if (withFunctions.has(instance)) return;
  for (const [name, pick] of [
    [SPELLING_VALUE, (e: MapEntry) => e.value],
    [SPELLING_EXTRA, (e: MapEntry) => e.extra],
  ] as const)
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name,
        returnType: VARCHAR,
        parameterTypes: [INTEGER, INTEGER, VARCHAR],
        mainFunction: (info, input, output) => {
          const session = input.getColumnVector(0);
          const column = input.getColumnVector(1);
          const spelling = input.getColumnVector(2);
          try {
            for (let r = 0; r < input.rowCount; r++) {
              const entry = sessions
                .get(session.getItem(r) as number)
                ?.entryOf(column.getItem(r) as number, spelling.getItem(r) as string);
              if (!entry) {
                info.setError(`bulk: a spelling the row path must report (column ${column.getItem(r)})`);
                return;
              }
              output.setItem(r, pick(entry));
            }
            output.flush();
          } catch (error) {
            // Never let an exception cross into DuckDB's thread: stop the statement, and the
            // row path meets the same failure where it can throw.
            info.setError(`bulk: ${String(error)}`);
          }
        },
      }),
    );
  withFunctions.add(instance);
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
  // DuckDB cannot estimate the file's rows and would build its hash tables
  // on the file's side of each join; the maps are the small side.
  await connection.run(`SET disabled_optimizers = 'join_order,build_side_probe_side'`);
  await loadMaps(connection, maps);
  if (!(await writePartitions(connection, header, lineage, maps, source, out))) return undefined;
  const optional = header.columns.filter((c) => !c.column.required).map((c) => c.column);
  const counting = rowsOf(
    connection,
    checksSelect(
      dataset,
      optional.map((c) => c.name),
      writtenSource(dataset, out),
    ),
  );
  // While DuckDB counts, JS lists the first rule warnings (it needs the count only to know when to stop).
  const listing = listRowWarnings(
    csv,
    header,
    context,
    counting.then((checks) => ruleWarningsIn(dataset, checks)),
  );
  const [checks, listed] = await Promise.all([counting, listing]);
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
  const ruleWarnings = ruleWarningsIn(dataset, checks);
  const warnings = new ProblemList(MAX_LISTED_WARNINGS);
  for (const problem of header.warnings) warnings.add(problem);
  if (listed.length < Math.min(ruleWarnings, MAX_LISTED_WARNINGS - header.warnings.length)) return undefined;
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

/** Rows breaking a warning-severity rule, over all partitions' checks. */
function ruleWarningsIn(dataset: HeaderMap['dataset'], checks: readonly Row[]): number {
  let total = 0;
  for (const check of checks)
    dataset.rowRules.forEach((rule, r) => {
      if (rule.severity === 'warning') total += Number(check[`rule_${r}`]);
    });
  return total;
}

const giveWay = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Step 4: the rule warnings the report lists, found by the row validator
 * over the first rows, exactly as a row-by-row check would list them. Runs
 * beside DuckDB's counting, a megabyte at a time: until `total` settles it
 * reads as far as the report could list, then stops at the count it needs.
 */
async function listRowWarnings(
  csv: OpenedCsv,
  header: HeaderMap,
  context: ValidationContext,
  total: Promise<number>,
): Promise<Problem[]> {
  const listable = MAX_LISTED_WARNINGS - header.warnings.length;
  let wanted: number | undefined;
  const known = total.then(
    (n) => {
      wanted = Math.min(n, listable);
    },
    () => {
      wanted = 0;
    },
  );
  const validator = new RowValidator(header, context);
  const { errors, warnings } = validator.problems;
  const before = header.warnings.length;
  const found = () => warnings.items.length - before;
  const walker = new DataRowWalker(csv, header.headerRow);
  try {
    for (;;) {
      const enough = found() >= (wanted ?? listable) || errors.total > 0 || walker.done;
      if (enough && wanted === undefined) await known;
      else if (enough) break;
      else {
        const limit = wanted ?? listable;
        walker.step((row, cells) => {
          validator.push(row, cells);
          return found() < limit && errors.total === 0;
        });
        await giveWay();
      }
    }
  } catch (error) {
    // DuckDB read every line; the row path not reading one means the two disagree.
    if (error instanceof CsvSyntaxError || error instanceof DecodeError) throw new Abandon();
    throw error;
  }
  // The written rows passed every check; the row validator disagreeing means the paths read a row differently.
  if (errors.total > 0) throw new Abandon();
  return warnings.items.slice(before, before + (wanted ?? 0));
}
