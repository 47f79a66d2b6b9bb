import { createHash } from 'node:crypto';
import { mayUpload, type Viewer } from '../access/viewer';
import { type Dataset, type DatasetName, getDataset } from '../datasets';
import { municipalityByCode } from '../datasets/municipalities';
import { isPrefectureCode } from '../normalise/municipality';
import { normaliseHeader } from '../normalise/text';
import type { Stores } from '../storage/stores';
import { BULK_MIN_BYTES, type BulkOptions, type BulkResult, validateInBulk } from './bulk/bulk-validate';
import { type Opened, openUpload, reportedEncoding, scanDataRows } from './csv-source';
import { bumpDataVersion } from './data-version';
import {
  diffPartition,
  type HeldPartition,
  type PartitionDiff,
  snapshotPartitions,
  type UploadDiff,
} from './diff';
import { RejectedFileError } from './errors';
import { detectDataset, mapHeader } from './header';
import { type HeaderAnswers, rememberedHeaderAnswers, rememberHeaderAnswers } from './header-answers';
import { parseRawKey, parseRawLocation, partitionKey, rawKeyFor, safeFileName, uploadIdFor } from './layout';
import { fileProblem, messages } from './messages';
import { ingestDuckDb } from './parquet';
import { type PartitionOutcome, type PublishStep, publishPartitions } from './publish';
import { rawMetadataFor, uploadedAtOf, uploaderFromMetadata } from './raw-metadata';
import type { Encoding, IngestReport, Problem } from './report';
import { begin, finish, markRawKey, step } from './upload-lifecycle';
import { RowValidator, type ValidationResult } from './validate';

export { RAW_METADATA } from './raw-metadata';

export interface UploadRequest {
  bytes: Uint8Array;
  fileName: string;
  /** Detected from the headers when absent. */
  dataset?: DatasetName;
  /** The uploader's town, or '310000' for a prefecture-wide upload. */
  municipalityCode: string;
  uploader: Viewer;
  /** Default: options.now, else now. */
  uploadedAt?: Date;
  /**
   * Which count an ambiguous header is (src/ingest/header-answers.ts), keyed
   * by the header as normalised; over the town's remembered answers, and
   * remembered for it when the upload is accepted.
   */
  headerAnswers?: HeaderAnswers;
}

export interface IngestOptions {
  /** Larger files are rejected unread (Config.maxUploadBytes). */
  maxUploadBytes: number;
  /** The clock, for tests: default upload time and processed_at. */
  now?: Date;
  /** When large uploads are checked in bulk (src/ingest/bulk/); tests lower the threshold. */
  bulk?: BulkOptions;
  /**
   * Runs once the report is saved and before the upload stops being
   * pending (the dashboard appends its audit entry here): a crash before it
   * returns is settled again on recovery (src/ingest/recover.ts).
   */
  settle?: (report: IngestReport, uploader: Viewer) => Promise<void>;
  /** Called at each step of an upload, in order; the crash tests stop a process there. */
  onStep?: (step: IngestStep) => void | Promise<void>;
}

/**
 * The steps of an upload, in order. Until `report-saved` no report claims
 * anything; from `pending` on, a crash leaves a pending marker that
 * recovery completes (src/ingest/recover.ts).
 */
export type IngestStep = 'pending' | 'raw-kept' | 'checked' | PublishStep | 'report-saved' | 'settled';

/** What an upload is, before its content is read. */
export interface Upload {
  /** Size only: the bytes themselves are not kept past reading, so a large file can be freed early. */
  size: number;
  fileName: string;
  municipalityCode: string;
  uploader: Viewer;
  uploadedAt: Date;
  sha256: string;
  uploadId: string;
  /** A pending marker from an earlier run of this very upload was found: a crash (or a retry) interrupted it. */
  resumed: boolean;
}

