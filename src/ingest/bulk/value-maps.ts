import type { Column } from '../../datasets';
import { PREFECTURE_CODE } from '../../datasets/municipalities';
import { fiscalYearOf } from '../../normalise/fiscal-year';
import { isBlank } from '../../normalise/text';
import { type CellReader, cellReader } from '../cell-readers';
import type { HeaderMap } from '../header';
import { FIRST_FISCAL_YEAR, fiscalYearAt, type ValidationContext } from '../validate';

/**
 * Per column of a large upload, every distinct spelling and what the
 * ingest's own cell reader makes of it. The bulk check (bulk-validate.ts)
 * joins these to the file inside DuckDB, so each spelling is read once, by
 * the same code that reads a small upload row by row.
 */

/** A stored value as text DuckDB casts to the column's type; `extra` feeds a derived column. */
export interface MapEntry {
  value: string;
  /** The date's precision ('day' | 'month'), or the fiscal year a month falls in. */
  extra: string | null;
}

/** Text SQL can take as it is, with no lookup: what the reader would return unchanged. */
export type IdentityRule =
  | { kind: 'pattern'; regex: string; maxLength: number }
  | { kind: 'integer'; min: number; max: number | undefined };

export interface ColumnMap {
  column: Column;
  /** Cell index in the file. */
  index: number;
  /** Accepted spellings, raw text → stored value. */
  entries: Map<string, MapEntry>;
  identity: IdentityRule | null;
  /** What the derived `extra` holds, if anything. */
  extra: 'precision' | 'fiscal_year' | null;
}

/** Why a spelling cannot be mapped: the file has an error, or a cell only the row path reads alike. */
export type Unmappable = 'invalid' | 'blank';

/** A JS pattern SQL's RE2 reads the same way: one character class of letters, digits, _ and -, counted. */
const PORTABLE_PATTERN = /^\^(\[[A-Za-z0-9_\\-]+\](?:\{\d+(?:,\d+)?\}|[+*])?)\$$/;

function identityOf(column: Column): IdentityRule | null {
  const type = column.type;
  if (type.kind === 'int') return { kind: 'integer', min: type.min, max: type.max };
  if (type.kind === 'string' && type.pattern && type.pattern.flags === '') {
    const match = PORTABLE_PATTERN.exec(type.pattern.source);
    if (match) return { kind: 'pattern', regex: match[1] as string, maxLength: type.maxLength };
  }
  return null;
}

export class ValueMaps {
  readonly columns: ColumnMap[];
  /** Spellings read through entryOf, i.e. met only while writing (the sample missed them). */
  late = 0;
  private readonly readers: CellReader[];
  private readonly upload: string;
  private readonly maxFiscalYear: number;
  /** The column whose value decides the partition's fiscal year (activities: 年月). */
  private readonly fiscalYearSource: string;

  /**
   * @param decode The cell's text from DuckDB's spelling of it (a CP932
   *   upload reaches DuckDB as one character per byte); undefined when the
   *   bytes are not text in the upload's encoding.
   */
  constructor(
    header: HeaderMap,
    context: ValidationContext,
    private readonly decode: (spelling: string) => string | undefined = (spelling) => spelling,
  ) {
    const dataset = header.dataset;
    this.upload = context.uploadMunicipality;
    this.maxFiscalYear = fiscalYearAt(context.uploadedAt) + 1;
    this.fiscalYearSource = dataset.columns.some((c) => c.name === dataset.partitionColumn)
      ? dataset.partitionColumn
      : 'month';
    const derivesFiscalYear = dataset.derived.some((d) => d.name === 'fiscal_year');
    this.readers = header.columns.map((c) => cellReader(dataset, c.column));
    this.columns = header.columns.map((c, i) => ({
      column: c.column,
      index: c.index,
      entries: new Map(),
      identity: identityOf(c.column),
      extra: (this.readers[i] as CellReader).precisionColumn
        ? 'precision'
        : derivesFiscalYear && c.column.name === 'month'
          ? 'fiscal_year'
          : null,
    }));
  }

  /**
   * Remembers a spelling seen in a sample of the file when it can be taken;
   * one that cannot is left for the full pass to meet (or not) in the rows.
   */
  learn(i: number, spelling: string): void {
    const map = this.columns[i] as ColumnMap;
    if (!map.entries.has(spelling)) this.add(i, spelling);
  }

  /** The entry of a spelling of column `i`, read now if new; undefined when it cannot be taken. */
  entryOf(i: number, spelling: string): MapEntry | undefined {
    const map = this.columns[i] as ColumnMap;
    const known = map.entries.get(spelling);
    if (known) return known;
    if (this.add(i, spelling) !== undefined) return undefined;
    this.late++;
    return map.entries.get(spelling);
  }

  /**
   * Reads one spelling of column `i` and remembers it; answers why not when
   * it cannot be taken (the bulk check then leaves the file to the row path,
   * which reports the problem with its row).
   */
  add(i: number, text: string): Unmappable | undefined {
    const map = this.columns[i] as ColumnMap;
    if (map.entries.has(text)) return undefined;
    const decoded = this.decode(text);
    if (decoded === undefined) return 'invalid';
    // Whitespace-only cells are blanks to the row path; DuckDB keeps them as text.
    if (isBlank(decoded)) return 'blank';
    const parsed = (this.readers[i] as CellReader).read(decoded);
    if (!parsed.ok) return 'invalid';
    const entry = this.entryFor(map, parsed.value);
    if (!entry) return 'invalid';
    map.entries.set(text, entry);
    return undefined;
  }

  /** The stored value, or undefined when the row path would reject it in this upload. */
  private entryFor(map: ColumnMap, value: unknown): MapEntry | undefined {
    const name = map.column.name;
    if (name === 'municipality_code') {
      const code = value as string;
      if (code === PREFECTURE_CODE || (this.upload !== PREFECTURE_CODE && code !== this.upload))
        return undefined;
    }
    let stored: string;
    let extra: string | null = null;
    if (map.column.type.kind === 'date') {
      const { date, precision } = value as { date: string; precision: string };
      stored = date;
      if (map.extra === 'precision') extra = precision;
    } else if (map.column.type.kind === 'multi_enum') {
      stored = (value as readonly string[]).join(ITEM_SEPARATOR);
    } else stored = String(value);
    if (map.extra === 'fiscal_year') extra = String(fiscalYearOf(stored));
    if (name === this.fiscalYearSource) {
      const fy = typeof value === 'number' ? value : fiscalYearOf(stored);
      if (fy < FIRST_FISCAL_YEAR || fy > this.maxFiscalYear) return undefined;
    }
    return { value: stored, extra };
  }
}

/** Joins list items inside one text value (never part of a vocabulary term). */
export const ITEM_SEPARATOR = '\u001f';
