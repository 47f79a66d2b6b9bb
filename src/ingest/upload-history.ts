import type { Viewer } from '../access/viewer';
import type { DatasetName } from '../datasets';
import type { Stores } from '../storage/stores';
import { REPORTS_PREFIX, reportKey } from './layout';
import { boundReport, type IngestReport } from './report';

/**
 * The upload history: one JSON report per upload, accepted or rejected,
 * under `reports/{upload_id}.json`. Upload ids sort by upload time, so the
 * key order is the history order.
 *
 * Beside each report an empty marker `reports/index/{municipality}/{dataset}/{upload_id}`
 * lets a filtered listing (a town's own history) read only its own reports
 * instead of every report ever saved.
 */

const INDEX_PREFIX = `${REPORTS_PREFIX}index/`;
/** Stands for a null dataset or municipality (a file rejected before either was known). */
const UNKNOWN = '-';

function indexKey(report: IngestReport): string {
  return `${INDEX_PREFIX}${report.municipality_code ?? UNKNOWN}/${report.dataset ?? UNKNOWN}/${report.upload_id}`;
}

/**
 * Saves (or replaces) the report of one upload, bounded (src/ingest/report.ts
 * boundReport), and returns what was saved. The marker goes first: a crash
 * in between leaves a marker without a report (skipped when listing), never
 * a report that filtered listings cannot find.
 */
export async function saveReport(stores: Stores, report: IngestReport): Promise<IngestReport> {
  const bounded = boundReport(report);
  await stores.curated.put(indexKey(bounded), '');
  await stores.curated.put(reportKey(bounded.upload_id), JSON.stringify(bounded), {
    contentType: 'application/json; charset=utf-8',
  });
  return bounded;
}

const UPLOAD_ID = /^[0-9A-Za-z._-]+$/;

export async function getReport(stores: Stores, uploadId: string): Promise<IngestReport | undefined> {
  if (!UPLOAD_ID.test(uploadId)) return undefined; // never build a key from arbitrary input
  const bytes = await stores.curated.get(reportKey(uploadId));
  return bytes ? boundReport(JSON.parse(new TextDecoder().decode(bytes)) as IngestReport) : undefined;
}

export interface ReportFilter {
  dataset?: DatasetName;
  /** The municipality the upload was made for ('310000' = prefecture-wide uploads). */
  municipalityCode?: string;
  /** At most this many reports (default 100). */
  limit?: number;
  /** Only uploads older than this upload id: the cursor of the next page. */
  before?: string;
}

const READ_BATCH = 32;

/**
 * Reports newest first, filtered.
 *
 * @example await listReports(stores, { municipalityCode: '312011', dataset: 'cases', limit: 20 })
 */
export async function listReports(stores: Stores, filter: ReportFilter = {}): Promise<IngestReport[]> {
  const limit = filter.limit ?? 100;
  const found: IngestReport[] = [];
  await eachReport(stores, filter, (report) => {
    found.push(report);
    return found.length < limit;
  });
  return found;
}

/**
 * Hands each matching report to `visit`, newest first, until it returns
 * false: at most READ_BATCH reports are held at once, however long the
 * history (the submissions page reads it all this way).
 */
export async function eachReport(
  stores: Stores,
  filter: Omit<ReportFilter, 'limit'>,
  visit: (report: IngestReport) => boolean | undefined,
): Promise<void> {
  let ids =
    filter.dataset || filter.municipalityCode ? await indexedIds(stores, filter) : await allIds(stores);
  const { before } = filter;
  if (before !== undefined) ids = ids.filter((id) => id < before);
  for (let i = 0; i < ids.length; i += READ_BATCH) {
    const batch = await Promise.all(ids.slice(i, i + READ_BATCH).map((id) => getReport(stores, id)));
    for (const report of batch) {
      // A marker without its report: the save was interrupted and will be redone.
      if (!report) continue;
      if (visit(report) === false) return;
    }
  }
}

/**
 * An upload in progress: written before anything else of the upload is
 * stored, removed once its report is saved and settled (audited). One left
 * behind is an upload a crash interrupted (src/ingest/recover.ts).
 */
export interface PendingUpload {
  upload_id: string;
  /** Where the raw file is (or was to be) kept. */
  raw_key: string;
  file: string;
  municipality_code: string;
  uploader: Viewer;
  uploaded_at: string;
  started_at: string;
  /** The process running it: recovery leaves alone an upload whose process still runs. */
  owner: { host: string; pid: number };
}

const PENDING_PREFIX = `${REPORTS_PREFIX}pending/`;
const pendingKey = (uploadId: string) => `${PENDING_PREFIX}${uploadId}.json`;

export async function savePending(stores: Stores, pending: PendingUpload): Promise<void> {
  await stores.curated.put(pendingKey(pending.upload_id), JSON.stringify(pending), {
    contentType: 'application/json; charset=utf-8',
  });
}

export async function hasPending(stores: Stores, uploadId: string): Promise<boolean> {
  return (await stores.curated.head(pendingKey(uploadId))) !== undefined;
}

export async function clearPending(stores: Stores, uploadId: string): Promise<void> {
  await stores.curated.delete(pendingKey(uploadId));
}

/** Every upload left pending, oldest first. */
export async function listPending(stores: Stores): Promise<PendingUpload[]> {
  const found: PendingUpload[] = [];
  for (const { key } of await stores.curated.list(PENDING_PREFIX)) {
    const bytes = await stores.curated.get(key);
    if (bytes) found.push(JSON.parse(new TextDecoder().decode(bytes)) as PendingUpload);
  }
  return found;
}

/** Every upload id, newest first. */
async function allIds(stores: Stores): Promise<string[]> {
  return (await stores.curated.list(REPORTS_PREFIX))
    .map((o) => o.key.slice(REPORTS_PREFIX.length))
    .filter((name) => !name.includes('/') && name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .reverse();
}

/** Upload ids matching the filter, newest first, from the index markers alone. */
async function indexedIds(stores: Stores, filter: ReportFilter): Promise<string[]> {
  const prefix = filter.municipalityCode
    ? `${INDEX_PREFIX}${filter.municipalityCode}/${filter.dataset ? `${filter.dataset}/` : ''}`
    : INDEX_PREFIX;
  const ids: string[] = [];
  for (const { key } of await stores.curated.list(prefix)) {
    const [, dataset, uploadId] = key.slice(INDEX_PREFIX.length).split('/');
    if (!uploadId || (filter.dataset && dataset !== filter.dataset)) continue;
    ids.push(uploadId);
  }
  // Keys sort by municipality first; the history sorts by upload id.
  return [...new Set(ids)].sort().reverse();
}
