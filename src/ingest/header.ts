import type { CsvRecord } from '../csv/parse';
import { type Column, DATASETS, type Dataset } from '../datasets';
import { findPersonalColumn } from '../normalise/personal-columns';
import { normaliseHeader } from '../normalise/text';
import { RejectedFileError } from './errors';
import {
  AMBIGUOUS_HEADERS,
  type HeaderAnswers,
  headerAnswered,
  headerAsked,
  headerQuestion,
} from './header-answers';
import { fileProblem, messages } from './messages';
import type { Problem } from './report';

/** A title row or two may sit above the header; Excel users rarely put more. */
export const HEADER_SEARCH_ROWS = 10;

/** Where each known column sits in the file, and what else the header holds. */
export interface HeaderMap {
  dataset: Dataset;
  /** Index into the records of the header row (rows above it are titles). */
  headerIndex: number;
  /** Excel row number of the header. */
  headerRow: number;
  /** Known columns present, in file order, with their cell index and header as written. */
  columns: { column: Column; index: number; header: string }[];
  /** Number of header cells up to the last non-blank one: cells past it are extras. */
  width: number;
  /** Blank header cells before `width`: values under them are ignored with a warning. */
  unnamed: number[];
  warnings: Problem[];
  /** Ambiguous headers the file has that an answer mapped (keys as normalised), with the answer. */
  answered: HeaderAnswers;
}

const lookups = new Map<Dataset, Map<string, Column>>();

/** Normalised header/alias → column, per dataset (built once). */
function lookupOf(dataset: Dataset): Map<string, Column> {
  let lookup = lookups.get(dataset);
  if (!lookup) {
    lookup = new Map();
    for (const column of dataset.columns)
      for (const text of [column.header, ...column.aliases]) {
        const key = normaliseHeader(text);
        // Ask, don't guess: a header that names a count without saying which is never mapped by itself.
        if (!lookup.has(key) && !AMBIGUOUS_HEADERS.includes(key)) lookup.set(key, column);
      }
    lookups.set(dataset, lookup);
  }
  return lookup;
}

/** The column a header cell names, if any (after NFKC, whitespace and ※/(必須) marks removed). */
export function columnForHeader(dataset: Dataset, cell: string): Column | undefined {
  return lookupOf(dataset).get(normaliseHeader(cell));
}

/** How many distinct columns of the dataset a record names. */
function score(dataset: Dataset, cells: readonly string[]): number {
  const seen = new Set<Column>();
  for (const cell of cells) {
    const column = columnForHeader(dataset, cell);
    if (column) seen.add(column);
  }
  return seen.size;
}

interface Candidate {
  dataset: Dataset;
  index: number;
  score: number;
  /** Share of the dataset's required columns present: breaks ties between overlapping datasets. */
  requiredShare: number;
}

function bestRow(dataset: Dataset, records: readonly CsvRecord[]): Candidate {
  const required = dataset.columns.filter((c) => c.required);
  let best: Candidate = { dataset, index: 0, score: 0, requiredShare: 0 };
  const limit = Math.min(records.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const cells = (records[i] as CsvRecord).cells;
    const s = score(dataset, cells);
    if (s > best.score) {
      const names = new Set(cells.map((c) => columnForHeader(dataset, c)?.name));
      const share = required.filter((c) => names.has(c.name)).length / required.length;
      best = { dataset, index: i, score: s, requiredShare: share };
    }
  }
  return best;
}

const better = (a: Candidate, b: Candidate): number => b.score - a.score || b.requiredShare - a.requiredShare;

/**
 * The dataset whose headers the file uses, for uploads that do not say.
 * Rejects when no dataset's headers are found, or when two fit equally well.
 */
export function detectDataset(records: readonly CsvRecord[]): Dataset {
  const ranked = DATASETS.map((d) => bestRow(d, records)).sort(better);
  const [first, second] = ranked as [Candidate, Candidate];
  // One shared column (市町村コード) says nothing about which sheet this is.
  if (first.score < 2)
    throw new RejectedFileError([fileProblem('dataset_not_detected', messages.datasetNotDetected())]);
  if (better(first, second) === 0)
    throw new RejectedFileError([
      fileProblem(
        'dataset_ambiguous',
        messages.datasetAmbiguous([first.dataset.title, second.dataset.title]),
      ),
    ]);
  return first.dataset;
}

