import { createHash } from 'node:crypto';
import type { Viewer } from '../../src/access/viewer';
import { isZip } from '../../src/csv/xlsx';
import type { DatasetName } from '../../src/datasets';
import { openUpload } from '../../src/ingest/csv-source';
import { RejectedFileError } from '../../src/ingest/errors';
import { detectDataset } from '../../src/ingest/header';
import { rawKeyFor, safeFileName, uploadIdFor } from '../../src/ingest/layout';
import { rawMetadataFor } from '../../src/ingest/raw-metadata';
import type { Stores } from '../../src/storage/stores';
import { AppError } from '../errors';

/** What the API answers when the ingest runs later, off the raw-bucket notification. */
export interface DeferredUpload {
  upload_id: string;
  raw_key: string;
  file: string;
  dataset: DatasetName;
  municipality_code: string;
  uploader: string;
  uploaded_at: string;
  status: 'processing';
}

/**
 * The dataset a file is for, from its headers, as the ingest would detect it.
 * Needed before the file is kept, because the raw key names the dataset.
 */
export function detectUploadDataset(bytes: Uint8Array): DatasetName {
  // The same first records (or workbook sheet) the ingest reads, not the whole file.
  const opened = openUpload(bytes);
  try {
    if (!('head' in opened)) throw opened.rejected;
    return detectDataset(opened.head).name;
  } catch (error) {
    if (!(error instanceof RejectedFileError)) throw error;
    if (error.errors[0]?.code === 'csv_syntax') throw new AppError(400, 'csv_syntax', error.message);
    throw new AppError(
      400,
      'dataset_not_detected',
      `${error.message} データの種類（dataset）を指定してください。`,
    );
  }
}

/** The stored object's type: the raw file is kept exactly as uploaded, CSV or workbook. */
export const rawContentType = (bytes: Uint8Array): string =>
  isZip(bytes) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';

/**
 * Cloud uploads: keeps the file exactly as uploaded under
 * `raw/{dataset}/{code}/…` with the uploader in its metadata (the keys
 * ingestRawObject reads) and nothing else. The raw bucket's notification
 * runs the ingest Lambda, which saves the report under the same upload id,
 * so the dashboard never writes curated data and its role needs only raw/.
 */
export async function keepRawUpload(
  stores: Stores,
  upload: {
    bytes: Uint8Array;
    fileName: string;
    dataset: DatasetName;
    municipalityCode: string;
    uploader: Viewer;
    uploadedAt: Date;
  },
): Promise<DeferredUpload> {
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const rawKey = rawKeyFor(
    upload.dataset,
    upload.municipalityCode,
    upload.uploadedAt,
    sha256,
    upload.fileName,
  );
  const metadata = rawMetadataFor(upload.uploader, upload.uploadedAt);
  await stores.raw.put(rawKey, upload.bytes, { contentType: rawContentType(upload.bytes), metadata });
  return {
    upload_id: uploadIdFor(upload.uploadedAt, sha256),
    raw_key: rawKey,
    file: safeFileName(upload.fileName),
    dataset: upload.dataset,
    municipality_code: upload.municipalityCode,
    uploader: upload.uploader.login,
    uploaded_at: upload.uploadedAt.toISOString(),
    status: 'processing',
  };
}