/**
 * Local path and dashboard: keeps the raw file under its raw key, then checks
 * and publishes it. The report is saved and returned whatever the outcome;
 * bad input never throws, storage failures do.
 *
 * @example await ingestUpload(localStores('./data'), { bytes, fileName: 'cases.csv', municipalityCode: '313726', uploader }, { maxUploadBytes })
 */
export async function ingestUpload(
  stores: Stores,
  request: UploadRequest,
  options: IngestOptions,
): Promise<IngestReport> {
  warmUp(request.bytes.length, options);
  const upload = await begin(
    stores,
    options,
    describe(
      request.bytes,
      request.fileName,
      request.municipalityCode,
      request.uploader,
      request.uploadedAt ?? options.now ?? new Date(),
    ),
    '',
  );
  const early = checkEnvelope(upload, options);
  if (early) return finishRejected(stores, upload, options, { errors: [early], dataset: request.dataset });

  const readable = openUpload(request.bytes, request.dataset);
  let dataset: Dataset;
  try {
    dataset = chooseDataset(request.dataset, readable);
  } catch (error) {
    if (!(error instanceof RejectedFileError)) throw error;
    return finishRejected(stores, upload, options, {
      errors: error.errors,
      encoding: reportedEncoding(readable),
    });
  }
  const refusal = checkRole(upload, dataset);
  if (refusal)
    return finishRejected(stores, upload, options, {
      errors: [refusal],
      dataset: dataset.name,
      encoding: reportedEncoding(readable),
    });

  const rawKey = rawKeyFor(
    dataset.name,
    upload.municipalityCode,
    upload.uploadedAt,
    upload.sha256,
    upload.fileName,
  );
  // Recovery needs to know where the raw file is before it exists.
  await markRawKey(stores, upload, rawKey);
  // The raw file is kept before anything is published; it is written while the content is checked.
  const kept = stores.raw.put(rawKey, request.bytes, {
    contentType: 'workbook' in readable && readable.workbook ? XLSX_TYPE : 'text/csv',
    metadata: rawMetadataFor(upload.uploader, upload.uploadedAt),
  });
  const answers = {
    ...(await rememberedHeaderAnswers(stores, upload.municipalityCode)),
    ...request.headerAnswers,
  };
  const checked = await checkContent(upload, dataset, readable, rawKey, options, answers).catch(
    async (error) => {
      await kept.catch(() => undefined);
      throw error;
    },
  );
  try {
    await kept;
    await step(options, 'raw-kept');
    await step(options, 'checked');
  } catch (error) {
    if ('result' in checked && 'dispose' in checked.result) await checked.result.dispose();
    throw error;
  }
  const report = await conclude(
    stores,
    upload,
    options,
    dataset,
    rawKey,
    reportedEncoding(readable),
    checked,
  );
  await rememberAnswersOf(stores, upload.municipalityCode, report, request.headerAnswers);
  return report;
}

/**
 * An accepted upload's answers to the questions its file raised are kept for
 * its town; nothing is kept while a question is open or the file is rejected.
 */
async function rememberAnswersOf(
  stores: Stores,
  code: string,
  report: IngestReport,
  given: HeaderAnswers | undefined,
): Promise<void> {
  if (!given || report.status !== 'accepted') return;
  const used: Record<string, HeaderAnswers[string]> = {};
  for (const w of report.warnings) {
    const key = w.code === 'header_answered' && w.column ? normaliseHeader(w.column) : undefined;
    const answer = key === undefined ? undefined : given[key];
    if (key !== undefined && answer !== undefined) used[key] = answer;
  }
  await rememberHeaderAnswers(stores, code, used, report.uploader);
}

/**
 * Lambda path: the raw object already exists (S3 event). Dataset and
 * municipality come from its key; uploader and upload time from its
 * metadata (upload time falls back to the key, then LastModified). A file
 * dropped in without uploader metadata is treated as its key's own town.
 */
