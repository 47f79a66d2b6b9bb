import type { Viewer } from '../../src/access/viewer';
import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import { IMPLEMENTATION_STATUSES } from '../../src/datasets/vocabularies';
import { eachReport } from '../../src/ingest/upload-history';
import { fieldLabel } from '../../src/query/fields';
import type { IndicatorMeta } from '../../src/query/types';
import type { AppDeps } from '../context';

/**
 * 県の全体像: every town's 実施状況, its programmes and how fresh its data
 * is, for one fiscal year. Read from the `implementation` indicator (public
 * information: nothing suppressed), the month rows of `consultations` (only
 * whether a month is there, which every viewer sees) and the upload history
 * (the last accepted upload: shown only to viewers who read the town's
 * reports, as on /submissions).
 */

import { PROGRAMMES, type Programme } from '../../src/datasets/implementation';

/** Status codes from furthest along to not started: the legend's and the sort's order. */
export const STATUS_ORDER = [
  'implementing',
  'preparing',
  'planned',
  'considering',
  'not_implemented',
] as const;

export const statusName = (code: string | null): string | null =>
  code === null ? null : (IMPLEMENTATION_STATUSES.find((t) => t.code === code)?.label ?? code);

export interface OverviewTown {
  code: string;
  name: string;
  region: string;
  /** 実施状況 code that year; null when the prefecture has entered none. */
  status: string | null;
  firstImplementedFy: number | null;
  programmes: Record<Programme, boolean | null>;
  /** Newest month (YYYY-MM-01) with monthly tallies, any year. */
  latestDataMonth: string | null;
  /** The last accepted upload for the town (ISO); undefined when this viewer may not know it. */
  latestUploadAt: string | null | undefined;
}

export interface Overview {
  fiscalYear: number | null;
  fiscalYears: number[];
  towns: OverviewTown[];
  meta: IndicatorMeta;
}

const flag = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const year = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Upload dates, as on /submissions: the prefecture and the 推進チーム know every town's, staff their own. */
const knowsUploadsOf = (viewer: Viewer, code: string): boolean =>
  viewer.role !== 'municipality' || viewer.municipalityCode === code;

/** The newest accepted upload made for a town (its own datasets; prefecture-wide files are not its uploads). */
async function latestUpload(deps: AppDeps, code: string): Promise<string | null> {
  let found: string | null = null;
  await eachReport(deps.stores, { municipalityCode: code }, (report) => {
    if (report.status !== 'accepted') return true;
    found = report.uploaded_at;
    return false;
  });
  return found;
}

/**
 * The overview for `asked` (default: the latest year with 実施状況). An
 * unknown year falls back to the default; the API checks its parameter first.
 */
export async function loadOverview(deps: AppDeps, viewer: Viewer, asked?: number): Promise<Overview> {
  const [implementation, consultations] = await Promise.all([
    deps.indicators.get('implementation', {}, viewer),
    deps.indicators.get('consultations', {}, viewer),
  ]);
  const townRows = implementation.data.filter((r) => r.level === 'municipality');
  const fiscalYears = [...new Set(townRows.map((r) => year(r.fiscal_year)).filter((y) => y !== null))].sort();
  const fiscalYear =
    asked !== undefined && fiscalYears.includes(asked) ? asked : (fiscalYears.at(-1) ?? null);

  const latestMonth = new Map<string, string>();
  for (const r of consultations.data) {
    if (r.level !== 'month' || typeof r.month !== 'string' || typeof r.municipality_code !== 'string')
      continue;
    const month = r.month.slice(0, 10);
    if (month > (latestMonth.get(r.municipality_code) ?? '')) latestMonth.set(r.municipality_code, month);
  }

  const uploads = await Promise.all(
    MUNICIPALITIES.map((m) =>
      knowsUploadsOf(viewer, m.code) ? latestUpload(deps, m.code) : Promise.resolve(undefined),
    ),
  );

  const towns = MUNICIPALITIES.map((m, i): OverviewTown => {
    const row = townRows.find((r) => r.municipality_code === m.code && r.fiscal_year === fiscalYear);
    const programmes = {} as Record<Programme, boolean | null>;
    for (const p of PROGRAMMES) programmes[p] = row ? flag(row[p]) : null;
    return {
      code: m.code,
      name: m.name,
      region: m.region,
      status: typeof row?.status === 'string' ? row.status : null,
      firstImplementedFy: row ? year(row.first_implemented_fy) : null,
      programmes,
      latestDataMonth: latestMonth.get(m.code) ?? null,
      latestUploadAt: uploads[i],
    };
  });
  return { fiscalYear, fiscalYears, towns, meta: implementation.meta };
}

/** 2026-03-01 → 2026年3月 */
export function monthLabel(month: string | null): string {
  if (!month) return 'データなし';
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

const programmeText = (v: boolean | null) => (v === null ? '不明' : v ? '○' : '×');

/** One CSV row per town: the tile map (status and data freshness). Headers are the keys. */
export function tileRows(
  overview: Overview,
  formatTime: (iso: string) => string,
): Record<string, string | number | null>[] {
  return overview.towns.map((t) => ({
    市町村コード: t.code,
    市町村: t.name,
    圏域: t.region,
    年度: overview.fiscalYear,
    実施状況: statusName(t.status) ?? '未登録',
    実施開始年度: t.firstImplementedFy,
    最新の月次データ: monthLabel(t.latestDataMonth),
    最終取込日時:
      t.latestUploadAt === undefined
        ? '非表示'
        : t.latestUploadAt === null
          ? 'なし'
          : formatTime(t.latestUploadAt),
  }));
}

/** One CSV row per town: the programme matrix. */
export function matrixRows(overview: Overview): Record<string, string | number | null>[] {
  return overview.towns.map((t) => {
    const row: Record<string, string | number | null> = {
      市町村コード: t.code,
      市町村: t.name,
      圏域: t.region,
      年度: overview.fiscalYear,
      実施状況: statusName(t.status) ?? '未登録',
    };
    for (const p of PROGRAMMES) row[fieldLabel(p)] = programmeText(t.programmes[p]);
    return row;
  });
}
