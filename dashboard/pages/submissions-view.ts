import { DATASETS, type DatasetName } from '../../src/datasets';
import { MUNICIPALITIES, PREFECTURE_CODE } from '../../src/datasets/municipalities';
import type { IngestReport } from '../../src/ingest/report';
import { fiscalYearOf } from '../../src/normalise/fiscal-year';
import { todayInJapan } from '../../src/normalise/japan-time';

export interface SubmissionCell {
  /** Newest FY or 基準日 held for this town and dataset, from accepted uploads. */
  latestPeriod: { fiscalYear?: number; asOf?: string } | null;
  /**
   * The newest upload touching this town and dataset, accepted or rejected.
   * Its id (the link to its report) and error count are there only for a
   * viewer who may read the report (see readsReport).
   */
  last: { uploadId?: string; at: string; status: 'accepted' | 'rejected'; errors?: number } | null;
  stale: boolean;
}

export interface SubmissionRow {
  code: string;
  cells: Record<DatasetName, SubmissionCell>;
}

/** `municipality_code=312011/fiscal_year=2024` → its parts. */
function parsePartition(partition: string): { code?: string; fiscalYear?: number; asOf?: string } {
  const parts = Object.fromEntries(partition.split('/').map((p) => p.split('=') as [string, string]));
  return {
    code: parts.municipality_code,
    fiscalYear: parts.fiscal_year ? Number(parts.fiscal_year) : undefined,
    asOf: parts.as_of,
  };
}

/**
 * Stale: the newest period held is older than the last completed fiscal
 * year (FY datasets), or the newest 基準日 is more than 18 months old (visits and
 * population are refreshed about yearly; 18 months leaves room for a late one). Towns that never submitted are shown as 未提出, not stale:
 * until they implement they have nothing to send.
 */
export function isStale(period: SubmissionCell['latestPeriod'], now: Date): boolean {
  if (!period) return false;
  const today = todayInJapan(now);
  if (period.fiscalYear !== undefined) return period.fiscalYear < fiscalYearOf(today) - 1;
  if (period.asOf !== undefined) {
    const limit = todayInJapan(new Date(now.getTime() - 548 * 24 * 3600 * 1000));
    return period.asOf < limit;
  }
  return false;
}

function newer(a: SubmissionCell['latestPeriod'], fiscalYear?: number, asOf?: string): boolean {
  if (!a) return true;
  if (fiscalYear !== undefined) return (a.fiscalYear ?? -1) < fiscalYear;
  return asOf !== undefined && (a.asOf ?? '') < asOf;
}

/**
 * Municipality × dataset matrix from the upload history (reports newest
 * first). Prefecture-wide uploads (code 310000) count for every town whose
 * partitions they wrote, and also get their own 鳥取県 row.
 */
export function submissionMatrix(
  reports: readonly IngestReport[],
  now: Date,
  codes?: readonly string[],
  readsReport: (report: IngestReport) => boolean = () => true,
): SubmissionRow[] {
  const matrix = new SubmissionMatrix(codes, readsReport);
  for (const report of reports) matrix.add(report);
  return matrix.rows(now);
}

/**
 * The same matrix built one report at a time (newest first), so the whole
 * history never has to be in memory at once.
 */
export class SubmissionMatrix {
  private readonly table = new Map<string, SubmissionRow>();

  constructor(
    codes: readonly string[] | undefined,
    private readonly readsReport: (report: IngestReport) => boolean,
  ) {
    for (const code of codes ?? [...MUNICIPALITIES.map((m) => m.code), PREFECTURE_CODE]) {
      const cells = {} as Record<DatasetName, SubmissionCell>;
      for (const d of DATASETS) cells[d.name] = { latestPeriod: null, last: null, stale: false };
      this.table.set(code, { code, cells });
    }
  }

  add(report: IngestReport): void {
    addReport(this.table, report, this.readsReport(report));
  }

  rows(now: Date): SubmissionRow[] {
    const rows = [...this.table.values()];
    for (const row of rows) for (const c of Object.values(row.cells)) c.stale = isStale(c.latestPeriod, now);
    return rows;
  }
}

function addReport(rows: Map<string, SubmissionRow>, report: IngestReport, readable: boolean): void {
  const touch = (code: string | undefined, dataset: DatasetName) => {
    const c = code ? rows.get(code)?.cells[dataset] : undefined;
    // Reports come newest first: the first one seen is the last upload.
    if (c && !c.last)
      c.last = {
        at: report.uploaded_at,
        status: report.status,
        ...(readable ? { uploadId: report.upload_id, errors: report.errors_total } : {}),
      };
    return c;
  };
  if (!report.dataset) return;
  touch(report.municipality_code ?? undefined, report.dataset);
  if (report.status !== 'accepted') return;
  for (const p of report.partitions) {
    const { code, fiscalYear, asOf } = parsePartition(p.partition);
    // The town the rows are for, and the uploader's own row (鳥取県 for a prefecture-wide file).
    const dataset = report.dataset;
    const cells = new Set([touch(code, dataset), touch(report.municipality_code ?? undefined, dataset)]);
    for (const c of cells)
      if (c && newer(c.latestPeriod, fiscalYear, asOf))
        c.latestPeriod = fiscalYear !== undefined ? { fiscalYear } : { asOf };
  }
}