/**
 * Finds the header row of `dataset` among the first rows, maps its cells to
 * columns and refuses the file-level header problems: personal-data columns,
 * a column given twice, missing required columns, and a header that names a
 * count without saying which (相談件数: 延べ, 新規 or 実人数?) unless
 * `answers` say (src/ingest/header-answers.ts). Unknown columns are
 * warnings (their values are ignored).
 */
export function mapHeader(
  dataset: Dataset,
  records: readonly CsvRecord[],
  answers: HeaderAnswers = {},
): HeaderMap {
  const found = bestRow(dataset, records);
  if (found.score === 0)
    throw new RejectedFileError([fileProblem('header_not_found', messages.headerNotFound(dataset))]);
  const record = records[found.index] as CsvRecord;
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const columns: HeaderMap['columns'] = [];
  const byName = new Map<string, string>();
  const answered: Record<string, HeaderAnswers[string]> = {};
  /** Columns an unanswered question may be: not reported missing on top of the question. */
  const asked = new Set<string>();
  let width = 0;
  record.cells.forEach((raw, index) => {
    const header = raw.trim();
    if (header === '') return;
    width = index + 1;
    let column = columnForHeader(dataset, header);
    const choices = headerQuestion(dataset, header);
    if (choices) {
      const key = normaliseHeader(header);
      const choice = choices.find((c) => c.answer === answers[key]);
      if (!choice) {
        for (const c of choices) if (c.column) asked.add(c.column);
        errors.push(headerAsked(record.row, header, choices));
        return;
      }
      answered[key] = choice.answer;
      warnings.push(headerAnswered(record.row, header, choice));
      if (!choice.column) return;
      column = dataset.columns.find((c) => c.name === choice.column);
    }
    if (column) {
      const earlier = byName.get(column.name);
      if (earlier !== undefined) {
        errors.push({
          row: record.row,
          column: header,
          value: null,
          code: 'duplicate_column',
          message: messages.duplicateColumn(earlier, column),
        });
      } else {
        byName.set(column.name, header);
        columns.push({ column, index, header });
      }
      return;
    }
    const personal = findPersonalColumn(header, dataset.personLevel);
    if (personal) {
      errors.push({
        row: record.row,
        column: header,
        value: null,
        code: 'personal_column',
        message: messages.personalColumn(personal.reason),
      });
      return;
    }
    warnings.push({
      row: record.row,
      column: header,
      value: null,
      code: 'unknown_column',
      message: messages.unknownColumn(dataset),
    });
  });
  const missing = dataset.columns.filter((c) => c.required && !byName.has(c.name) && !asked.has(c.name));
  if (missing.length > 0) {
    const hint = betterFit(dataset, records);
    for (const column of missing)
      errors.push({
        row: record.row,
        column: column.header,
        value: null,
        code: 'missing_column',
        message: messages.missingColumn(column, hint),
      });
  }
  if (errors.length > 0) throw new RejectedFileError(errors, warnings);
  const unnamed: number[] = [];
  for (let i = 0; i < width; i++) if ((record.cells[i] ?? '').trim() === '') unnamed.push(i);
  return {
    dataset,
    headerIndex: found.index,
    headerRow: record.row,
    columns,
    width,
    unnamed,
    warnings,
    answered,
  };
}

/** Another dataset this file's header fits better: the likely cause of missing columns. */
function betterFit(dataset: Dataset, records: readonly CsvRecord[]): Dataset | undefined {
  const own = bestRow(dataset, records);
  const ranked = DATASETS.filter((d) => d !== dataset)
    .map((d) => bestRow(d, records))
    .sort(better);
  const top = ranked[0];
  return top && top.score >= 2 && top.requiredShare === 1 && better(top, own) < 0 ? top.dataset : undefined;
}
