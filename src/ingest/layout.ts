import { type DatasetName, getDataset, isDatasetName } from '../datasets';

/**
 * Object keys, identical locally and on S3 (docs/architecture.md, "Object
 * layout"). Every key the pipeline reads or writes is built here.
 */

/** `2026-11-26T14:07:29.123Z` → `20261126T140729123Z`: sortable, no characters S3 or shells dislike. */
export function compactTime(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

const COMPACT_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/;

/** Inverse of compactTime; undefined when the text is not one. */
export function parseCompactTime(text: string): Date | undefined {
  const m = COMPACT_TIME.exec(text);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(date.getTime()) || compactTime(date) !== text ? undefined : date;
}

const MAX_FILE_NAME = 100;

/**
 * Characters that are invisible or change how the rest is shown: controls
 * (Cc), format characters (Cf: the bidi overrides and isolates U+202A-202E
 * and U+2066-2069, zero-width U+200B-200F, BOM, soft hyphen), line and
 * paragraph separators, and lone surrogates (not valid in an S3 key).
 */
const UNSHOWABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * A file name safe inside a key and on a page: Japanese kept, path
 * separators and unshowable characters removed (a name must never climb
 * out of its folder, nor display as another name, e.g. `report\u202Evsc.exe`
 * shown as `reportexe.csv`), length capped (S3 keys are at most 1024 bytes)
 * keeping the extension. Cleaning a cleaned name changes nothing.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  let safe = base
    .replace(UNSHOWABLE, '')
    .normalize('NFC')
    .replace(/^[.\s]+/, '')
    .trim();
  if (safe === '') safe = 'upload.csv';
  const chars = [...safe];
  if (chars.length > MAX_FILE_NAME) {
    const dot = safe.lastIndexOf('.');
    const ext = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
    safe = (chars.slice(0, MAX_FILE_NAME - [...ext].length).join('') + ext).trim();
  }
  return safe;
}

/** Sortable and unique per (upload time, file content); the same string as in the raw key. */
export function uploadIdFor(uploadedAt: Date, sha256: string): string {
  return `${compactTime(uploadedAt)}-${sha256.slice(0, 12)}`;
}

/** `raw/{dataset}/{code}/{YYYYMMDDTHHmmssSSSZ}_{sha256:12}_{file}` — the file exactly as uploaded. */
export function rawKeyFor(
  dataset: DatasetName,
  municipalityCode: string,
  uploadedAt: Date,
  sha256: string,
  fileName: string,
): string {
  return `raw/${dataset}/${municipalityCode}/${compactTime(uploadedAt)}_${sha256.slice(0, 12)}_${safeFileName(fileName)}`;
}

export interface RawLocation {
  dataset: DatasetName;
  municipalityCode: string;
  /** The last key segment as it is (may or may not follow rawKeyFor's pattern). */
  fileName: string;
}

export interface RawKeyParts extends RawLocation {
  uploadedAt: Date;
  sha256Prefix: string;
}

const RAW_LOCATION = /^raw\/([a-z_]+)\/(\d{6})\/([^/]+)$/;
const RAW_NAME = /^(\d{8}T\d{9}Z)_([0-9a-f]{12})_(.+)$/;

/**
 * Dataset and municipality of any object under `raw/{dataset}/{code}/` —
 * including files dropped into the raw bucket by hand, whose names do not
 * carry the upload time and hash. Undefined for keys outside that layout.
 */
export function parseRawLocation(key: string): RawLocation | undefined {
  const m = RAW_LOCATION.exec(key);
  if (!m?.[1] || !m[2] || !m[3] || !isDatasetName(m[1])) return undefined;
  return { dataset: m[1], municipalityCode: m[2], fileName: m[3] };
}

/** The parts of a key built by rawKeyFor; undefined for any other key. */
export function parseRawKey(key: string): RawKeyParts | undefined {
  const location = parseRawLocation(key);
  if (!location) return undefined;
  const m = RAW_NAME.exec(location.fileName);
  const uploadedAt = m?.[1] ? parseCompactTime(m[1]) : undefined;
  if (!m?.[2] || !m[3] || !uploadedAt) return undefined;
  return { ...location, uploadedAt, sha256Prefix: m[2], fileName: m[3] };
}

/** `curated/{dataset}/` — everything Athena/DuckDB read for a dataset. */
export function curatedPrefix(dataset: DatasetName): string {
  return `curated/${dataset}/`;
}

/** The Hive folder of one partition, relative to a dataset prefix: `municipality_code=…/fiscal_year=…`. */
function partitionPath(dataset: DatasetName, municipalityCode: string, partitionValue: string): string {
  return `municipality_code=${municipalityCode}/${getDataset(dataset).partitionColumn}=${partitionValue}`;
}

/** `curated/{dataset}/municipality_code={code}/{fiscal_year|as_of}={v}/data.parquet` */
export function partitionKey(dataset: DatasetName, municipalityCode: string, partitionValue: string): string {
  return `${curatedPrefix(dataset)}${partitionPath(dataset, municipalityCode, partitionValue)}/data.parquet`;
}

/**
 * Folder of the per-upload normalised copies of one partition, named by
 * upload id so that listing it gives every accepted upload touching the
 * partition, oldest first. Outside `curated/` so queries never read them.
 */
export function stagingPrefix(
  dataset: DatasetName,
  municipalityCode: string,
  partitionValue: string,
): string {
  return `staging/${dataset}/${partitionPath(dataset, municipalityCode, partitionValue)}/`;
}

export function stagingKey(
  dataset: DatasetName,
  municipalityCode: string,
  partitionValue: string,
  uploadId: string,
): string {
  return `${stagingPrefix(dataset, municipalityCode, partitionValue)}${uploadId}.parquet`;
}

export const REPORTS_PREFIX = 'reports/';

/** `reports/{uploadId}.json` — the upload history, accepted or rejected. */
export function reportKey(uploadId: string): string {
  return `${REPORTS_PREFIX}${uploadId}.json`;
}

export { DATA_VERSION_KEY } from '../storage/data-version';
