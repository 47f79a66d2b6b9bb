import type { Dataset, StorageType } from '../datasets';
import { parquetColumns } from '../datasets/schema';

/**
 * Normalised rows as the UTF-8 TSV that DuckDB turns into Parquet
 * (src/ingest/parquet.ts): one line per row, columns in parquetColumns
 * order. The validator encodes each accepted row as it checks it, so an
 * upload never holds a million row objects nor walks them a second time.
 */

/** Rows already encoded: whole lines, in chunks of UTF-8 bytes. */
export interface EncodedRows {
  rowCount: number;
  chunks: readonly Uint8Array[];
}

export const isEncoded = (rows: unknown): rows is EncodedRows =>
  typeof rows === 'object' && rows !== null && !Array.isArray(rows) && 'chunks' in rows;

/** Lists travel as one text cell: items joined by U+001F after a U+001E marker, so [] and null differ. */
export const LIST_MARK = '\u001e';
export const ITEM_SEP = '\u001f';

type Encoder = (value: unknown) => string;

/** One dataset's row → TSV line. */
export class RowEncoder {
  private readonly names: string[];
  private readonly encoders: Encoder[];

  constructor(dataset: Dataset) {
    const columns = parquetColumns(dataset);
    // Parallel arrays, not tuples: this runs once per cell (millions of times).
    this.names = columns.map((c) => c.name);
    this.encoders = columns.map((c) => encoderFor(c.storage, c.name));
  }

  /** The row's line, without the line break. @throws TypeError on a value its column cannot hold */
  line(row: Readonly<Record<string, unknown>>): string {
    const names = this.names;
    const encoders = this.encoders;
    let line = '';
    for (let j = 0; j < names.length; j++) {
      if (j > 0) line += '\t';
      const value = row[names[j] as string];
      if (value !== null && value !== undefined) line += (encoders[j] as Encoder)(value);
    }
    return line;
  }
}

const CHUNK_BYTES = 1 << 20;

/** Lines gathered into one string before copying them to bytes: one native call per batch, not per row. */
const BATCH_ROWS = 64;

/**
 * Collects encoded lines as UTF-8 in 1 MiB buffers. Lines are copied into
 * bytes every BATCH_ROWS rows, so no string outlives a few rows (keeping
 * 8k-row strings pending cost far more in garbage collection on a 1M-row
 * upload).
 */
export class TsvRows implements EncodedRows {
  rowCount = 0;
  readonly chunks: Uint8Array[] = [];
  private buffer: Buffer = Buffer.allocUnsafe(0);
  private used = 0;
  private pending = '';
  private pendingRows = 0;

  constructor(private readonly encoder: RowEncoder) {}

  append(row: Readonly<Record<string, unknown>>): void {
    this.pending += `${this.encoder.line(row)}\n`;
    this.rowCount++;
    if (++this.pendingRows === BATCH_ROWS) this.copyPending();
  }

  /** Lets go of every line (the file was rejected: nothing will be written). */
  discard(): void {
    this.chunks.length = 0;
    this.buffer = Buffer.allocUnsafe(0);
    this.used = 0;
    this.pending = '';
    this.pendingRows = 0;
  }

  /** The collected rows, every line in `chunks`. */
  finish(): EncodedRows {
    this.copyPending();
    if (this.used > 0) this.chunks.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(0);
    this.used = 0;
    return this;
  }

  private copyPending(): void {
    const text = this.pending;
    if (text === '') return;
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const room = text.length * 3;
    if (this.used + room > this.buffer.length) {
      if (this.used > 0) this.chunks.push(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
      this.used = 0;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
    this.pending = '';
    this.pendingRows = 0;
  }
}

/** Row objects (tests, other callers) → the same encoding the validator produces. */
export function encodeRows(
  dataset: Dataset,
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
): EncodedRows {
  const out = new TsvRows(new RowEncoder(dataset));
  for (const row of rows) out.append(row);
  return out.finish();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function encoderFor(storage: StorageType, name: string): Encoder {
  const fail = (value: unknown): never => {
    throw new TypeError(`column ${name}: unexpected ${storage} value ${JSON.stringify(value)}`);
  };
  switch (storage) {
    case 'varchar':
      return (v) => (typeof v === 'string' ? quoteCell(v) : fail(v));
    case 'integer':
      return (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : fail(v));
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : fail(v));
    case 'date': {
      // Dates repeat row after row: the last one checked needs no second look.
      let last: unknown;
      return (v) => {
        if (v === last) return v as string;
        if (typeof v === 'string' && ISO_DATE.test(v)) {
          last = v;
          return v;
        }
        if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
        return fail(v);
      };
    }
    case 'varchar_list': {
      // Memoised normalisers hand out the same array for the same cell text,
      // so most lists are encoded once.
      const seen = new WeakMap<object, string>();
      return (v) => {
        if (!Array.isArray(v)) return fail(v);
        const known = seen.get(v);
        if (known !== undefined) return known;
        for (const item of v)
          if (typeof item !== 'string' || item.includes(ITEM_SEP) || item.includes(LIST_MARK)) fail(v);
        const text = quoteCell(LIST_MARK + v.join(ITEM_SEP));
        // A frozen array cannot change under its cached text; a caller's own array might.
        if (Object.isFrozen(v)) seen.set(v, text);
        return text;
      };
    }
  }
}

const NEEDS_QUOTES = /["\t\n\r]/;

/** Quoted when it must be, so tabs, newlines, quotes and empty strings survive (an unquoted empty cell is NULL). */
function quoteCell(text: string): string {
  if (text === '') return '""';
  if (!NEEDS_QUOTES.test(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}
