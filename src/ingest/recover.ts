import { hostname } from 'node:os';
import type { Stores } from '../storage/stores';
import { type IngestOptions, ingestRawObject } from './ingest';
import type { IngestReport } from './report';
import { clearPending, getReport, listPending, type PendingUpload, saveReport } from './upload-history';

/** A pending upload of another machine (a Lambda) is taken for dead after its longest possible run. */
const FOREIGN_GRACE_MS = 15 * 60_000;

export interface Recovered {
  report: IngestReport;
  /** completed: run again from its raw file; rolled_back: nothing was kept, so nothing was taken in; settled: its report was already true. */
  outcome: 'completed' | 'rolled_back' | 'settled';
}

/**
 * Makes every upload a crash interrupted true again, on restart: one whose
 * report was saved is settled (audited); one whose raw file was kept is run
 * again from it (publication converges, so partitions half-written by the
 * crashed run end as this upload's); one killed before its raw file was
 * kept is rolled back (nothing of it was published) and reported rejected.
 * `settle` (the caller's audit entry) runs before the pending mark goes.
 *
 * It re-runs the ingest (DuckDB), so only the ingest side calls it: the
 * local server once at start, before serving
 * (dashboard/services/upload-recovery.ts). On AWS the ingest function's
 * retried S3 event re-runs an interrupted upload; the dashboard function
 * only reads reports and never bundles this.
 *
 * @example await recoverInterruptedUploads(stores, { maxUploadBytes, settle })
 */
export async function recoverInterruptedUploads(
  stores: Stores,
  options: IngestOptions,
  now: Date = new Date(),
): Promise<Recovered[]> {
  const recovered: Recovered[] = [];
  for (const pending of await listPending(stores)) {
    if (stillRunning(pending, now)) continue;
    const settle = options.settle ?? (async () => undefined);
    const saved = await getReport(stores, pending.upload_id);
    if (saved) {
      await settle(saved, pending.uploader);
      await clearPending(stores, pending.upload_id);
      recovered.push({ report: saved, outcome: 'settled' });
    } else if (pending.raw_key !== '' && (await stores.raw.head(pending.raw_key))) {
      const report = await ingestRawObject(stores, pending.raw_key, options);
      recovered.push({ report, outcome: 'completed' });
    } else {
      const report = await saveReport(stores, rolledBack(pending, now));
      await settle(report, pending.uploader);
      await clearPending(stores, pending.upload_id);
      recovered.push({ report, outcome: 'rolled_back' });
    }
  }
  return recovered;
}

/** Alive on this machine (its process exists), or another machine's and recent. */
function stillRunning(pending: PendingUpload, now: Date): boolean {
  const { host, pid } = pending.owner;
  if (host !== hostname()) return now.getTime() - Date.parse(pending.started_at) < FOREIGN_GRACE_MS;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function rolledBack(pending: PendingUpload, now: Date): IngestReport {
  return {
    upload_id: pending.upload_id,
    file: pending.file,
    dataset: null,
    municipality_code: pending.municipality_code || null,
    encoding: null,
    status: 'rejected',
    rows: 0,
    errors: [
      {
        row: null,
        column: null,
        value: null,
        code: 'interrupted',
        message:
          '処理の途中でサーバーが停止したため、このファイルは取り込んでいません。保存済みのデータは変わっていません。もう一度アップロードしてください。',
      },
    ],
    errors_total: 1,
    warnings: [],
    warnings_total: 0,
    uploaded_at: pending.uploaded_at,
    processed_at: now.toISOString(),
    uploader: pending.uploader.login,
    sha256: '',
    raw_key: '',
    partitions: [],
    partition_keys: [],
    fiscal_years: [],
    as_of_dates: [],
  };
}
