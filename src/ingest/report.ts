import type { DatasetName } from '../datasets';
import { detach } from './cell-readers';
import { diffSummaryJa, type UploadDiff } from './diff-report';
import type { PartitionOutcome } from './publish';

/**
 * One thing wrong (or worth a look) in an upload. `row` is the row number as
 * Excel shows it and `column` the header exactly as written in the file;
 * both are null for file-level problems.
 */
export interface Problem {
  row: number | null;
  column: string | null;
  value: string | null;
  code: string;
  /** Japanese, telling the person what to fix. */
  message: string;
}

/** A CSV's text encoding, or 'xlsx' for an Excel workbook. */
export type Encoding = 'utf-8' | 'utf-8-bom' | 'cp932' | 'xlsx';

/** The outcome of one upload: saved for every upload, accepted or rejected (the upload history). */
export interface IngestReport {
  upload_id: string;
  file: string;
  dataset: DatasetName | null;
  municipality_code: string | null;
  encoding: Encoding | null;
  status: 'accepted' | 'rejected';
  /** Data rows read from the file (blank trailing rows not counted). */
  rows: number;
  /** At most MAX_LISTED_ERRORS; errors_total counts them all. */
  errors: Problem[];
  errors_total: number;
  warnings: Problem[];
  /** Warnings beyond the listed ones are counted here. */
  warnings_total: number;
  /**
   * Rows where some checks could not run because a cell they need did not
   * read, naming the checks (a rejected file only). Absent in reports saved
   * before it existed.
   */
  unchecked?: Problem[];
  unchecked_total?: number;
  uploaded_at: string;
  processed_at: string;
  /** Login of the uploader (audit trail). */
  uploader: string;
  sha256: string;
  raw_key: string;
  /** Empty when rejected. */
  partitions: PartitionOutcome[];
  /**
   * Curated keys this upload replaces, known before publication; lets
   * publication find every accepted upload touching a partition.
   */
  partition_keys: string[];
  fiscal_years: number[];
  as_of_dates: string[];
  /**
   * Accepted uploads that replaced data: per partition written, rows
   * added/removed/changed by key and the headline figures before and after.
   * Exact figures: shown only to those who see the town exactly.
   */
  diff?: UploadDiff;
}

/** A 1M-row bad file must not produce a 1 GB report. */
export const MAX_LISTED_ERRORS = 1000;
export const MAX_LISTED_WARNINGS = 1000;

/** Characters of a cell value (or a header as written) a report repeats. */
export const EXCERPT_CHARS = 100;
/** Messages may quote the value (「…」は選択肢にありません): bounded too, more loosely. */
export const MESSAGE_CHARS = 300;
export const CUT_MARK = '…（以下省略）';

/**
 * The first `max` characters of a text, marked as cut; the text itself when
 * short. The excerpt never points into the original (a 30 MB cell is not
 * kept alive by the report that quotes it).
 *
 * @example excerpt('あ'.repeat(150)) // 'あ'.repeat(100) + '…（以下省略）'
 */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair.
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return detach(`${text.slice(0, end)}${CUT_MARK}`);
}

/** A problem as a report keeps it: value and column as excerpts, the message bounded. */
export function boundProblem(problem: Problem): Problem {
  const { value, column, message } = problem;
  if (
    (value === null || value.length <= EXCERPT_CHARS) &&
    (column === null || column.length <= EXCERPT_CHARS) &&
    message.length <= MESSAGE_CHARS
  )
    return problem;
  return {
    ...problem,
    value: value === null ? null : excerpt(value),
    column: column === null ? null : excerpt(column),
    message: excerpt(message, MESSAGE_CHARS),
  };
}

/** Collects problems, listing the first `limit` (as excerpts) and counting the rest. */
export class ProblemList {
  readonly items: Problem[] = [];
  total = 0;
  constructor(private readonly limit: number) {}

  add(problem: Problem): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(boundProblem(problem));
  }
}

/**
 * A report whatever was put in it: problem lists cut to their limits,
 * every echoed value an excerpt. Applied when a report is saved and when
 * one is read (reports saved before values were cut may be huge).
 */
