import type { Column, Dataset } from '../datasets';
import type { BlankCondition } from '../datasets/types';
import { fiscalYearOf } from '../normalise/fiscal-year';
import { isBlank } from '../normalise/text';
import { type CellReader, cellReader } from './cell-readers';
import type { HeaderMap } from './header';
import { KeyIndex } from './key-index';
import { messages } from './messages';
import type { WrittenParquet } from './parquet';
import { MAX_LISTED_ERRORS, MAX_LISTED_WARNINGS, type Problem, ProblemList } from './report';
import { RuleEvaluator } from './row-rules';
import { type EncodedRows, RowEncoder, TsvRows } from './tsv';

export type NormalisedRow = Record<string, unknown>;

/** The rows of one (municipality, partition value): the unit an upload replaces. */
export interface PartitionRows {
  municipalityCode: string;
  partitionValue: string;
  /** Encoded for the Parquet writer (no row objects are kept), or already written by the bulk check. */
  rows: EncodedRows | WrittenParquet;
}

export interface ValidationContext {
  /** The uploader's town, or '310000' for a prefecture-wide upload. */
  uploadMunicipality: string;
  uploadedAt: Date;
}

export interface ValidationResult {
  dataRows: number;
  errors: ProblemList;
  warnings: ProblemList;
  /** Rows on which some checks could not run (a cell they need did not read), and which. */
  unchecked: ProblemList;
  /** Normalised rows by partition, in first-seen order; empty once any error was found. */
  partitions: PartitionRows[];
  fiscalYears: number[];
  asOfDates: string[];
}

const PREFECTURE_CODE = '310000';

/** Fiscal years accepted: from 令和元年度 (the first year with data) to the year after the upload. */
export const FIRST_FISCAL_YEAR = 2019;

/** The fiscal year a moment falls in, by the calendar date in Japan. */
export function fiscalYearAt(moment: Date): number {
  const jst = new Date(moment.getTime() + 9 * 3600_000);
  return fiscalYearOf(jst.toISOString().slice(0, 10));
}

/** Partitions in one order whichever path checked the file: by town, then year or date. */
export const byPartition = (
  a: { municipalityCode: string; partitionValue: string },
  b: { municipalityCode: string; partitionValue: string },
): number =>
  a.municipalityCode === b.municipalityCode
    ? a.partitionValue < b.partitionValue
      ? -1
      : a.partitionValue > b.partitionValue
        ? 1
        : 0
    : a.municipalityCode < b.municipalityCode
      ? -1
      : 1;

/**
 * "Blank in N rows" warnings for optional columns present in the file, in
 * the file's column order (a blank flag is an answer, 不明, not a warning).
 */
export function optionalBlankWarnings(header: HeaderMap, blanks: ReadonlyMap<Column, number>): Problem[] {
  const problems: Problem[] = [];
  for (const { column, header: written } of header.columns) {
    const count = blanks.get(column) ?? 0;
    if (count === 0 || !warnsOnBlank(column)) continue;
    const condition = column.blankWarning;
    problems.push({
      row: null,
      column: written,
      value: null,
      code: 'optional_blank',
      message:
        typeof condition === 'object'
          ? messages.conditionalBlank(column, count, condition.reason)
          : messages.optionalBlank(column, count),
    });
  }
  return problems;
}

/** Whether a blank in this column can be worth a warning at all (a blank flag is 不明, an answer). */
export function warnsOnBlank(column: Column): boolean {
  return !column.required && column.type.kind !== 'flag' && column.blankWarning !== 'never';
}

/** isBlank, answering at the first character for the usual non-blank cell. */
function isBlankCell(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c > 0x20 && c !== 0xa0 && c !== 0x1680 && (c < 0x2000 || c > 0x206f) && c !== 0x3000 && c !== 0xfeff)
    return false;
  return isBlank(text);
}

interface Partition {
  municipalityCode: string;
  partitionValue: string;
  rows: TsvRows;
  /** The partition value as read (a fiscal year number or an ISO date). */
  value: string | number;
}

/**
 * Checks and normalises data rows one at a time (a caller streams them
 * straight from the CSV scanner), collecting every problem with its Excel
 * row, the column as headed in the file, the original value and a Japanese
 * message. Strict: once any error is found rows are no longer kept, but
 * checking goes on so the report lists every problem (the first
 * MAX_LISTED_ERRORS, counting the rest).
 */
