import { fieldLabel, LEVEL_LABELS } from '../../src/query/fields';

/** Shown in a CSV cell whose figure was withheld by small-cell suppression. */
export const SUPPRESSED_MARK = '秘匿';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A text cell that a spreadsheet would run as a formula (= + - @, and tab/CR
 * which Excel also treats as formula starts) gets a leading apostrophe, so an
 * exported 自治会名 like `=HYPERLINK(…)` stays text. Numbers are never
 * touched: a negative 前年度比 must stay a number.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function suppressedFields(row: Readonly<Record<string, unknown>>): Set<string> {
  const value = row.suppressed;
  if (Array.isArray(value)) return new Set(value.map(String));
  if (typeof value === 'string' && value !== '') return new Set(value.split(/[,\s]+/));
  return new Set();
}

function cellText(field: string, value: unknown, suppressed: Set<string>): string {
  if (value === null || value === undefined) return suppressed.has(field) ? SUPPRESSED_MARK : '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (field === 'level' && typeof value === 'string') return LEVEL_LABELS[value] ?? value;
  if (field === 'suppressed') return [...suppressedFields({ suppressed: value })].map(fieldLabel).join('・');
  if (Array.isArray(value)) return neutraliseFormula(value.map(String).join('・'));
  return neutraliseFormula(String(value));
}

/**
 * Rows → CSV for Excel: UTF-8 with BOM, CRLF, Japanese headers (from
 * src/query/fields.ts) in `fields` order. Suppressed figures read 秘匿
 * rather than an empty cell. A row field not in `fields` throws: a column
 * nobody labelled is a bug to fix in INDICATOR_FIELDS, not one to ship.
 *
 * @example toCsv([{ persons: 41 }], ['persons']) // '\uFEFF相談実人数\r\n41\r\n'
 */
export function toCsv(
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  fields: readonly string[],
): string {
  const columns = new Set(fields);
  for (const row of rows)
    for (const key of Object.keys(row))
      if (!columns.has(key)) throw new Error(`CSV export: field "${key}" is not among the export's columns`);
  const lines = [fields.map((f) => quote(neutraliseFormula(fieldLabel(f)))).join(',')];
  for (const row of rows) {
    const suppressed = suppressedFields(row);
    lines.push(fields.map((f) => quote(cellText(f, row[f], suppressed))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Content-Disposition for a download with a Japanese name (RFC 6266 filename* plus an ASCII fallback). */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
