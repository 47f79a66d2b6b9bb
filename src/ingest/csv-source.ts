import { bomLength, type CsvEncoding, decodeAs, detectEncoding } from '../csv/decode';
import { CsvSyntaxError, DecodeError } from '../csv/errors';
import type { CsvRecord } from '../csv/parse';
import { scanRecords } from '../csv/scan';
import { isZip, readXlsx } from '../csv/xlsx';
import { DATASETS, type DatasetName, getDataset } from '../datasets';
import { parseMunicipality } from '../normalise/municipality';
import { isBlank } from '../normalise/text';
import { detach } from './cell-readers';
import { RejectedFileError } from './errors';
import { detectDataset, HEADER_SEARCH_ROWS, mapHeader } from './header';
import type { HeaderAnswers } from './header-answers';
import { fileProblem, messages } from './messages';
import type { Encoding, Problem } from './report';

/**
 * An upload's bytes, its encoding and its first records (where the header
 * is looked for). The whole text is decoded only when asked for: the row
 * path reads it, a large upload checked in bulk never needs it (DuckDB
 * reads the bytes). Data rows are not materialised as an array: they are
 * scanned straight into the validator, so a 1M-row file never holds a
 * million records at once.
 */
export class OpenedCsv {
  private decoded: string | undefined;
  /** Set when the upload was a .xlsx workbook, read into this CSV text row for row. */
  workbook: { sheet: string; hiddenRows: number[] } | undefined;

  constructor(
    readonly bytes: Uint8Array,
    readonly encoding: CsvEncoding,
    /** Where records start in `text` (after a leading U+FEFF). */
    readonly start: number,
    /** Up to HEADER_SEARCH_ROWS complete records from the top of the file. */
    readonly head: CsvRecord[],
    /** End of the bytes the head was read from. */
    private readonly peekEnd: number,
    whole?: string,
  ) {
    this.decoded = whole;
  }

  /** The whole text, decoded on first use. @throws DecodeError (bad bytes past the first records) */
  get text(): string {
    if (this.decoded === undefined)
      this.decoded = decodeAs(this.bytes.subarray(this.textByte), this.encoding);
    return this.decoded;
  }

  /** Byte offset where `text` begins (after a UTF-8 BOM). */
  get textByte(): number {
    return bomLength(this.encoding);
  }

  /**
   * Byte offset of the first record below the header row. Records are found
   * on the bytes themselves: in UTF-8 and CP932 alike, commas, quotes and
   * line breaks are single ASCII bytes that never occur inside a character.
   */
  dataByteStart(headerRow: number): number {
    const from = this.textByte;
    const prefix = latin1(this.bytes, from, this.peekEnd);
    let row = 0;
    const at = scanRecords(
      prefix,
      this.start === 0 ? 0 : UTF8_FEFF_BYTES,
      this.peekEnd === this.bytes.length,
      () => {
        row++;
      },
      () => row,
      headerRow,
    );
    // The header row came from these very bytes, so it ends within them.
    if (row < headerRow) throw new Error(`header row ${headerRow} not within the first records`);
    return from + at;
  }
}

export type Opened = OpenedCsv | { rejected: RejectedFileError; encoding: Encoding | null };

/** What the report says the file was: its text encoding, or xlsx for a workbook. */
export function reportedEncoding(opened: Opened): Encoding | null {
  if (!('head' in opened)) return opened.encoding;
  return opened.workbook ? 'xlsx' : opened.encoding;
}

/**
 * An upload's bytes, CSV or .xlsx. A workbook's data sheet (named like the
 * dataset, else the first) becomes UTF-8 CSV text with one record per Excel
 * row, so every check after this — header search, row numbers, the bulk
 * path — is the CSV's own.
 */
export function openUpload(bytes: Uint8Array, dataset?: DatasetName): Opened {
  if (!isZip(bytes)) return openCsv(bytes);
  const preferred = dataset
    ? [getDataset(dataset).title, dataset]
    : DATASETS.flatMap((d) => [d.title, d.name]);
  let csv: Uint8Array;
  let workbook: OpenedCsv['workbook'];
  try {
    const sheet = readXlsx(bytes, preferred);
    workbook = { sheet: sheet.sheet, hiddenRows: sheet.hiddenRows };
    csv = Buffer.from(sheet.rows.map((cells) => cells.map(quoteCell).join(',')).join('\r\n'), 'utf8');
  } catch (error) {
    const rejected = asRejection(error);
    if (rejected) return { rejected, encoding: 'xlsx' };
    throw error;
  }
  const opened = openCsv(csv);
  if (!('head' in opened)) return { rejected: opened.rejected, encoding: 'xlsx' };
  opened.workbook = workbook;
  return opened;
}

