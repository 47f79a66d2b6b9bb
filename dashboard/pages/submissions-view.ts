import { DATASETS, type DatasetName } from '../../src/datasets';
import { MUNICIPALITIES, PREFECTURE_CODE } from '../../src/datasets/municipalities';
import type { IngestReport } from '../../src/ingest/report';
import { todayInJapan } from '../../src/normalise/japan-time';
import type { TownFacts } from '../../src/submissions/schedule';

/** The newest upload touching a town and dataset, accepted or rejected. */
export interface LastUpload {
  /** The link to its report: only for a viewer who may read it (see readsReport). */
  uploadId?: string;
  at: string;
  status: 'accepted' | 'rejected';
  errors?: number;
}

/** What the upload history says about one town (or 鳥取県's own uploads). */
export interface HistoryOfTown {
  code: string;
  last: Record<DatasetName, LastUpload | null>;
  /** Per fiscal year: the Japan date of the newest accepted case list that wrote it. */
  casesTakenOn: Map<number, string>;
  visitsAsOf: Set<string>;
  populationAsOf: Set<string>;
}

/** `municipality_code=312011/fiscal_year=2024` → its parts. */
export function parsePartition(partition: string): { code?: string; fiscalYear?: number; asOf?: string } {
  const parts = Object.fromEntries(partition.split('/').map((p) => p.split('=') as [string, string]));
  return {
    code: parts.municipality_code,
    fiscalYear: parts.fiscal_year ? Number(parts.fiscal_year) : undefined,
    asOf: parts.as_of,
  };
}

function emptyHistory(code: string): HistoryOfTown {
  const last = {} as Record<DatasetName, LastUpload | null>;
  for (const d of DATASETS) last[d.name] = null;
  return { code, last, casesTakenOn: new Map(), visitsAsOf: new Set(), populationAsOf: new Set() };
}

/**
 * The upload history folded, one report at a time (newest first), into what
 * each town has sent: the last upload per dataset (for its outcome and the
 * link to its report) and the periods stored. Prefecture-wide uploads (code
 * 310000) count for every town whose partitions they wrote, and are also
 * kept as 鳥取県's own last uploads. The whole history is never in memory.
 */
export class SubmissionHistory {
  private readonly towns = new Map<string, HistoryOfTown>();

  constructor(
    codes: readonly string[] = [...MUNICIPALITIES.map((m) => m.code), PREFECTURE_CODE],
    private readonly readsReport: (report: IngestReport) => boolean = () => true,
  ) {
    for (const code of codes) this.towns.set(code, emptyHistory(code));
  }

  add(report: IngestReport): void {
    const dataset = report.dataset;
    if (!dataset) return;
    const readable = this.readsReport(report);
    const touch = (code: string | undefined | null) => {
      const town = code ? this.towns.get(code) : undefined;
      // Reports come newest first: the first one seen is the last upload.
      if (town && !town.last[dataset])
        town.last[dataset] = {
          at: report.uploaded_at,
          status: report.status,
          ...(readable ? { uploadId: report.upload_id, errors: report.errors_total } : {}),
        };
      return town;
    };
    touch(report.municipality_code);
    if (report.status !== 'accepted') return;
    const takenOn = todayInJapan(new Date(report.uploaded_at));
    for (const p of report.partitions) {
      // kept_newer: a newer upload holds the partition; this one's rows are not stored.
      if (p.action === 'kept_newer') continue;
      const { code, fiscalYear, asOf } = parsePartition(p.partition);
      const town = touch(code);
      if (!town) continue;
      if (dataset === 'cases' && fiscalYear !== undefined && p.action === 'written') {
        const before = town.casesTakenOn.get(fiscalYear);
        if (before === undefined || takenOn > before) town.casesTakenOn.set(fiscalYear, takenOn);
      }
      if (dataset === 'visits' && asOf) town.visitsAsOf.add(asOf);
      if (dataset === 'population' && asOf) town.populationAsOf.add(asOf);
    }
  }

  of(code: string): HistoryOfTown {
    return this.towns.get(code) ?? emptyHistory(code);
  }
}

/** A town's facts for the schedule: the history's, the 実施状況 rows' and the tally months'. */
export function townFacts(
  history: HistoryOfTown,
  implementation: readonly Record<string, unknown>[],
  consultations: readonly Record<string, unknown>[],
): TownFacts {
  const statusByYear = new Map<number, string>();
  for (const r of implementation)
    if (
      r.level === 'municipality' &&
      r.municipality_code === history.code &&
      typeof r.fiscal_year === 'number' &&
      typeof r.status === 'string'
    )
      statusByYear.set(r.fiscal_year, r.status);
  const activityMonths = new Set<string>();
  // Every viewer gets each month row (its figures may be 秘匿): its presence is what counts here.
  for (const r of consultations)
    if (r.level === 'month' && r.municipality_code === history.code && typeof r.month === 'string')
      activityMonths.add(r.month.slice(0, 10));
  return {
    code: history.code,
    statusByYear,
    activityMonths,
    casesTakenOn: history.casesTakenOn,
    visitsAsOf: [...history.visitsAsOf],
    populationAsOf: [...history.populationAsOf],
  };
}
