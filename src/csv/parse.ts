import { isBlank } from '../normalise/text';
import { scanRecords } from './scan';

/** One CSV record; `row` is the row number Excel shows (a quoted cell with line breaks stays one row). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

const isBlankRow = (cells: readonly string[]): boolean => cells.every(isBlank);
const BOM = 0xfeff;

/**
 * CSV text → records numbered as Excel numbers rows. Blank rows in the middle
 * are kept (validation skips them, and keeping them keeps row numbers true);
 * trailing blank rows are dropped. Rows may have different cell counts.
 * @example parseCsv('a,b\r\n"x\ny",z\r\n') // [{ row: 1, cells: ['a', 'b'] }, { row: 2, cells: ['x\ny', 'z'] }]
 * @throws CsvSyntaxError
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const start = text.charCodeAt(0) === BOM ? 1 : 0;
  scanRecords(
    text,
    start,
    true,
    (cells) => records.push({ row: records.length + 1, cells }),
    () => records.length,
  );
  let end = records.length;
  while (end > 0 && isBlankRow((records[end - 1] as CsvRecord).cells)) end--;
  records.length = end;
  return records;
}

/** Text per step when a whole string is streamed: bounds the records held at once. */
const CHUNK = 1 << 20;

async function* chunksOf(text: string): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += CHUNK) yield text.slice(i, i + CHUNK);
}

/**
 * Streaming variant of {@link parseCsv}: records are yielded as they are
 * read, so a large upload never exists as one array of records.
 * @throws CsvSyntaxError (while iterating)
 */
export async function* parseCsvStream(input: string | AsyncIterable<string>): AsyncIterable<CsvRecord> {
  let row = 0;
  let rest = '';
  let first = true;
  // Blank rows are held back until a non-blank row shows they are not trailing.
  let pending: CsvRecord[] = [];
  let ready: CsvRecord[] = [];
  const emit = (cells: string[]) => {
    const record = { row: ++row, cells };
    if (isBlankRow(cells)) pending.push(record);
    else {
      if (pending.length > 0) {
        for (const p of pending) ready.push(p);
        pending = [];
      }
      ready.push(record);
    }
  };
  const rows = () => row;
  for await (const chunk of typeof input === 'string' ? chunksOf(input) : input) {
    let text = rest + chunk;
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
      first = false;
    }
    rest = text.slice(scanRecords(text, 0, false, emit, rows));
    if (ready.length > 0) {
      yield* ready;
      ready = [];
    }
  }
  scanRecords(rest, 0, true, emit, rows);
  yield* ready;
}
