import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { formatDateTimeJst } from '../pages/format';
import { attachmentHeader, toCsv } from '../services/csv-export';
import { loadOverview, matrixRows, tileRows } from '../services/overview';
import { requireViewerOf } from './viewer';

const TABLES = {
  tiles: { rows: tileRows, ja: '実施状況マップ' },
  matrix: { rows: matrixRows, ja: '事業実施マトリクス' },
} as const;
type Table = keyof typeof TABLES;

/**
 * GET /api/overview — 県の全体像 for one fiscal year: every town's 実施状況,
 * programmes and data freshness (JSON), or `format=csv&table=tiles|matrix`
 * for the tile map's or the programme matrix's table, one row per town
 * (audited like every export).
 */
export function overviewRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const viewer = requireViewerOf(c);
    const { fiscal_year: rawYear, format = 'json', table = 'matrix', ...rest } = c.req.query();
    const unknown = Object.keys(rest);
    if (unknown.length > 0)
      throw new AppError(400, 'invalid_parameter', `使えないパラメータです: ${unknown.join(', ')}`);
    if (format !== 'json' && format !== 'csv')
      throw new AppError(400, 'invalid_parameter', 'format は json または csv で指定してください。');
    if (!(table in TABLES))
      throw new AppError(400, 'invalid_parameter', 'table は tiles または matrix で指定してください。');
    const asked = rawYear === undefined || rawYear === '' ? undefined : Number(rawYear);
    const deps = c.get('deps');
    const overview = await loadOverview(deps, viewer, asked);
    if (asked !== undefined && overview.fiscalYear !== asked)
      throw new AppError(
        400,
        'invalid_parameter',
        `fiscal_year は実施状況のある年度（${overview.fiscalYears.join(', ')}）で指定してください。指定値: ${rawYear}`,
      );
    if (format === 'json')
      return c.json({
        data: {
          fiscal_year: overview.fiscalYear,
          fiscal_years: overview.fiscalYears,
          municipalities: overview.towns.map((t) => ({
            municipality_code: t.code,
            name: t.name,
            region: t.region,
            status: t.status,
            first_implemented_fy: t.firstImplementedFy,
            ...t.programmes,
            latest_data_month: t.latestDataMonth,
            latest_upload_at: t.latestUploadAt ?? null,
          })),
        },
        meta: { data_version: overview.meta.data_version, as_of: overview.meta.as_of },
      });

    const spec = TABLES[table as Table];
    const rows = table === 'tiles' ? tileRows(overview, formatDateTimeJst) : matrixRows(overview);
    await deps.audit.append(viewer, 'export', `overview/${table}`, {
      filters: { fiscal_year: overview.fiscalYear },
      rows: rows.length,
      data_version: overview.meta.data_version,
    });
    const fy = overview.fiscalYear ?? 'none';
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachmentHeader(`${spec.ja}_${fy}.csv`, `overview_${table}_${fy}.csv`));
    c.header('Cache-Control', 'no-store');
    return c.body(toCsv(rows, Object.keys(rows[0] ?? {})));
  });
  return routes;
}
