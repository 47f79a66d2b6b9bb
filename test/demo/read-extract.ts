import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { getDataset, type Vocabulary } from '../../src/datasets';
import type { DemoFile } from '../../src/demo';

/** A cell as a person reads it: NFKC (全角 digits → ASCII), trimmed. */
const clean = (s: string): string => s.normalize('NFKC').trim();
const headerKey = (s: string): string => clean(s).replace(/\s+/g, '');

/**
 * Reads a demo extract independently of the product's own parser (csv-parse +
 * iconv-lite), so tests check the files themselves: decodes, skips title rows
 * above the header and trailing blank rows, and keys cells by canonical name.
 */
export function readExtract(file: DemoFile): Array<Record<string, string>> {
  const records: string[][] = parse(rawText(file), { relax_column_count: true });
  const columns = getDataset(file.dataset).columns;
  const nameOf = (header: string): string | undefined =>
    columns.find((c) => [c.header, ...c.aliases].some((h) => headerKey(h) === headerKey(header)))?.name;
  const headerIndex = records.findIndex((r) => r.filter((cell) => nameOf(cell)).length >= 2);
  if (headerIndex < 0) throw new Error(`no header in ${file.fileName}`);
  const names = (records[headerIndex] ?? []).map((h) => nameOf(h) ?? `?${h}`);
  return records
    .slice(headerIndex + 1)
    .filter((r) => r.some((cell) => clean(cell) !== ''))
    .map((r) => Object.fromEntries(names.map((n, i) => [n, clean(r[i] ?? '')])));
}

/** A count as typed: 全角 digits and units (件, 回, 人) allowed. */
export const count = (s: string | undefined): number =>
  Number.parseInt((s ?? '').replace(/[^0-9]/g, '') || '0', 10);

/** Whether the raw text of a file contains a pattern (after decoding, before NFKC). */
export function rawText(file: DemoFile): string {
  const bytes = Buffer.from(file.bytes);
  return file.encoding === 'cp932'
    ? iconv.decode(bytes, 'cp932')
    : new TextDecoder('utf-8').decode(bytes.subarray(3));
}

/** Fiscal year as typed: 2023, 2023年度, 令和5年度, R5. */
export function fiscalYearCell(s: string): number {
  const western = /^(\d{4})/.exec(s);
  if (western) return Number(western[1]);
  const reiwa = /^(?:令和|R)(\d+|元)/.exec(s);
  if (!reiwa) throw new Error(`not a fiscal year: ${s}`);
  return 2018 + (reiwa[1] === '元' ? 1 : Number(reiwa[1]));
}

/** Year-month as typed (2023/4, 2023-04, 2023年4月, 令和5年4月, R5.4) → 'YYYY-MM'. */
export function monthCell(s: string): string {
  const m = /^(?:(\d{4})|(?:令和|R)(\d+|元))[-/.年](\d{1,2})/.exec(s);
  if (!m) throw new Error(`not a month: ${s}`);
  const year = m[1] ? Number(m[1]) : 2018 + (m[2] === '元' ? 1 : Number(m[2]));
  return `${year}-${String(Number(m[3])).padStart(2, '0')}`;
}

/** A date as typed (西暦, 和暦, Excel serial, or month only) → its 'YYYY-MM'. */
export function monthOfDateCell(s: string): string {
  if (/^\d{5}$/.test(s))
    return new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 7);
  return monthCell(s);
}

/**
 * A date as typed (西暦 2023/4/1 or 2023-04-01 or 2023年4月1日, 和暦 R5.4.1 or
 * R05/04/01 or 令和5年4月1日, Excel serial) → 'YYYY-MM-DD'; a month-only date
 * → its first day, as the ingest stores it. Blank → null.
 */
export function dateCell(s: string): string | null {
  if (s === '') return null;
  if (/^\d{5}$/.test(s))
    return new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000).toISOString().slice(0, 10);
  const m = /^(?:(\d{4})|(?:令和|R)(\d+|元)|(?:平成|H)(\d+|元))[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?/.exec(s);
  if (!m) throw new Error(`not a date: ${s}`);
  const era = (n: string | undefined, base: number) =>
    n === undefined ? undefined : base + (n === '元' ? 1 : Number(n));
  const year = m[1] ? Number(m[1]) : (era(m[2], 2018) ?? era(m[3], 1988));
  const pad = (n: string | undefined) => String(Number(n ?? '1')).padStart(2, '0');
  return `${year}-${pad(m[4])}-${pad(m[5])}`;
}

/** The fiscal year (April–March) of a 'YYYY-MM'. */
export const fiscalYearOfMonth = (ym: string): number =>
  Number(ym.slice(0, 4)) - (Number(ym.slice(5, 7)) < 4 ? 1 : 0);

const fold = (s: string): string =>
  clean(s)
    .replace(/[〜～~]/g, '〜')
    .toLowerCase();

/** The term code of a label or synonym as written. */
export function termCode(vocabulary: Vocabulary, s: string): string {
  const term = vocabulary.find((t) => [t.code, t.label, ...t.synonyms].some((x) => fold(x) === fold(s)));
  if (!term) throw new Error(`unknown term: ${s}`);
  return term.code;
}
