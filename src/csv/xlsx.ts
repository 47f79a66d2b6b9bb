import { DecodeError } from './errors';
import { tooLarge, ZipReader } from './zip';

/**
 * A .xlsx sheet as the rows Excel shows: one array of cell texts per row
 * number (row 1 first, empty rows kept so numbers match Excel), dates as
 * 2023/4/10 (or 2023/4 for a month-only format), formulas as their cached
 * values, merged cells as their top-left value. Read directly from the
 * OOXML parts, synchronously, after the archive's limits are checked
 * (src/csv/zip.ts): an upload is one pass with no unbounded step.
 */

export const XLSX_LIMITS = {
  maxEntries: 2000,
  /** Inflated bytes read, all parts together: ~20× a 20,000-row sheet. */
  maxTotalBytes: 128 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 256,
};

export interface SheetRows {
  sheet: string;
  /** rows[i] is Excel row i + 1. */
  rows: string[][];
  /** Excel rows hidden in the sheet that hold values (they are read as data). */
  hiddenRows: number[];
}

/** Bytes that start like a zip (a .xlsx workbook). */
export const isZip = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * The data sheet of a workbook: the first sheet named one of `preferred`,
 * else the first visible sheet.
 * @throws DecodeError (damaged, over the limits, no sheet)
 */
export function readXlsx(
  bytes: Uint8Array,
  preferred: readonly string[] = [],
  limits = XLSX_LIMITS,
): SheetRows {
  const zip = new ZipReader(bytes, limits);
  const workbook = zip.text('xl/workbook.xml');
  if (workbook === undefined) throw notWorkbook();
  const rels = relationships(zip.text('xl/_rels/workbook.xml.rels') ?? '');
  const sheets = [...workbook.matchAll(/<sheet\b([^>]*)\/?>/g)].map((m) => attributes(m[1] ?? ''));
  const visible = sheets.filter((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
  const wanted = preferred.map(normaliseName);
  const chosen = visible.find((s) => wanted.includes(normaliseName(s.name ?? ''))) ?? visible[0];
  const target = chosen && rels.get(chosen['r:id'] ?? '');
  const xml = target === undefined ? undefined : zip.text(target);
  if (!chosen || xml === undefined) throw notWorkbook();
  const date1904 = /<workbookPr\b[^>]*date1904="(1|true)"/.test(workbook);
  const strings = sharedStrings(zip.text('xl/sharedStrings.xml') ?? '');
  const formats = cellFormats(zip.text('xl/styles.xml') ?? '');
  return { sheet: chosen.name ?? '', ...sheetRows(xml, strings, formats, date1904, limits) };
}

const notWorkbook = () =>
  new DecodeError(
    'undecodable',
    'Excel ブック（.xlsx）の中にデータのシートが見つかりません。Excel で開いて保存し直してください。',
  );

const normaliseName = (name: string): string => name.normalize('NFKC').replace(/\s/g, '');

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1] as string] = unescapeXml(m[2] as string);
  return out;
}

/** Relationship id → part name inside the archive. */
function relationships(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const a = attributes(m[1] ?? '');
    if (!a.Id || !a.Target) continue;
    out.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target.replace(/^\.\//, '')}`);
  }
  return out;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  if (!text.includes('&') && !text.includes('_x')) return text;
  return (
    text
      .replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, name: string) => {
        if (name[0] === '#')
          return String.fromCodePoint(
            name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10),
          );
        return ENTITIES[name] ?? all;
      })
      // OOXML's escape for characters XML cannot hold (a line break typed as _x000D_).
      .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  );
}

/** The text of a string item: its runs, without the furigana (phonetic) runs Japanese Excel adds. */
function itemText(xml: string): string {
  const bare = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let text = '';
  for (const m of bare.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) text += m[1] ?? '';
  return unescapeXml(text);
}

function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)].map((m) => itemText(m[1] ?? ''));
}

type Format = 'day' | 'month' | 'other';

/** Built-in number formats that show dates (ECMA-376 and the Japanese locale's 27–36, 50–58). */
const BUILTIN_DAY = new Set([14, 15, 16, 22, 27, 28, 29, 30, 31, 35, 36, 50, 51, 53, 54, 56, 57, 58]);
const BUILTIN_MONTH = new Set([17, 34, 52, 55]);

