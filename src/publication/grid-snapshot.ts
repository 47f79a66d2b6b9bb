import { gunzipSync, gzipSync } from 'node:zlib';
import type { Cell, Row } from '../query/types';

/**
 * The stored form of a published grid's tables: what the function that
 * builds the grid after ingest writes to the curated store, and what every
 * dashboard instance reads instead of running the queries again.
 *
 * Columnar and binary, not JSON: nationally the tables hold a million rows,
 * and JSON.parse of them took 11 s where the queries take 4.5 s; typed
 * arrays decode in a fraction of that. Layout: magic, header length, the
 * header (JSON: meta, and each table's row count, columns and stored
 * length), then each table as its own gzip member — so a request reads only
 * the tables it shows. In a table, each column's values are one aligned
 * typed array: integers as Int32, other numbers as Float64 (NULL as NaN),
 * repeated values (text, booleans, NULL) as codes into the column's list of
 * values; lists of text (a row's `suppressed`, nearly always []) as codes
 * into the column's distinct lists — as JSON in the header they were a
 * million tiny arrays to parse before the first request.
 */

const MAGIC = 'PGRD';
const FORMAT = 3;
const INT_NULL = -2147483648;

type ColumnKind =
  /** Int32, NULL as INT_NULL. */
  | 'int'
  /** Float64, NULL as NaN (only when the column holds no NaN of its own). */
  | 'float'
  /** Uint16 or Uint32 positions in `values`. */
  | 'code'
  /** Lists of text (a row's `suppressed`): positions in `values`, each row given its own copy. */
  | 'list'
  /** Anything else (arrays, a NaN beside NULL): the values in the header. */
  | 'json';

interface ColumnHeader {
  name: string;
  kind: ColumnKind;
  values?: Stored[];
  /** Bytes per code. */
  width?: 2 | 4;
}

interface TableHeader {
  rows: number;
  columns: ColumnHeader[];
  /** Length of the table's gzip member, which follows the previous table's. */
  bytes: number;
  /** Its length once unzipped. */
  size: number;
}

export interface SnapshotHeader {
  format: number;
  /** Anything the writer keeps beside the tables (data version, k). */
  meta: Record<string, string | number>;
  tables: Record<string, TableHeader>;
}

/** Codes beyond this many distinct values stop paying (and the header grows). */
const MAX_CODES = 50_000;

function columnKind(values: readonly Cell[]): { kind: ColumnKind; list?: Cell[] } {
  const lists = listKind(values);
  if (lists) return { kind: 'list', list: lists };
  let integers = true;
  let numbers = true;
  let nan = false;
  // A Map takes -0 for 0: a column holding -0 beside other kinds is stored as JSON.
  let negativeZero = false;
  const distinct = new Map<Cell, number>();
  let tooMany = false;
  for (const v of values) {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) nan = true;
      if (Object.is(v, -0)) negativeZero = true;
      if (!Number.isInteger(v) || v <= INT_NULL || v > 2147483647 || Object.is(v, -0)) integers = false;
    } else if (v !== null) {
      integers = false;
      numbers = false;
    }
    if (!tooMany && (typeof v !== 'object' || v === null) && !distinct.has(v)) {
      distinct.set(v, distinct.size);
      if (distinct.size > MAX_CODES) tooMany = true;
    }
  }
  if (numbers && integers) return { kind: 'int' };
  if (numbers && !nan) return { kind: 'float' };
  const primitive = values.every((v) => typeof v !== 'object' || v === null);
  if (primitive && !tooMany && !nan && !negativeZero) return { kind: 'code', list: [...distinct.keys()] };
  return { kind: 'json' };
}

/** The distinct lists of a column of text lists, or undefined when it is not one (or has too many). */
function listKind(values: readonly Cell[]): string[][] | undefined {
  if (values.length === 0) return undefined;
  const distinct = new Map<string, string[]>();
  for (const v of values) {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
    const key = JSON.stringify(v);
    if (!distinct.has(key)) distinct.set(key, v);
    if (distinct.size > MAX_CODES) return undefined;
  }
  return [...distinct.values()];
}

const pad8 = (n: number) => (n + 7) & ~7;

/** A value in the header's JSON: numbers JSON cannot carry (NaN, ±Infinity, -0) as `{ number: text }`. */
type Stored = Cell | { number: string };
const store = (v: Cell): Stored =>
  typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))
    ? { number: Object.is(v, -0) ? '-0' : String(v) }
    : v;
const restore = (v: Stored): Cell =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? Number(v.number) : (v as Cell);

