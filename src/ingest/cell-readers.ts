import type { Column, Dataset } from '../datasets';
import { parseDate, parseMonth } from '../normalise/date';
import { parseFiscalYear } from '../normalise/fiscal-year';
import { parseFlag } from '../normalise/flag';
import { parseMunicipality } from '../normalise/municipality';
import { checkRange, parseInteger } from '../normalise/number';
import type { Parsed } from '../normalise/parsed';
import { normaliseText } from '../normalise/text';
import { matchTerm, parseTerms } from '../normalise/vocabulary';
import { messages } from './messages';

/**
 * Turns the non-blank text of one column's cells into stored values. Built
 * once per upload and column; the ingest calls it millions of times with few
 * distinct values, so answers are memoised (bounded, so a column of unique
 * values cannot grow the cache without limit).
 */
export interface CellReader {
  column: Column;
  read(text: string): Parsed<unknown>;
  /** Name of the derived `<column>_precision` column a date fills, if the dataset has one. */
  precisionColumn: string | undefined;
}

const MEMO_LIMIT = 50_000;

function memoised<T>(parse: (text: string) => Parsed<T>): (text: string) => Parsed<T> {
  const cache = new Map<string, Parsed<T>>();
  // Columns such as 市町村 and 年度 usually repeat row after row: comparing
  // with the previous cell is cheaper than hashing it for the map.
  let lastText: string | undefined;
  let lastAnswer: Parsed<T> | undefined;
  return (text) => {
    if (text === lastText) return lastAnswer as Parsed<T>;
    let answer = cache.get(text);
    if (answer === undefined) {
      const own = detach(text);
      answer = parse(own);
      if (cache.size < MEMO_LIMIT) cache.set(own, answer);
    }
    lastText = text;
    lastAnswer = answer;
    return answer;
  };
}

/**
 * A copy of a cell that does not point into the file's text. V8 makes
 * substrings of 13+ characters views of their parent, so one such string
 * kept in a row, or in a normaliser's module-level cache, would keep the
 * whole decoded file (100+ MB) alive — across uploads, in a warm Lambda.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** Shared answers for the small counts most cells hold (no allocation per cell). */
const SMALL: readonly Parsed<number>[] = Array.from({ length: 1024 }, (_, n) => ({ ok: true, value: n }));

/** Plain ASCII digits, the usual count: read without normalising or a cache lookup. */
function plainInteger(text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > 9) return undefined;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    value = value * 10 + d;
  }
  return value;
}

function fail(code: string, message: string): Parsed<never> {
  return { ok: false, code, message };
}

function stringReader(column: Column, pattern: RegExp | undefined, maxLength: number) {
  return (text: string): Parsed<string> => {
    // Most IDs are already plain ASCII: skip NFKC when the raw text passes.
    const value = detach(pattern?.test(text) ? text : normaliseText(text));
    // UTF-16 length bounds the character count: count characters only when it might be over.
    if (value.length > maxLength && [...value].length > maxLength)
      return fail('too_long', messages.tooLong(column, maxLength));
    if (pattern && !pattern.test(value)) return fail('invalid_format', messages.patternMismatch(column));
    return { ok: true, value };
  };
}

function parserFor(column: Column): (text: string) => Parsed<unknown> {
  const type = column.type;
  switch (type.kind) {
    case 'municipality':
      return memoised((s) => parseMunicipality(s));
    case 'fiscal_year':
      return memoised(parseFiscalYear);
    case 'int': {
      const slow = memoised((s) => {
        const n = parseInteger(s);
        return n.ok ? checkRange(n.value, type.min, type.max) : n;
      });
      return (s) => {
        const n = plainInteger(s);
        if (n === undefined || n < type.min || (type.max !== undefined && n > type.max)) return slow(s);
        return n < SMALL.length ? (SMALL[n] as Parsed<number>) : { ok: true, value: n };
      };
    }
    case 'string':
      return stringReader(column, type.pattern, type.maxLength);
    case 'date':
      return memoised((s) => parseDate(s, { allowMonth: type.allowMonth }));
    case 'month':
      return memoised(parseMonth);
    case 'enum':
      return memoised((s) => matchTerm(type.vocabulary, s));
    case 'multi_enum':
      return memoised((s) => {
        const terms = parseTerms(type.vocabulary, s);
        if (!terms.ok) return terms;
        if (terms.value.length < type.minItems)
          return fail('too_few_items', messages.tooFewItems(column, type.minItems));
        // Shared by every row with this text: frozen, so its encoded form can be cached (tsv.ts).
        return { ok: true, value: Object.freeze([...terms.value]) };
      });
    case 'flag':
      return memoised((s) => parseFlag(type, s));
  }
}

/**
 * No column holds more than a few hundred characters; a longer cell is
 * almost always a quote left open that swallowed the rest of the file.
 * Refused before it is normalised, memoised or quoted whole in a report.
 */
export const MAX_CELL_CHARS = 10_000;

const cellTooLong = (column: Column, length: number): Parsed<never> =>
  fail(
    'cell_too_long',
    `「${column.header}」の値が長すぎます（${length.toLocaleString('ja-JP')}文字）。1つのセルは${MAX_CELL_CHARS.toLocaleString('ja-JP')}文字以内にしてください。引用符「"」の閉じ忘れや列のずれがないか確認してください。`,
  );

export function cellReader(dataset: Dataset, column: Column): CellReader {
  const precision = `${column.name}_precision`;
  const parse = parserFor(column);
  return {
    column,
    // The row and the bulk check both read cells here, so both refuse the same cells.
    read: (text) => (text.length > MAX_CELL_CHARS ? cellTooLong(column, text.length) : parse(text)),
    precisionColumn:
      column.type.kind === 'date' && dataset.derived.some((d) => d.name === precision)
        ? precision
        : undefined,
  };
}
