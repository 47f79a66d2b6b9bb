import { Hono } from 'hono';
import { INDICATOR_FIELDS } from '../../src/query/fields';
import { isIndicatorId } from '../../src/query/types';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { attachmentHeader, toCsv } from '../services/csv-export';
import { indicatorQuery } from './params';
import { requireViewerOf } from './viewer';

const CSV_NAMES: Record<string, string> = {
  consultations: '相談件数推移',
  issues: '課題と特性',
  visits: '自治会訪問進捗',
  implementation: '実施市町村数',
  benchmark: '類似団体比較',
};

/**
 * GET /api/indicators/:id — `{data, meta}` with suppression already applied
 * for this viewer, or `?format=csv` for a spreadsheet download (audited).
 */
export function indicatorRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isIndicatorId(id)) throw new AppError(404, 'unknown_indicator', `指標「${id}」はありません。`);
    const { filters, format } = indicatorQuery(c.req.query());
    const viewer = requireViewerOf(c);
    const { indicators, audit } = c.get('deps');
    const result = await indicators.get(id, filters, viewer);
    if (format === 'json') return c.json(result);

    await audit.append(viewer, 'export', `indicators/${id}`, {
      filters: result.meta.filters,
      rows: result.data.length,
      data_version: result.meta.data_version,
      suppression_applied: result.meta.suppression.applied,
    });
    const suffix = [filters.municipality, filters.fiscalYear ?? filters.from, filters.to]
      .filter((p) => p !== undefined)
      .join('_');
    const base = suffix ? `${id}_${suffix}` : id;
    const jaBase = suffix ? `${CSV_NAMES[id]}_${suffix}` : CSV_NAMES[id];
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachmentHeader(`${jaBase}.csv`, `${base}.csv`));
    c.header('Cache-Control', 'no-store');
    return c.body(toCsv(result.data, INDICATOR_FIELDS[id]));
  });
  return routes;
}
