import type { DatasetName } from '../datasets';
import type { Stores } from '../storage/stores';
import { REPORTS_PREFIX, reportKey } from './layout';
import type { IngestReport } from './report';

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
 * Saves (or replaces) the report of one upload. The marker goes first: a
 * crash in between leaves a marker without a report (skipped when listing),
 * never a report that filtered listings cannot find.
 */
export async function saveReport(stores: Stores, report: IngestReport): Promise<void> {
  await stores.curated.put(indexKey(report), '');
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

const READ_BATCH = 32;

/**
 * Reports newest first, filtered.
 *
 * @example await listReports(stores, { municipalityCode: '312011', dataset: 'cases', limit: 20 })
 */
export async function listReports(stores: Stores, filter: ReportFilter = {}): Promise<IngestReport[]> {
  const limit = filter.limit ?? 100;
  const ids =
    filter.dataset || filter.municipalityCode ? await indexedIds(stores, filter) : await allIds(stores);
  const found: IngestReport[] = [];
  for (let i = 0; i < ids.length && found.length < limit; i += READ_BATCH) {
    const batch = await Promise.all(ids.slice(i, i + READ_BATCH).map((id) => getReport(stores, id)));
    for (const report of batch) {
      // A marker without its report: the save was interrupted and will be redone.
      if (!report) continue;
      found.push(report);
      if (found.length >= limit) break;
    }
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
