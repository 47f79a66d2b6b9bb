import { type CsvError, type Options, parse as parseStream } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { isBlank } from '../normalise/text';
import { CsvSyntaxError } from './errors';

/** One CSV record; `row` is the row number Excel shows (a quoted cell with line breaks stays one row). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

const OPTIONS: Options = {
  // Ragged rows are reported by validation, with their row numbers, not here.
  relax_column_count: true,
  // Excel writes CRLF; hand-edited files mix LF; old Mac tools write CR.
  record_delimiter: ['\r\n', '\n', '\r'],
  skip_empty_lines: false,
  bom: true,
};

const isBlankRow = (cells: readonly string[]): boolean => cells.every(isBlank);

function syntaxError(err: unknown): unknown {
  const e = err as Partial<CsvError> & { records?: number };
  if (typeof e.code !== 'string' || (!e.code.startsWith('CSV_') && e.code !== 'INVALID_OPENING_QUOTE'))
    return err;
  const row = (e.records ?? 0) + 1;
  const what =
    e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? `${row}行目で始まる引用符（"）が閉じられていません`
      : `${row}行目の引用符（"）の使い方が正しくありません`;
  return new CsvSyntaxError(
    row,
    `${what}。セルの中で " を使うときは "" と2つ重ね、セル全体を " で囲んでください（Excel で CSV として保存し直すと直ります）。`,
    { cause: err },
  );
}

/**
 * CSV text → records numbered as Excel numbers rows. Blank rows in the middle
 * are kept (validation skips them, and keeping them keeps row numbers true);
 * trailing blank rows are dropped.
 * @throws CsvSyntaxError
 */
export function parseCsv(text: string): CsvRecord[] {
  let row = 0;
  let records: CsvRecord[];
  try {
    // on_record builds each CsvRecord in place, so no second array of 1M records is made.
    const toRecord = (cells: string[]) => ({ row: ++row, cells });
    records = parseSync(text, {
      ...OPTIONS,
      on_record: toRecord as unknown as Options['on_record'],
    }) as unknown as CsvRecord[];
  } catch (err) {
    throw syntaxError(err);
  }
  let end = records.length;
  while (end > 0 && isBlankRow((records[end - 1] as CsvRecord).cells)) end--;
  records.length = end;
  return records;
}

const CHUNK = 1 << 20;

async function* chunksOf(text: string): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += CHUNK) yield text.slice(i, i + CHUNK);
}

/**
 * Streaming variant of {@link parseCsv}: records are yielded as they are read,
 * so a large upload never exists as one array of records.
 * @throws CsvSyntaxError (while iterating)
 */
export async function* parseCsvStream(input: string | AsyncIterable<string>): AsyncIterable<CsvRecord> {
  const parser = parseStream(OPTIONS);
  const source = typeof input === 'string' ? chunksOf(input) : input;
  const feeding = (async () => {
    try {
      for await (const chunk of source)
        if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  let row = 0;
  // Blank rows are held back until a non-blank row shows they are not trailing.
  const pending: CsvRecord[] = [];
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const record = { row: ++row, cells };
      if (isBlankRow(cells)) {
        pending.push(record);
        continue;
      }
      if (pending.length > 0) yield* pending.splice(0);
      yield record;
    }
  } catch (err) {
    throw syntaxError(err);
  } finally {
    parser.destroy();
    await feeding;
  }
}