export async function ingestRawObject(
  stores: Stores,
  rawKey: string,
  options: IngestOptions,
): Promise<IngestReport> {
  const info = await stores.raw.head(rawKey);
  const bytes = info ? await stores.raw.get(rawKey) : undefined;
  // Missing right after an event is eventual consistency or a race: an infrastructure failure, retried.
  if (!info || !bytes) throw new Error(`raw object not found: ${rawKey}`);
  warmUp(bytes.length, options);
  const location = parseRawLocation(rawKey);
  const uploader = uploaderFromMetadata(info, location?.municipalityCode);
  const uploadedAt = uploadedAtOf(info, rawKey);
  const upload = await begin(
    stores,
    options,
    describe(
      bytes,
      // The name as uploaded, without the time and hash rawKeyFor put in front.
      parseRawKey(rawKey)?.fileName ?? location?.fileName ?? rawKey.split('/').pop() ?? rawKey,
      location?.municipalityCode ?? '',
      uploader,
      uploadedAt,
    ),
    rawKey,
  );
  await step(options, 'raw-kept');
  if (!location)
    return finishRejected(stores, upload, options, {
      errors: [fileProblem('raw_key_invalid', messages.rawKeyInvalid(), rawKey)],
      rawKey,
    });
  const dataset = getDataset(location.dataset);
  const early = checkEnvelope(upload, options) ?? checkRole(upload, dataset);
  if (early)
    return finishRejected(stores, upload, options, { errors: [early], dataset: dataset.name, rawKey });
  const readable = openUpload(bytes, dataset.name);
  const answers = await rememberedHeaderAnswers(stores, upload.municipalityCode);
  const checked = await checkContent(upload, dataset, readable, rawKey, options, answers);
  await step(options, 'checked');
  return conclude(stores, upload, options, dataset, rawKey, reportedEncoding(readable), checked);
}

/**
 * A large upload is checked inside DuckDB: its instance (the process's one)
 * starts on another thread while this one hashes and opens the file.
 */
function warmUp(size: number, options: IngestOptions): void {
  if (size >= (options.bulk?.minBytes ?? BULK_MIN_BYTES)) ingestDuckDb().catch(() => undefined);
}

/** The dataset asked for, else the one the header names; throws RejectedFileError. */
function chooseDataset(name: DatasetName | undefined, readable: Opened): Dataset {
  if (name) return getDataset(name);
  if (!('head' in readable)) throw readable.rejected;
  return detectDataset(readable.head);
}

function describe(
  bytes: Uint8Array,
  fileName: string,
  municipalityCode: string,
  uploader: Viewer,
  uploadedAt: Date,
): Omit<Upload, 'resumed'> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    size: bytes.length,
    // Reports and pages show this name: cleaned as the raw key's is (no bidi or control characters).
    fileName: safeFileName(fileName),
    municipalityCode,
    uploader,
    uploadedAt,
    sha256,
    uploadId: uploadIdFor(uploadedAt, sha256),
  };
}

/** Problems decided before reading the content: size and the upload's municipality. */
function checkEnvelope(upload: Upload, options: IngestOptions): Problem | undefined {
  if (upload.size > options.maxUploadBytes)
    return fileProblem('file_too_large', messages.fileTooLarge(upload.size, options.maxUploadBytes));
  const code = upload.municipalityCode;
  if (!isPrefectureCode(code) && !municipalityByCode(code))
    return fileProblem('unknown_upload_municipality', messages.unknownUploadMunicipality(code), code);
  return undefined;
}

function checkRole(upload: Upload, dataset: Dataset): Problem | undefined {
  if (mayUpload(upload.uploader, dataset, upload.municipalityCode)) return undefined;
  return fileProblem('upload_not_allowed', messages.uploadNotAllowed(dataset, upload.municipalityCode));
}

/** The content's verdict: a file-level rejection, or every row checked. */
type Checked = { errors: Problem[]; warnings?: Problem[] } | { result: ValidationResult | BulkResult };

