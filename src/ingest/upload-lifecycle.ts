import { hostname } from 'node:os';
import type { Stores } from '../storage/stores';
import type { IngestOptions, IngestStep, Upload } from './ingest';
import type { IngestReport } from './report';
import { clearPending, hasPending, type PendingUpload, savePending, saveReport } from './upload-history';

/**
 * An upload's life around its content: marked pending before anything of
 * it is stored, the mark cleared only once its report is saved and settled.
 * A mark left behind is an upload a crash interrupted (src/ingest/recover.ts).
 */

/**
 * Marks the upload pending before anything of it is stored; finish() clears
 * the mark. Finding one already there means this upload was interrupted.
 */
export async function begin(
  stores: Stores,
  options: IngestOptions,
  upload: Omit<Upload, 'resumed'>,
  rawKey: string,
): Promise<Upload> {
  const resumed = await hasPending(stores, upload.uploadId);
  const begun = { ...upload, resumed };
  await savePending(stores, pendingOf(begun, rawKey));
  await step(options, 'pending');
  return begun;
}

/** Records where the raw file goes, before it is written: recovery looks for it there. */
export async function markRawKey(stores: Stores, upload: Upload, rawKey: string): Promise<void> {
  await savePending(stores, pendingOf(upload, rawKey));
}

function pendingOf(upload: Upload, rawKey: string): PendingUpload {
  return {
    upload_id: upload.uploadId,
    raw_key: rawKey,
    file: upload.fileName,
    municipality_code: upload.municipalityCode,
    uploader: upload.uploader,
    uploaded_at: upload.uploadedAt.toISOString(),
    started_at: new Date().toISOString(),
    owner: { host: hostname(), pid: process.pid },
  };
}

export const step = async (options: IngestOptions, name: IngestStep): Promise<void> => {
  await options.onStep?.(name);
};

/**
 * Saves the report (bounded), lets the caller settle it (its audit entry)
 * and only then clears the pending mark: a crash anywhere before leaves the
 * mark for recovery.
 */
export async function finish(
  stores: Stores,
  upload: Upload,
  options: IngestOptions,
  report: IngestReport,
): Promise<IngestReport> {
  const saved = await saveReport(stores, report);
  await step(options, 'report-saved');
  await options.settle?.(saved, upload.uploader);
  await step(options, 'settled');
  await clearPending(stores, upload.uploadId);
  return saved;
}