/** Concatenates blocks, each starting at a multiple of 8 (typed arrays need aligned offsets). */
function aligned(blocks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(blocks.reduce((n, b) => pad8(n + b.length), 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset = pad8(offset + block.length);
  }
  return out;
}

/** Encodes tables (each a list of rows with the same keys in the same order) as one snapshot. */
export function encodeSnapshot(
  tables: Readonly<Record<string, readonly Row[]>>,
  meta: Record<string, string | number> = {},
): Uint8Array {
  const header: SnapshotHeader = { format: FORMAT, meta, tables: {} };
  const members: Uint8Array[] = [];
  for (const [name, rows] of Object.entries(tables)) {
    const blocks: Uint8Array[] = [];
    const first = rows[0];
    const names = first ? Object.keys(first) : [];
    const columns: ColumnHeader[] = [];
    for (const column of names) {
      const values = rows.map((row, i) => {
        if (!(column in row)) throw new Error(`snapshot: row ${i} of ${name} has no ${column}`);
        return row[column] as Cell;
      });
      const { kind, list } = columnKind(values);
      if (kind === 'int') {
        blocks.push(
          new Uint8Array(Int32Array.from(values, (v) => (v === null ? INT_NULL : (v as number))).buffer),
        );
        columns.push({ name: column, kind });
      } else if (kind === 'float') {
        blocks.push(
          new Uint8Array(Float64Array.from(values, (v) => (v === null ? Number.NaN : (v as number))).buffer),
        );
        columns.push({ name: column, kind });
      } else if (kind === 'code' || kind === 'list') {
        const key = kind === 'list' ? (v: Cell) => JSON.stringify(v) : (v: Cell) => v;
        const position = new Map((list as Cell[]).map((v, i) => [key(v), i]));
        const width = (list as Cell[]).length <= 0xffff ? 2 : 4;
        const codes = width === 2 ? new Uint16Array(values.length) : new Uint32Array(values.length);
        values.forEach((v, i) => {
          codes[i] = position.get(key(v)) as number;
        });
        blocks.push(new Uint8Array(codes.buffer));
        columns.push({ name: column, kind, values: (list as Cell[]).map(store), width });
      } else {
        columns.push({ name: column, kind, values: values.map(store) });
      }
    }
    for (const row of rows)
      if (Object.keys(row).length !== names.length)
        throw new Error(`snapshot: the rows of ${name} do not all have the same columns`);
    // Level 1: the typed columns are mostly small repeated numbers; higher levels cost seconds for little.
    const plain = aligned(blocks);
    const member = gzipSync(plain, { level: 1 });
    members.push(member);
    header.tables[name] = { rows: rows.length, columns, bytes: member.length, size: plain.length };
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(members.reduce((n, m) => n + m.length, 8 + headerBytes.length));
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let offset = 8 + headerBytes.length;
  for (const member of members) {
    out.set(member, offset);
    offset += member.length;
  }
  return out;
}

/** One column's stored values: a typed array view, and for codes the list they point into. */
interface StoredColumn {
  data: ArrayLike<number> | readonly Cell[];
  values?: readonly Cell[];
}

function storedColumn(
  column: ColumnHeader,
  buffer: ArrayBuffer,
  offset: number,
  rows: number,
): [StoredColumn, number] {
  switch (column.kind) {
    case 'int':
      return [{ data: new Int32Array(buffer, offset, rows) }, pad8(offset + rows * 4)];
    case 'float':
      return [{ data: new Float64Array(buffer, offset, rows) }, pad8(offset + rows * 8)];
    case 'code':
    case 'list': {
      const width = column.width ?? 4;
      const data =
        width === 2 ? new Uint16Array(buffer, offset, rows) : new Uint32Array(buffer, offset, rows);
      return [{ data, values: (column.values ?? []).map(restore) }, pad8(offset + rows * width)];
    }
    case 'json':
      return [{ data: (column.values ?? []).map(restore) }, offset];
  }
}

/** Reads cell r of column i, by kind (`t` is a scratch local). */
function accessor(kind: ColumnKind, i: number): string {
  switch (kind) {
    case 'int':
      return `((t = a${i}[r]) === ${INT_NULL} ? null : t)`;
    case 'float':
      return `((t = a${i}[r]) === t ? t : null)`;
    case 'code':
      return `l${i}[a${i}[r]]`;
    case 'list':
      return `l${i}[a${i}[r]].slice()`;
    case 'json':
      return `a${i}[r]`;
  }
}

/** Builds rows 0…n−1, or only the rows at `at` (in their stored order). */
type RowBuilder = (columns: readonly StoredColumn[], rows: number, at?: Int32Array) => Row[];

/**
 * One generated loop per table shape, straight from the typed arrays: every
 * row built by one object literal (all its keys at once, in the stored order).
 */
function rowBuilder(columns: readonly ColumnHeader[]): RowBuilder {
  const locals = columns
    .map(
      (c, i) =>
        `const a${i} = c[${i}].data;${c.kind === 'code' || c.kind === 'list' ? ` const l${i} = c[${i}].values;` : ''}`,
    )
    .join(' ');
  const fields = columns.map((c, i) => `${JSON.stringify(c.name)}: ${accessor(c.kind, i)}`).join(', ');
  return new Function(
    'c',
    'n',
    'at',
    `${locals} let t; const m = at ? at.length : n; const out = new Array(m); for (let j = 0; j < m; j++) { const r = at ? at[j] : j; out[j] = { ${fields} }; } return out;`,
  ) as RowBuilder;
}

/** One table's columns from its gzip member. */
function decodeColumns(table: TableHeader, member: Uint8Array): StoredColumn[] {
  // Unzipped in one output chunk of the known size: in 16 KB chunks, joining them cost as much again.
  const raw = gunzipSync(member, {
    chunkSize: Math.max(table.size, 64),
    maxOutputLength: Math.max(table.size, 1),
  });
  // Typed arrays need their own aligned buffer (a Buffer may sit at any offset of a shared pool).
  const buffer = (
    raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength
      ? raw.buffer
      : raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)
  ) as ArrayBuffer;
  let offset = 0;
  const columns: StoredColumn[] = [];
  for (const column of table.columns) {
    const [stored, next] = storedColumn(column, buffer, offset, table.rows);
    columns.push(stored);
    offset = next;
  }
  if (offset !== buffer.byteLength)
    throw new Error('published grid snapshot: a table has an unexpected length');
  return columns;
}

/** A decoded snapshot: its tables' rows, and a selection that builds only the rows it keeps. */
export interface DecodedSnapshot {
  meta: SnapshotHeader['meta'];
  tables: Record<string, Row[]>;
  /**
   * The rows of a table whose text column `column` holds one of `values`,
   * in stored order: the same rows as filtering `tables[name]`, without
   * building the others (the prefecture-level rows of a national table
   * are a few hundred of its million).
   */
  rowsWhere(name: string, column: string, values: readonly string[]): Row[];
}

/**
 * Reads a snapshot written by encodeSnapshot: the same rows, keys in the
 * same order. Each table is decoded when first read, then kept.
 */
export function decodeSnapshot(bytes: Uint8Array): DecodedSnapshot {
  const view = bytes;
  if (view.length < 8 || new TextDecoder().decode(view.subarray(0, 4)) !== MAGIC)
    throw new Error('not a published grid snapshot');
  const length = new DataView(view.buffer, view.byteOffset, 8).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(view.subarray(8, 8 + length))) as SnapshotHeader;
  if (header.format !== FORMAT)
    throw new Error(`published grid snapshot format ${header.format}, expected ${FORMAT}`);
  let offset = 8 + length;
  const tables: Record<string, Row[]> = {};
  const readers = new Map<string, TableReader>();
  for (const [name, table] of Object.entries(header.tables)) {
    const reader = new TableReader(table, view.subarray(offset, offset + table.bytes));
    offset += table.bytes;
    readers.set(name, reader);
    Object.defineProperty(tables, name, { enumerable: true, get: () => reader.rows() });
  }
  // A stored object cut short is refused whole, before any table is served.
  if (offset !== view.length) throw new Error('published grid snapshot: unexpected length');
  return {
    meta: header.meta,
    tables,
    rowsWhere: (name, column, values) => {
      const reader = readers.get(name);
      if (!reader) throw new Error(`published grid snapshot has no ${name} table`);
      return reader.rowsWhere(column, values);
    },
  };
}