/**
 * Reads and checks every row (the CPU-heavy part): a large upload in bulk
 * inside DuckDB when it can (src/ingest/bulk/), else — and always for a
 * file with problems, whose report lists each with its row — row by row.
 * Kept apart from publication so the decoded text is unreachable once it
 * returns: a large upload's text is not held while its Parquet is written.
 */
async function checkContent(
  upload: Upload,
  dataset: Dataset,
  readable: Opened,
  rawKey: string,
  options: IngestOptions,
  answers: HeaderAnswers,
): Promise<Checked> {
  if (!('head' in readable)) return { errors: readable.rejected.errors };
  try {
    const header = mapHeader(dataset, readable.head, answers);
    const hidden = readable.workbook?.hiddenRows.filter((row) => row > header.headerRow) ?? [];
    if (hidden.length > 0) header.warnings.push(hiddenRowsWarning(hidden));
    const context = { uploadMunicipality: upload.municipalityCode, uploadedAt: upload.uploadedAt };
    const lineage = {
      uploadId: upload.uploadId,
      rawKey,
      sha256: upload.sha256,
      uploadedAt: upload.uploadedAt.toISOString(),
    };
    const bulk = await validateInBulk(readable, header, context, lineage, options.bulk);
    if (bulk) return { result: bulk };
    const validator = new RowValidator(header, context);
    scanDataRows(readable, header.headerRow, (row, cells) => validator.push(row, cells));
    return { result: validator.finish() };
  } catch (error) {
    if (!(error instanceof RejectedFileError)) throw error;
    return { errors: error.errors, warnings: error.warnings };
  }
}

/** Saves the report and, for an accepted file, publishes its partitions. */
async function conclude(
  stores: Stores,
  upload: Upload,
  options: IngestOptions,
  dataset: Dataset,
  rawKey: string,
  encoding: Encoding | null,
  checked: Checked,
): Promise<IngestReport> {
  const common = { dataset: dataset.name, rawKey, encoding };
  if (!('result' in checked)) {
    // Bytes found undecodable below the first records: the file has no encoding after all.
    const undecodable = checked.errors.some((e) => e.code === 'undecodable');
    return finishRejected(stores, upload, options, {
      ...common,
      ...checked,
      // A workbook stays one: its damage is not an encoding's.
      encoding: undecodable && encoding !== 'xlsx' ? null : encoding,
    });
  }
  const result = checked.result;
  try {
    return await publishChecked(stores, upload, options, rawKey, dataset, common, result);
  } finally {
    if ('dispose' in result) await result.dispose();
  }
}

async function publishChecked(
  stores: Stores,
  upload: Upload,
  options: IngestOptions,
  rawKey: string,
  dataset: Dataset,
  common: ReportBasics,
  result: ValidationResult,
): Promise<IngestReport> {
  const base = {
    ...baseReport(upload, options, common),
    rows: result.dataRows,
    warnings: result.warnings.items,
    warnings_total: result.warnings.total,
    fiscal_years: result.fiscalYears,
    as_of_dates: result.asOfDates,
  };
  if (result.dataRows === 0 || result.errors.total > 0) {
    const errors =
      result.dataRows === 0 ? [fileProblem('no_data_rows', messages.noDataRows())] : result.errors.items;
    const report: IngestReport = {
      ...base,
      status: 'rejected',
      errors,
      errors_total: Math.max(errors.length, result.errors.total),
      ...(result.unchecked.total > 0 && {
        unchecked: result.unchecked.items,
        unchecked_total: result.unchecked.total,
      }),
    };
    return finish(stores, upload, options, report);
  }

  const batches = result.partitions.map((p) => ({ dataset: dataset.name, ...p }));
  const accepted: IngestReport = {
    ...base,
    status: 'accepted',
    errors: [],
    errors_total: 0,
    partition_keys: batches.map((b) => partitionKey(dataset.name, b.municipalityCode, b.partitionValue)),
  };
  // No report is saved until the data is published and the version bumped:
  // a report never says accepted for data readers do not see. Meanwhile the
  // pending mark (begin) is what a crash leaves, for recovery to complete.
  // What each partition holds before it is replaced: the diff's 'before'.
  const held = await snapshotPartitions(stores.curated, dataset.name, batches);
  const partitions = await publishPartitions(
    stores,
    batches,
    {
      uploadId: upload.uploadId,
      rawKey,
      sha256: upload.sha256,
      uploadedAt: upload.uploadedAt.toISOString(),
    },
    options.onStep,
  );
  // A rerun of an interrupted upload may find its partitions already written
  // ('unchanged') though the version was never bumped: bump then too.
  if (partitions.some((p) => p.action === 'written') || upload.resumed) {
    await bumpDataVersion(stores, upload.uploadId);
    await step(options, 'version-bumped');
  }
  const diff = await diffOf(stores, dataset, partitions, batches, held);
  const report: IngestReport = {
    ...accepted,
    partitions,
    ...(diff && { diff }),
    processed_at: now(options).toISOString(),
  };
  return finish(stores, upload, options, report);
}