export function boundReport(report: IngestReport): IngestReport {
  const errors = report.errors.slice(0, MAX_LISTED_ERRORS).map(boundProblem);
  const warnings = report.warnings.slice(0, MAX_LISTED_WARNINGS).map(boundProblem);
  const unchecked = report.unchecked?.slice(0, MAX_LISTED_ERRORS).map(boundProblem);
  return {
    ...report,
    ...(unchecked && {
      unchecked,
      unchecked_total: Math.max(report.unchecked_total ?? 0, unchecked.length),
    }),
    errors,
    errors_total: Math.max(report.errors_total, report.errors.length),
    warnings,
    warnings_total: Math.max(report.warnings_total, report.warnings.length),
  };
}

const ENCODING_LABELS: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（BOM付き）',
  cp932: 'Shift_JIS（CP932）',
  xlsx: 'Excel ブック（.xlsx）',
};

const DATASET_TITLES: Record<DatasetName, string> = {
  cases: '相談ケース',
  activities: '月次活動実績',
  visits: '世帯訪問調査の進捗',
  implementation: '実施状況',
  population: '人口',
};

const count = (n: number): string => n.toLocaleString('ja-JP');

/**
 * One paragraph in Japanese for the CLI and the upload screen.
 *
 * @example summariseJa(report) // 「cases.csv（相談ケース、Shift_JIS（CP932））: 120行を取り込みました。…」
 */
export function summariseJa(report: IngestReport): string {
  const what = [
    report.dataset ? DATASET_TITLES[report.dataset] : null,
    report.encoding ? ENCODING_LABELS[report.encoding] : null,
  ].filter((x): x is string => x !== null);
  const head = what.length > 0 ? `${report.file}（${what.join('、')}）` : report.file;
  const parts: string[] = [];
  if (report.status === 'accepted') {
    const written = report.partitions.filter((p) => p.action === 'written').length;
    const unchanged = report.partitions.filter((p) => p.action === 'unchanged').length;
    const kept = report.partitions.filter((p) => p.action === 'kept_newer').length;
    parts.push(`${count(report.rows)}行を取り込みました。`);
    const periods = [
      ...report.fiscal_years.map((fy) => `${fy}年度`),
      ...report.as_of_dates.map((d) => `基準日${d}`),
    ];
    if (periods.length > 0) parts.push(`対象: ${periods.join('・')}。`);
    if (written > 0) parts.push(`${written}区分のデータを置き換えました。`);
    if (unchanged > 0) parts.push(`${unchanged}区分は同じファイルが取り込み済みのため変更ありません。`);
    if (kept > 0) parts.push(`${kept}区分はより新しいアップロードがあるため置き換えませんでした。`);
    if (report.diff) parts.push(diffSummaryJa(report.diff));
  } else {
    parts.push(
      `取り込みませんでした（エラー${count(report.errors_total)}件）。保存済みのデータは変わっていません。`,
    );
    const first = report.errors[0];
    if (first) parts.push(`最初のエラー: ${describeProblem(first)}`);
    if (report.errors_total > report.errors.length)
      parts.push(
        `一覧には最初の${count(report.errors.length)}件だけを載せています（残り${count(report.errors_total - report.errors.length)}件）。`,
      );
    const unchecked = report.unchecked_total ?? 0;
    if (unchecked > 0)
      parts.push(
        `読み取れない値のため一部の確認ができなかった行が${count(unchecked)}行あります（値を直すと確認します）。`,
      );
  }
  if (report.warnings_total > 0)
    parts.push(`確認事項${count(report.warnings_total)}件（取り込みには影響しません）。`);
  return `${head}: ${parts.join('')}`;
}

/** 「5行目「受付日」（値: 2023/02/30）: 日付として読めません。…」 */
export function describeProblem(problem: Problem): string {
  const where: string[] = [];
  if (problem.row !== null) where.push(`${problem.row}行目`);
  if (problem.column !== null) where.push(`「${problem.column}」`);
  const value = problem.value !== null && problem.value !== '' ? `（値: ${problem.value}）` : '';
  const prefix = where.length > 0 || value ? `${where.join('')}${value}: ` : '';
  return `${prefix}${problem.message}`;
}