export class RowValidator {
  private readonly dataset: Dataset;
  private readonly readers: {
    reader: CellReader;
    index: number;
    header: string;
    kind: string;
    /** What a blank cell does: counted, ignored, or counted where the row says it should be filled. */
    blank: 'count' | 'never' | BlankCondition;
  }[];
  /** Columns of the current row that did not read (reused: no allocation per row). */
  private readonly failed: string[] = [];
  /** Readers whose blank cell in the current row counts only if a condition holds. */
  private readonly blankLater: number[] = [];
  private readonly unchecked = new ProblemList(MAX_LISTED_ERRORS);
  /** One row object reused for every data row: rows are encoded as they pass, never kept. */
  private readonly row: NormalisedRow;
  private readonly rowNames: readonly string[];
  private readonly encoder: RowEncoder;
  private readonly partitionColumn: string;
  /** The typed column the partition value comes from (activities: 年月 gives the derived fiscal year). */
  private readonly partitionSource: string;
  private readonly derivesFiscalYear: boolean;
  private readonly maxFiscalYear: number;
  private readonly keyColumns: Column[];
  private readonly rules: RuleEvaluator;
  private readonly towns = new Map<string, Map<string | number, Partition>>();
  private keys = new KeyIndex();
  private scopes = new Map<string, number>();
  private lastPartition: Partition | undefined;
  private readonly fiscalYearsOfDates = new Map<string, number>();
  /** Blank optional cells per reader. */
  private readonly blankCounts: number[];
  private readonly unnamedWarned = new Set<number>();
  private readonly errors = new ProblemList(MAX_LISTED_ERRORS);
  private readonly warnings = new ProblemList(MAX_LISTED_WARNINGS);
  private dataRows = 0;
  private discarded = false;
  /** A required cell every data row has: checked first to tell blank rows cheaply. */
  private readonly firstIndex: number;

  constructor(
    private readonly header: HeaderMap,
    private readonly context: ValidationContext,
  ) {
    const dataset = header.dataset;
    this.dataset = dataset;
    this.readers = header.columns.map((c) => ({
      reader: cellReader(dataset, c.column),
      index: c.index,
      header: c.header,
      kind: c.column.type.kind,
      blank: !warnsOnBlank(c.column)
        ? ('never' as const)
        : typeof c.column.blankWarning === 'object'
          ? c.column.blankWarning
          : ('count' as const),
    }));
    this.rowNames = [...dataset.columns.map((c) => c.name), ...dataset.derived.map((d) => d.name)];
    this.row = Object.fromEntries(this.rowNames.map((n) => [n, null]));
    this.encoder = new RowEncoder(dataset);
    this.partitionColumn = dataset.partitionColumn;
    this.partitionSource = dataset.columns.some((c) => c.name === dataset.partitionColumn)
      ? dataset.partitionColumn
      : 'month';
    this.derivesFiscalYear = dataset.derived.some((d) => d.name === 'fiscal_year');
    this.maxFiscalYear = fiscalYearAt(context.uploadedAt) + 1;
    this.keyColumns = dataset.uniqueKey.map((name) => dataset.columns.find((c) => c.name === name) as Column);
    this.rules = new RuleEvaluator(dataset);
    this.blankCounts = this.readers.map(() => 0);
    for (const problem of header.warnings) this.warnings.add(problem);
    this.firstIndex = header.columns.find((c) => c.column.required)?.index ?? 0;
  }

  /** Checks one data row (a record below the header) with its Excel row number. */
  push(rowNumber: number, cells: readonly string[]): void {
    // Blank rows between data rows are spacing, not data (their numbers still count in Excel).
    if (this.looksBlank(cells)) return;
    this.dataRows++;
    const errorsBefore = this.errors.total;
    if (cells.length > this.header.width || this.header.unnamed.length > 0)
      this.checkRagged(cells, rowNumber);

    const row = this.row;
    for (const name of this.rowNames) row[name] = null;
    const failed = this.failed;
    failed.length = 0;
    const blankLater = this.blankLater;
    blankLater.length = 0;
    const readers = this.readers;
    for (let r = 0; r < readers.length; r++) {
      const { reader, index, header, kind, blank } = readers[r] as (typeof readers)[number];
      const text = cells[index] ?? '';
      if (isBlankCell(text)) {
        if (reader.column.required) {
          this.error(rowNumber, header, text, 'required_blank', messages.requiredBlank(reader.column));
          failed.push(reader.column.name);
        } else if (blank === 'count') this.blankCounts[r] = (this.blankCounts[r] as number) + 1;
        else if (blank !== 'never') blankLater.push(r);
        continue;
      }
      const parsed = reader.read(text);
      if (!parsed.ok) {
        this.error(rowNumber, header, text, parsed.code, parsed.message);
        failed.push(reader.column.name);
      } else if (kind === 'date') {
        const { date, precision } = parsed.value as { date: string; precision: string };
        row[reader.column.name] = date;
        if (reader.precisionColumn) row[reader.precisionColumn] = precision;
      } else {
        row[reader.column.name] = parsed.value;
      }
    }
    if (this.derivesFiscalYear && row.month !== null)
      row.fiscal_year = this.fiscalYearOfDate(row.month as string);
    // A blank that matters only on some rows is counted once the row's own values are known.
    for (const r of blankLater) {
      const condition = (readers[r] as (typeof readers)[number]).blank as BlankCondition;
      if (condition.test(row)) this.blankCounts[r] = (this.blankCounts[r] as number) + 1;
    }
    // Every check that can run on what did read runs now: the next upload
    // must not bring errors this one could have listed.
    this.checkRow(row, rowNumber, cells, errorsBefore);
    if (this.errors.total > errorsBefore) this.discardRows();
  }