/**
 * The diff of every partition this upload wrote, against what it held
 * before. Informational: a failure to compute it never fails an upload
 * whose data is already published.
 */
async function diffOf(
  stores: Stores,
  dataset: Dataset,
  partitions: readonly PartitionOutcome[],
  batches: readonly { municipalityCode: string; partitionValue: string }[],
  held: readonly HeldPartition[],
): Promise<UploadDiff | undefined> {
  try {
    const diffs: PartitionDiff[] = [];
    for (const [i, outcome] of partitions.entries()) {
      const batch = batches[i];
      const before = held[i];
      if (outcome.action !== 'written' || !batch || !before) continue;
      const after = await stores.curated.get(outcome.key);
      if (!after) continue;
      diffs.push(
        await diffPartition(dataset.name, { ...batch, partition: outcome.partition }, before, after),
      );
    }
    return diffs.length > 0 ? { partitions: diffs } : undefined;
  } catch (error) {
    console.warn(
      JSON.stringify({ level: 'warn', message: 'upload diff not computed', error: String(error) }),
    );
    return undefined;
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Hidden rows are read like any other (hiding is not deleting): say so, once. */
function hiddenRowsWarning(rows: readonly number[]): Problem {
  return {
    row: rows[0] as number,
    column: null,
    value: null,
    code: 'hidden_rows',
    message: messages.hiddenRows(rows),
  };
}

const now = (options: IngestOptions): Date => options.now ?? new Date();

interface ReportBasics {
  dataset?: DatasetName | null | undefined;
  encoding?: Encoding | null | undefined;
  rawKey?: string;
}

function baseReport(upload: Upload, options: IngestOptions, basics: ReportBasics) {
  return {
    upload_id: upload.uploadId,
    file: upload.fileName,
    dataset: basics.dataset ?? null,
    municipality_code: upload.municipalityCode || null,
    encoding: basics.encoding ?? null,
    uploaded_at: upload.uploadedAt.toISOString(),
    processed_at: now(options).toISOString(),
    uploader: upload.uploader.login,
    sha256: upload.sha256,
    raw_key: basics.rawKey ?? '',
    partitions: [],
    partition_keys: [],
  };
}

async function finishRejected(
  stores: Stores,
  upload: Upload,
  options: IngestOptions,
  details: ReportBasics & { errors: Problem[]; warnings?: Problem[] },
): Promise<IngestReport> {
  const warnings = details.warnings ?? [];
  const report: IngestReport = {
    ...baseReport(upload, options, details),
    status: 'rejected',
    rows: 0,
    errors: details.errors,
    errors_total: details.errors.length,
    warnings,
    warnings_total: warnings.length,
    fiscal_years: [],
    as_of_dates: [],
  };
  return finish(stores, upload, options, report);
}
