import type { CsvRecord } from '../csv/parse';
import type { Column, Dataset } from '../datasets';
import { fiscalYearOf } from '../normalise/fiscal-year';
import { isBlank } from '../normalise/text';
import { type CellReader, cellReader } from './cell-readers';
import type { HeaderMap } from './header';
import { messages } from './messages';
import { MAX_LISTED_ERRORS, MAX_LISTED_WARNINGS, type Problem, ProblemList } from './report';

export type NormalisedRow = Record<string, unknown>;

/** The rows of one (municipality, partition value): the unit an upload replaces. */
export interface PartitionRows {
  municipalityCode: string;
  partitionValue: string;
  rows: NormalisedRow[];
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

/**
 * Checks and normalises data rows one at a time (so a caller may stream
 * them), collecting every problem with its Excel row, the column as headed
 * in the file, the original value and a Japanese message. Strict: once any
 * error is found the rows are no longer kept, but checking goes on so the
 * report lists every problem (up to MAX_LISTED_ERRORS, counting the rest).
 */
export class RowValidator {
  private readonly dataset: Dataset;
  private readonly readers: { reader: CellReader; index: number; header: string }[];
  private readonly rowNames: string[];
  private readonly partitionColumn: string;
  /** The typed column the partition value comes from (activities: 年月 gives the derived fiscal year). */
  private readonly partitionSource: string;
  private readonly maxFiscalYear: number;
  private readonly keyColumns: Column[];
  private readonly dateColumns: string[];
  private readonly seenKeys = new Map<string, number>();
  private readonly byPartition = new Map<string, PartitionRows>();
  private readonly fiscalYears = new Set<number>();
  private readonly asOfDates = new Set<string>();
  private readonly blanks = new Map<Column, number>();
  private readonly unnamedWarned = new Set<number>();
  private readonly errors = new ProblemList(MAX_LISTED_ERRORS);
  private readonly warnings = new ProblemList(MAX_LISTED_WARNINGS);
  private dataRows = 0;
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
    }));
    this.rowNames = [...dataset.columns.map((c) => c.name), ...dataset.derived.map((d) => d.name)];
    this.partitionColumn = dataset.partitionColumn;
    this.partitionSource = dataset.columns.some((c) => c.name === dataset.partitionColumn)
      ? dataset.partitionColumn
      : 'month';
    this.maxFiscalYear = fiscalYearAt(context.uploadedAt) + 1;
    this.keyColumns = dataset.uniqueKey.map((name) => dataset.columns.find((c) => c.name === name) as Column);
    this.dateColumns = dataset.columns
      .filter((c) => c.type.kind === 'date' || c.type.kind === 'month')
      .map((c) => c.name);
    for (const problem of header.warnings) this.warnings.add(problem);
    this.firstIndex = header.columns.find((c) => c.column.required)?.index ?? 0;
  }

  /** Checks one data row (a record below the header). */
  push(record: CsvRecord): void {
    const cells = record.cells;
    // Blank rows between data rows are spacing, not data (their numbers still count in Excel).
    if (this.looksBlank(cells)) return;
    this.dataRows++;
    const rowNumber = record.row;
    const errorsBefore = this.errors.total;
    this.checkRagged(cells, rowNumber);

    const row: NormalisedRow = {};
    for (const name of this.rowNames) row[name] = null;
    for (const { reader, index, header } of this.readers) {
      const text = cells[index] ?? '';
      if (text === '' || isBlank(text)) {
        if (reader.column.required)
          this.error(rowNumber, header, text, 'required_blank', messages.requiredBlank(reader.column));
        else this.blanks.set(reader.column, (this.blanks.get(reader.column) ?? 0) + 1);
        continue;
      }
      const parsed = reader.read(text);
      if (!parsed.ok) {
        this.error(rowNumber, header, text, parsed.code, parsed.message);
        continue;
      }
      if (reader.column.type.kind === 'date') {
        const { date, precision } = parsed.value as { date: string; precision: string };
        row[reader.column.name] = date;
        if (reader.precisionColumn) row[reader.precisionColumn] = precision;
      } else {
        row[reader.column.name] = parsed.value;
      }
    }
    if (this.errors.total > errorsBefore) return;

    this.derive(row);
    if (!this.checkRow(row, rowNumber, cells)) return;
    if (this.errors.total > 0) return;
    this.keep(row);
  }

  finish(): ValidationResult {
    for (const [column, count] of this.blanks) {
      if (column.type.kind === 'flag') continue; // a blank flag is an answer: 不明
      const header = this.header.columns.find((c) => c.column === column)?.header ?? column.header;
      this.warnings.add({
        row: null,
        column: header,
        value: null,
        code: 'optional_blank',
        message: messages.optionalBlank(column, count),
      });
    }
    const failed = this.errors.total > 0;
    return {
      dataRows: this.dataRows,
      errors: this.errors,
      warnings: this.warnings,
      partitions: failed ? [] : [...this.byPartition.values()],
      fiscalYears: [...this.fiscalYears].sort((a, b) => a - b),
      asOfDates: [...this.asOfDates].sort(),
    };
  }

  private looksBlank(cells: readonly string[]): boolean {
    const first = cells[this.firstIndex];
    if (first !== undefined && first !== '' && !isBlank(first)) return false;
    return cells.every((c) => c === '' || isBlank(c));
  }

  private error(row: number, column: string | null, value: string, code: string, message: string): void {
    this.errors.add({ row, column, value, code, message });
  }

  /** More cells than headers: an error only when the extras hold something. */
  private checkRagged(cells: readonly string[], rowNumber: number): void {
    const width = this.header.width;
    for (let i = width; i < cells.length; i++) {
      const text = cells[i] as string;
      if (text !== '' && !isBlank(text)) {
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
      if (this.unnamedWarned.has(index)) continue;
      const text = cells[index];
      if (text !== undefined && text !== '' && !isBlank(text)) {
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
  }

  private derive(row: NormalisedRow): void {
    if (this.dataset.derived.some((d) => d.name === 'fiscal_year') && typeof row.month === 'string')
      row.fiscal_year = fiscalYearOf(row.month);
  }

  /** Cross-row and cross-column checks; false when the row broke one. */
  private checkRow(row: NormalisedRow, rowNumber: number, cells: readonly string[]): boolean {
    const before = this.errors.total;
    const code = row.municipality_code as string;
    const codeCell = this.cellOf('municipality_code', cells);
    if (code === PREFECTURE_CODE) {
      this.error(
        rowNumber,
        codeCell.header,
        codeCell.text,
        'prefecture_code_in_row',
        messages.prefectureCodeInRow(),
      );
    } else if (
      this.context.uploadMunicipality !== PREFECTURE_CODE &&
      code !== this.context.uploadMunicipality
    ) {
      this.error(
        rowNumber,
        codeCell.header,
        codeCell.text,
        'municipality_mismatch',
        messages.municipalityMismatch(code, this.context.uploadMunicipality),
      );
    }

    const partition = row[this.partitionColumn];
    const fiscalYear = typeof partition === 'number' ? partition : fiscalYearOf(partition as string);
    if (fiscalYear < FIRST_FISCAL_YEAR || fiscalYear > this.maxFiscalYear) {
      const cell = this.cellOf(this.partitionSource, cells);
      this.error(
        rowNumber,
        cell.header,
        cell.text,
        'fiscal_year_out_of_range',
        messages.fiscalYearOutOfRange(fiscalYear, FIRST_FISCAL_YEAR, this.maxFiscalYear),
      );
    }

    for (const rule of this.dataset.rowRules) {
      if (!breaksRule(rule.test, row, this.dateColumns)) continue;
      const cell = this.cellOf(rule.column, cells);
      const problem: Problem = {
        row: rowNumber,
        column: cell.header,
        value: cell.text,
        code: rule.code,
        message: rule.message,
      };
      if (rule.severity === 'error') this.errors.add(problem);
      else this.warnings.add(problem);
    }
    if (this.errors.total > before) return false;

    const partitionValue = String(partition);
    const key = `${code}\u0000${partitionValue}\u0000${this.keyColumns.map((c) => String(row[c.name])).join('\u0000')}`;
    const firstRow = this.seenKeys.get(key);
    if (firstRow !== undefined) {
      const keyCell = this.cellOf(this.keyColumns[0]?.name ?? this.partitionColumn, cells);
      this.error(
        rowNumber,
        keyCell.header,
        keyCell.text,
        'duplicate_key',
        messages.duplicateKey(
          this.keyColumns.map((c) => this.headerOf(c)),
          firstRow,
        ),
      );
      return false;
    }
    this.seenKeys.set(key, rowNumber);
    return true;
  }

  private keep(row: NormalisedRow): void {
    const code = row.municipality_code as string;
    const partition = row[this.partitionColumn];
    const partitionValue = String(partition);
    if (typeof partition === 'number') this.fiscalYears.add(partition);
    else this.asOfDates.add(partitionValue);
    const id = `${code}\u0000${partitionValue}`;
    let group = this.byPartition.get(id);
    if (!group) {
      group = { municipalityCode: code, partitionValue, rows: [] };
      this.byPartition.set(id, group);
    }
    group.rows.push(row);
  }

  private headerOf(column: Column): string {
    return this.header.columns.find((c) => c.column === column)?.header ?? column.header;
  }

  /** The header as written in the file and the original text of a column in this row. */
  private cellOf(name: string, cells: readonly string[]): { header: string; text: string } {
    const found = this.header.columns.find((c) => c.column.name === name);
    if (!found)
      return { header: this.dataset.columns.find((c) => c.name === name)?.header ?? name, text: '' };
    return { header: found.header, text: cells[found.index] ?? '' };
  }
}

/**
 * Row rules are documented to see dates as 'YYYY-MM-DD' strings, but some
 * definitions compare Date objects; a row breaks a rule when either view of
 * it does, so a rule is never silently skipped whichever form it expects.
 */
function breaksRule(
  test: (row: Readonly<NormalisedRow>) => boolean,
  row: NormalisedRow,
  dateColumns: readonly string[],
): boolean {
  if (test(row)) return true;
  if (dateColumns.length === 0) return false;
  const withDates: NormalisedRow = { ...row };
  for (const name of dateColumns) {
    const value = row[name];
    if (typeof value === 'string') withDates[name] = new Date(`${value}T00:00:00Z`);
  }
  return test(withDates);
}