/** Style index → whether its number format shows a date, a month, or neither. */
function cellFormats(xml: string): Format[] {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const a = attributes(m[1] ?? '');
    custom.set(Number(a.numFmtId), a.formatCode ?? '');
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\b([^>]*)\/?>/g)].map((m) => {
    const id = Number(attributes(m[1] ?? '').numFmtId ?? 0);
    const code = custom.get(id);
    if (code !== undefined) return formatOf(code);
    return BUILTIN_DAY.has(id) ? 'day' : BUILTIN_MONTH.has(id) ? 'month' : 'other';
  });
}

/** A custom format code's kind: date letters outside quotes and [..] sections; 和暦's g and e count. */
function formatOf(code: string): Format {
  const bare = code
    .split(';')[0]
    ?.replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .toLowerCase()
    // Words that are not dates: General, and the exponent of 0.00E+00.
    .replace(/general/g, '')
    .replace(/e[+-]/g, '');
  if (!bare || !/[ymdeg]/.test(bare)) return 'other';
  // m beside h or s is minutes.
  if (!/[ydeg]/.test(bare) && /[hs]/.test(bare)) return 'other';
  return /d/.test(bare) ? 'day' : 'month';
}

const DAY_MS = 86_400_000;
/** Serial 0 in the 1900 system is 1899-12-30 (Excel counts a 29 Feb 1900 that never was). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

function serialDate(serial: number, format: Format, date1904: boolean): string {
  const at = new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + Math.floor(serial) * DAY_MS);
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + 1;
  return format === 'month' ? `${y}/${m}` : `${y}/${m}/${at.getUTCDate()}`;
}

/** Column letters of a cell reference → 0-based index. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function sheetRows(
  xml: string,
  strings: readonly string[],
  formats: readonly Format[],
  date1904: boolean,
  limits: typeof XLSX_LIMITS,
): Omit<SheetRows, 'sheet'> {
  // The declared used range is checked before any row is read.
  const dimension = /<dimension\b[^>]*ref="[A-Z]+\d+:([A-Z]+)(\d+)"/.exec(xml);
  if (dimension) checkSize(Number(dimension[2]), columnOf(dimension[1] as string) + 1, limits);
  const rows: string[][] = [];
  const hiddenRows: number[] = [];
  let rowNumber = 0;
  for (const r of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowAttrs = attributes(r[1] ?? '');
    rowNumber = rowAttrs.r ? Number(rowAttrs.r) : rowNumber + 1;
    checkSize(rowNumber, 0, limits);
    const cells: string[] = [];
    let column = -1;
    for (const c of (r[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const a = attributes(c[1] ?? '');
      column = a.r ? columnOf(a.r) : column + 1;
      checkSize(0, column + 1, limits);
      const text = cellText(a, c[2] ?? '', strings, formats, date1904);
      if (text === '') continue;
      while (cells.length < column) cells.push('');
      cells[column] = text;
    }
    if (cells.length === 0) continue;
    while (rows.length < rowNumber - 1) rows.push([]);
    rows[rowNumber - 1] = cells;
    if (rowAttrs.hidden === '1' || rowAttrs.hidden === 'true') hiddenRows.push(rowNumber);
  }
  return { rows, hiddenRows };
}

function checkSize(rows: number, columns: number, limits: typeof XLSX_LIMITS): void {
  if (rows > limits.maxRows) throw tooLarge(`${limits.maxRows.toLocaleString('ja-JP')}行超`);
  if (columns > limits.maxColumns) throw tooLarge(`${limits.maxColumns}列超`);
}

function cellText(
  a: Record<string, string>,
  inner: string,
  strings: readonly string[],
  formats: readonly Format[],
  date1904: boolean,
): string {
  const type = a.t ?? 'n';
  if (type === 'inlineStr') return itemText(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
  // A formula's cached value is in <v>, like any other cell's.
  const raw = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
  if (raw === undefined) return '';
  if (type === 's') return strings[Number(raw)] ?? '';
  if (type === 'str' || type === 'e') return unescapeXml(raw);
  if (type === 'b') return raw === '1' ? 'TRUE' : 'FALSE';
  const format = formats[Number(a.s ?? 0)] ?? 'other';
  const value = Number(raw);
  if (format !== 'other' && Number.isFinite(value) && value >= 1) return serialDate(value, format, date1904);
  return raw;
}