/** One stored table: unzipped once, its rows built once, or only those a selection keeps. */
class TableReader {
  private columns: StoredColumn[] | undefined;
  private all: Row[] | undefined;
  private build: RowBuilder | undefined;

  constructor(
    private readonly table: TableHeader,
    private readonly member: Uint8Array,
  ) {}

  private stored(): StoredColumn[] {
    this.columns ??= decodeColumns(this.table, this.member);
    return this.columns;
  }

  rows(): Row[] {
    if (!this.all) {
      this.build ??= rowBuilder(this.table.columns);
      this.all = this.build(this.stored(), this.table.rows);
      this.columns = undefined; // the rows hold every value now
    }
    return this.all;
  }

  rowsWhere(column: string, values: readonly string[]): Row[] {
    const i = this.table.columns.findIndex((c) => c.name === column);
    const header = this.table.columns[i];
    const wanted = new Set<Cell>(values);
    if (this.all || !header || header.kind !== 'code')
      return this.rows().filter((r) => wanted.has(r[column] as Cell));
    const stored = this.stored()[i] as StoredColumn;
    // Which codes are kept, as a lookup by code (a column has at most MAX_CODES of them).
    const keep = new Uint8Array((stored.values as Cell[]).length);
    (stored.values as Cell[]).forEach((v, code) => {
      if (wanted.has(v)) keep[code] = 1;
    });
    const codes = stored.data as Uint16Array | Uint32Array;
    const at: number[] = [];
    for (let r = 0; r < codes.length; r++) if (keep[codes[r] as number]) at.push(r);
    this.build ??= rowBuilder(this.table.columns);
    return this.build(this.stored(), this.table.rows, Int32Array.from(at));
  }
}