  /** A rejected file publishes nothing: free the rows encoded so far. */
  private discardRows(): void {
    if (this.discarded) return;
    this.discarded = true;
    for (const byValue of this.towns.values()) for (const p of byValue.values()) p.rows.discard();
  }

  /** Problems found so far (the bulk path reads how far its bounded row walk got). */
  get problems(): { errors: ProblemList; warnings: ProblemList } {
    return { errors: this.errors, warnings: this.warnings };
  }

  finish(): ValidationResult {
    const blanks = new Map<Column, number>();
    this.readers.forEach(({ reader }, r) => {
      blanks.set(reader.column, this.blankCounts[r] as number);
    });
    for (const problem of optionalBlankWarnings(this.header, blanks)) this.warnings.add(problem);
    const failed = this.errors.total > 0;
    this.keys = new KeyIndex(); // a million keys are not needed past this point
    this.scopes = new Map();
    const partitions: PartitionRows[] = [];
    const fiscalYears = new Set<number>();
    const asOfDates = new Set<string>();
    for (const byValue of this.towns.values())
      for (const [value, p] of byValue) {
        if (typeof value === 'number') fiscalYears.add(value);
        else asOfDates.add(value);
        if (!failed)
          partitions.push({
            municipalityCode: p.municipalityCode,
            partitionValue: p.partitionValue,
            rows: p.rows.finish(),
          });
      }
    return {
      dataRows: this.dataRows,
      errors: this.errors,
      warnings: this.warnings,
      unchecked: this.unchecked,
      partitions: partitions.sort(byPartition),
      fiscalYears: [...fiscalYears].sort((a, b) => a - b),
      asOfDates: [...asOfDates].sort(),
    };
  }

  private looksBlank(cells: readonly string[]): boolean {
    const first = cells[this.firstIndex];
    if (first !== undefined && !isBlankCell(first)) return false;
    return cells.every(isBlankCell);
  }

  private error(row: number, column: string | null, value: string, code: string, message: string): void {
    this.errors.add({ row, column, value, code, message });
  }

  /** More cells than headers: an error only when the extras hold something. */
  private checkRagged(cells: readonly string[], rowNumber: number): void {
    const width = this.header.width;
    for (let i = width; i < cells.length; i++) {
      const text = cells[i] as string;
      if (!isBlankCell(text)) {
        this.error(
          rowNumber,
          `（見出しなし・${i + 1}列目）`,
          text,
          'extra_cells',
          messages.extraCells(width),
        );
        break;
      }
    }
    for (const index of this.header.unnamed) {
      const text = cells[index];
      if (this.unnamedWarned.has(index) || text === undefined || isBlankCell(text)) continue;
      this.unnamedWarned.add(index);
      this.warnings.add({
        row: rowNumber,
        column: `（見出しなし・${index + 1}列目）`,
        value: text,
        code: 'unnamed_column',
        message: messages.unnamedColumn(),
      });
    }
  }

  private fiscalYearOfDate(iso: string): number {
    let fy = this.fiscalYearsOfDates.get(iso);
    if (fy === undefined) {
      fy = fiscalYearOf(iso);
      this.fiscalYearsOfDates.set(iso, fy);
    }
    return fy;
  }