const quoteCell = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** Enough bytes for ten header-ish rows of any sane sheet. */
const PEEK_BYTES = 128 * 1024;
const LF = 0x0a;
const UTF8_FEFF_BYTES = 3;

/** Bytes as one character each: records can be found in it, byte offsets are its offsets. */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', from, to);
}

/** End of the first `size` bytes from `from`, moved back to just after a line feed (so no character is cut). */
function cutAfterLineFeed(bytes: Uint8Array, from: number, size: number): number {
  if (bytes.length - from <= size) return bytes.length;
  const lf = bytes.lastIndexOf(LF, from + size - 1);
  if (lf >= from) return lf + 1;
  // No line feed that early (a CR-only file, a huge cell): look further.
  const next = bytes.indexOf(LF, from + size);
  return next < 0 ? bytes.length : next + 1;
}

/** Detects the encoding and reads the first records; bad bytes or quoting there become a rejection. */
export function openCsv(bytes: Uint8Array): Opened {
  let encoding: Encoding | null = null;
  try {
    encoding = detectEncoding(bytes);
    const from = bomLength(encoding);
    const peekEnd = cutAfterLineFeed(bytes, from, PEEK_BYTES);
    const final = peekEnd === bytes.length;
    const prefix = decodeAs(bytes.subarray(from, peekEnd), encoding);
    const start = prefix.charCodeAt(0) === 0xfeff ? 1 : 0;
    const head: CsvRecord[] = [];
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
    return new OpenedCsv(bytes, encoding, start, head, peekEnd, final ? prefix : undefined);
  } catch (error) {
    const rejected = asRejection(error);
    if (rejected) return { rejected, encoding: null };
    throw error;
  }
}

/**
 * Feeds every record below the header row to `push` with its Excel row
 * number. Bad bytes or a quoting error anywhere in the file become a rejection.
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

/** Bytes decoded per step when a walk may stop early. */
const WALK_BYTES = 1024 * 1024;

/**
 * Reads the records below the header row a megabyte of bytes at a time,
 * decoding only what it reads: a walk that stops early (the first listed
 * warnings) never decodes the whole file, and one that runs beside other
 * work can give way between steps. Throws CsvSyntaxError or DecodeError.
 */
export class DataRowWalker {
  private pos: number;
  private carry = '';
  private row: number;

  constructor(
    private readonly csv: OpenedCsv,
    headerRow: number,
  ) {
    this.pos = csv.dataByteStart(headerRow);
    this.row = headerRow;
  }

  get done(): boolean {
    return this.pos >= this.csv.bytes.length;
  }

  /** Feeds the next step's records to `push` (Excel row numbers) until it returns false; false then, or at the end. */
  step(push: (row: number, cells: string[]) => boolean): boolean {
    if (this.done) return false;
    const bytes = this.csv.bytes;
    const end = cutAfterLineFeed(bytes, this.pos, WALK_BYTES);
    const text = this.carry + decodeAs(bytes.subarray(this.pos, end), this.csv.encoding);
    let going = true;
    const next = scanRecords(
      text,
      0,
      end === bytes.length,
      (cells) => {
        this.row++;
        if (going && !push(this.row, cells)) going = false;
      },
      () => this.row,
    );
    this.carry = text.slice(next);
    this.pos = end;
    return going && !this.done;
  }
}

function asRejection(error: unknown): RejectedFileError | undefined {
  if (!(error instanceof DecodeError) && !(error instanceof CsvSyntaxError)) return undefined;
  const row = error instanceof CsvSyntaxError ? error.row : null;
  const problem: Problem = { row, column: null, value: null, code: error.code, message: error.message };
  return new RejectedFileError([problem]);
}

/** For the CLI: the towns named in a file's rows, to default the upload's municipality. */
export function municipalitiesInFile(
  bytes: Uint8Array,
  dataset?: DatasetName,
  answers?: HeaderAnswers,
): string[] {
  const csv = openUpload(bytes, dataset);
  if (!('head' in csv)) return [];
  try {
    const header = mapHeader(dataset ? getDataset(dataset) : detectDataset(csv.head), csv.head, answers);
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
