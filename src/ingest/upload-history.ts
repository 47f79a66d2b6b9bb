import type { DatasetName } from '../datasets';
import type { Stores } from '../storage/stores';
import { REPORTS_PREFIX, reportKey } from './layout';
import type { IngestReport } from './report';

/**
 * The upload history: one JSON report per upload, accepted or rejected,
 * under `reports/{upload_id}.json`. Upload ids sort by upload time, so the
 * key order is the history order.
 */

/** Saves (or replaces) the report of one upload. */
export async function saveReport(stores: Stores, report: IngestReport): Promise<void> {
  await stores.curated.put(reportKey(report.upload_id), JSON.stringify(report), {
    contentType: 'application/json; charset=utf-8',
  });
}

export async function getReport(stores: Stores, uploadId: string): Promise<IngestReport | undefined> {
  if (!/^[0-9A-Za-z._-]+$/.test(uploadId)) return undefined; // never build a key from arbitrary input
  const bytes = await stores.curated.get(reportKey(uploadId));
  return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as IngestReport) : undefined;
}

export interface ReportFilter {
  dataset?: DatasetName;
  /** The municipality the upload was made for ('310000' = prefecture-wide uploads). */
  municipalityCode?: string;
  /** At most this many reports (default 100). */
  limit?: number;
}

const READ_BATCH = 16;

/** Reports newest first, filtered; reads only as many report bodies as the limit needs. */
export async function listReports(stores: Stores, filter: ReportFilter = {}): Promise<IngestReport[]> {
  const limit = filter.limit ?? 100;
  const keys = (await stores.curated.list(REPORTS_PREFIX))
    .map((o) => o.key)
    .filter((k) => k.endsWith('.json'))
    .reverse();
  const found: IngestReport[] = [];
  for (let i = 0; i < keys.length && found.length < limit; i += READ_BATCH) {
    const batch = await Promise.all(keys.slice(i, i + READ_BATCH).map((k) => stores.curated.get(k)));
    for (const bytes of batch) {
      if (!bytes) continue; // deleted while listing
      const report = JSON.parse(new TextDecoder().decode(bytes)) as IngestReport;
      if (filter.dataset && report.dataset !== filter.dataset) continue;
      if (filter.municipalityCode && report.municipality_code !== filter.municipalityCode) continue;
      found.push(report);
      if (found.length >= limit) break;
    }
  }
  return found;
}
