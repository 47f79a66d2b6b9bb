import { decodeCsv } from '../csv/decode';
import { CsvSyntaxError, DecodeError } from '../csv/errors';
import type { CsvRecord } from '../csv/parse';
import { scanRecords } from '../csv/scan';
import { type DatasetName, getDataset } from '../datasets';
import { parseMunicipality } from '../normalise/municipality';
import { isBlank } from '../normalise/text';
import { detach } from './cell-readers';
import { RejectedFileError } from './errors';
import { detectDataset, HEADER_SEARCH_ROWS, mapHeader } from './header';
import { fileProblem, messages } from './messages';
import type { Encoding, Problem } from './report';

/**
 * An upload's text and its first records (where the header is looked for).
 * Data rows are not materialised as an array: they are scanned straight into
 * the validator, so a 1M-row file never holds a million records at once.
 */
export interface OpenedCsv {
  encoding: Encoding;
  text: string;
  /** Where records start (after a BOM). */
  start: number;
  /** Up to HEADER_SEARCH_ROWS complete records from the top of the file. */
  head: CsvRecord[];
}

export type Opened = OpenedCsv | { rejected: RejectedFileError; encoding: Encoding | null };

/** Enough text for ten header-ish rows of any sane sheet. */
const PEEK_CHARS = 64 * 1024;

/** Decodes the bytes and reads the first records; bad bytes or quoting become a rejection. */
export function openCsv(bytes: Uint8Array): Opened {
  let encoding: Encoding | null = null;
  try {
    const decoded = decodeCsv(bytes);
    encoding = decoded.encoding;
    const text = decoded.text;
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const head: CsvRecord[] = [];
    const final = start + PEEK_CHARS >= text.length;
    const prefix = final ? text : text.slice(0, start + PEEK_CHARS);
    scanRecords(
      prefix,
      start,
      final,
      (cells) => {
        if (head.length < HEADER_SEARCH_ROWS) head.push({ row: head.length + 1, cells });
      },
      () => head.length,
    );
    if (final && head.every((r) => r.cells.every(isBlank)))
      return { rejected: new RejectedFileError([fileProblem('empty_file', messages.emptyFile())]), encoding };
    return { encoding: decoded.encoding, text, start, head };
  } catch (error) {
    const rejected = asRejection(error);
    if (rejected) return { rejected, encoding };
    throw error;
  }
}

/**
 * Feeds every record below the header row to `push` with its Excel row
 * number. A quoting error anywhere in the file becomes a rejection.
 */
export function scanDataRows(
  csv: OpenedCsv,
  headerRow: number,
  push: (row: number, cells: string[]) => void,
): void {
  let row = 0;
  try {
    scanRecords(
      csv.text,
      csv.start,
      true,
      (cells) => {
        row++;
        if (row > headerRow) push(row, cells);
      },
      () => row,
    );
  } catch (error) {
    const rejected = asRejection(error);
    if (rejected) throw rejected;
    throw error;
  }
}

/** Where the first record below the header row starts in `csv.text`. */
export function dataStart(csv: OpenedCsv, headerRow: number): number {
  let row = 0;
  return scanRecords(
    csv.text,
    csv.start,
    true,
    () => {
      row++;
    },
    () => row,
    headerRow,
  );
}

/** Records read per call when a walk may stop early. */
const BATCH_RECORDS = 4096;

/**
 * Like scanDataRows, but stops once `push` returns false (checked every few
 * thousand records): reads as far as a bounded sample or the first listed
 * warnings need, not the whole file. Quoting errors throw CsvSyntaxError.
 */
export function walkDataRows(
  csv: OpenedCsv,
  headerRow: number,
  push: (row: number, cells: string[]) => boolean,
): void {
  let row = headerRow;
  let going = true;
  const text = csv.text;
  for (let pos = dataStart(csv, headerRow); going && pos < text.length; ) {
    pos = scanRecords(
      text,
      pos,
      true,
      (cells) => {
        row++;
        if (going && !push(row, cells)) going = false;
      },
      () => row,
      BATCH_RECORDS,
    );
  }
}

function asRejection(error: unknown): RejectedFileError | undefined {
  if (!(error instanceof DecodeError) && !(error instanceof CsvSyntaxError)) return undefined;
  const row = error instanceof CsvSyntaxError ? error.row : null;
  const problem: Problem = { row, column: null, value: null, code: error.code, message: error.message };
  return new RejectedFileError([problem]);
}

/** For the CLI: the towns named in a file's rows, to default the upload's municipality. */
export function municipalitiesInFile(bytes: Uint8Array, dataset?: DatasetName): string[] {
  const csv = openCsv(bytes);
  if (!('head' in csv)) return [];
  try {
    const header = mapHeader(dataset ? getDataset(dataset) : detectDataset(csv.head), csv.head);
    const cell = header.columns.find((c) => c.column.name === 'municipality_code');
    if (!cell) return [];
    const codes = new Set<string>();
    scanDataRows(csv, header.headerRow, (_row, cells) => {
      const parsed = parseMunicipality(detach(cells[cell.index] ?? ''));
      if (parsed.ok) codes.add(parsed.value);
    });
    return [...codes].sort();
  } catch (error) {
    if (error instanceof RejectedFileError) return [];
    throw error;
  }
}