  /**
   * Town, fiscal-year range, row rules and the unique key, each on the
   * cells it needs; keeps the row while the file is clean. A check whose
   * cells did not read is skipped and the skip listed (unchecked), so the
   * person knows it runs again once they fix the cell.
   */
  private checkRow(
    row: NormalisedRow,
    rowNumber: number,
    cells: readonly string[],
    errorsBefore: number,
  ): void {
    const failed = this.failed;
    const skipped: string[] = [];
    const read = (name: string): boolean => failed.length === 0 || !failed.includes(this.sourceOf(name));
    const code = row.municipality_code as string | null;
    const upload = this.context.uploadMunicipality;
    if (code === null) {
      // Unread town: no check of it, nor of anything keyed by it.
    } else if (code === PREFECTURE_CODE) {
      this.cellError(
        rowNumber,
        'municipality_code',
        cells,
        'prefecture_code_in_row',
        messages.prefectureCodeInRow(),
      );
    } else if (upload !== PREFECTURE_CODE && code !== upload) {
      const message = messages.municipalityMismatch(code, upload);
      this.cellError(rowNumber, 'municipality_code', cells, 'municipality_mismatch', message);
    }

    const partition = row[this.partitionColumn] as string | number | null;
    if (partition === null) skipped.push(messages.checkFiscalYearRange());
    else {
      const fiscalYear = typeof partition === 'number' ? partition : this.fiscalYearOfDate(partition);
      if (fiscalYear < FIRST_FISCAL_YEAR || fiscalYear > this.maxFiscalYear) {
        const message = messages.fiscalYearOutOfRange(fiscalYear, FIRST_FISCAL_YEAR, this.maxFiscalYear);
        this.cellError(rowNumber, this.partitionSource, cells, 'fiscal_year_out_of_range', message);
      }
    }

    if (!this.rules.empty)
      for (const rule of this.rules.broken(row, read, skipped)) {
        const cell = this.cellOf(rule.column, cells);
        const problem = {
          row: rowNumber,
          column: cell.header,
          value: cell.text,
          code: rule.code,
          message: rule.message,
        };
        if (rule.severity === 'error') this.errors.add(problem);
        else this.warnings.add(problem);
      }

    if (code === null || partition === null || !this.keyColumns.every((c) => read(c.name))) {
      if (this.keyColumns.length > 0) skipped.push(messages.checkDuplicateKey(this.keyHeaders(cells)));
    } else {
      const ordinal = this.scopeOf(code, partition);
      const firstRow = this.keys.firstRowOrAdd(ordinal, this.keyOf(row), rowNumber);
      if (firstRow !== undefined) {
        const message = messages.duplicateKey(this.keyHeaders(cells), firstRow);
        this.cellError(
          rowNumber,
          this.keyColumns[0]?.name ?? this.partitionSource,
          cells,
          'duplicate_key',
          message,
        );
      }
    }
    if (skipped.length > 0) {
      const first = this.cellOf(failed[0] as string, cells);
      const headers = failed.map((name) => this.cellOf(name, cells).header);
      this.unchecked.add({
        row: rowNumber,
        column: first.header,
        value: null,
        code: 'checks_not_run',
        message: messages.checksNotRun(headers, skipped),
      });
    }
    if (this.errors.total > errorsBefore) return;
    const target = this.partitionFor(code as string, partition as string | number);
    if (this.errors.total === 0) target.rows.append(row);
  }

  /** The typed column a stored one is read from (activities: fiscal_year comes from 年月). */
  private sourceOf(name: string): string {
    return name === 'fiscal_year' && this.derivesFiscalYear ? 'month' : name;
  }

  private keyHeaders(cells: readonly string[]): string[] {
    return this.keyColumns.map((c) => this.cellOf(c.name, cells).header);
  }

  /** The unique-key value of a row; with no key columns every row of a partition collides. */
  private keyOf(row: NormalisedRow): string {
    const columns = this.keyColumns;
    if (columns.length === 1) return String(row[(columns[0] as Column).name]);
    return columns.map((c) => String(row[c.name])).join('\u0000');
  }

  /**
   * The key index's number for a (town, partition value): rows with errors
   * are checked for duplicates too, without becoming a partition.
   */
  private scopeOf(code: string, value: string | number): number {
    const scope = `${code}\u0000${value}`;
    let ordinal = this.scopes.get(scope);
    if (ordinal === undefined) {
      ordinal = this.scopes.size;
      this.scopes.set(scope, ordinal);
    }
    return ordinal;
  }

  private partitionFor(code: string, value: string | number): Partition {
    // Rows of one partition usually come together.
    const last = this.lastPartition;
    if (last && last.municipalityCode === code && last.value === value) return last;
    let byValue = this.towns.get(code);
    if (!byValue) {
      byValue = new Map();
      this.towns.set(code, byValue);
    }
    let partition = byValue.get(value);
    if (!partition) {
      partition = {
        municipalityCode: code,
        partitionValue: String(value),
        rows: new TsvRows(this.encoder),
        value,
      };
      byValue.set(value, partition);
    }
    this.lastPartition = partition;
    return partition;
  }

  private cellError(
    rowNumber: number,
    name: string,
    cells: readonly string[],
    code: string,
    message: string,
  ): void {
    const cell = this.cellOf(name, cells);
    this.error(rowNumber, cell.header, cell.text, code, message);
  }

  /** The header as written in the file and the original text of a column in this row. */
  private cellOf(name: string, cells: readonly string[]): { header: string; text: string } {
    const found = this.header.columns.find((c) => c.column.name === name);
    if (!found)
      return { header: this.dataset.columns.find((c) => c.name === name)?.header ?? name, text: '' };
    return { header: found.header, text: cells[found.index] ?? '' };
  }
}
