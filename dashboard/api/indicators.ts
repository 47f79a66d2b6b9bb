import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { INDICATOR_FIELDS } from '../../src/query/fields';
import { isIndicatorId } from '../../src/query/types';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { attachmentHeader, toCsv } from '../services/csv-export';
import { gzipped, type ResponseCache } from '../services/response-cache';
import { indicatorQuery } from './params';
import { requireViewerOf } from './viewer';

const CSV_NAMES: Record<string, string> = {
  consultations: '相談件数推移',
  issues: '課題と特性',
  visits: '世帯訪問調査の進捗',
  implementation: '実施市町村数',
  benchmark: '人口規模等が近い市町村との比較',
  outcomes: '支援の成果',
};

/** Everyone with the same role and town receives the same figures. */
function viewerClass(viewer: { role: string; municipalityCode?: string }): string {
  return `${viewer.role}:${viewer.municipalityCode ?? ''}`;
}

/**
 * GET /api/indicators/:id — `{data, meta}` with suppression already applied
 * for this viewer, or `?format=csv` for a spreadsheet download (audited).
 * JSON answers are kept per data version (services/response-cache.ts),
 * gzipped once for clients that accept it, and carry an ETag, so an
 * unchanged answer is a 304.
 */
export function indicatorRoutes(responses: ResponseCache): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isIndicatorId(id)) throw new AppError(404, 'unknown_indicator', `指標「${id}」はありません。`);
    const { filters, format } = indicatorQuery(c.req.query());
    const viewer = requireViewerOf(c);
    const { indicators, audit } = c.get('deps');
    if (format === 'json') {
      const key = `${id}|${JSON.stringify(filters)}|${viewerClass(viewer)}`;
      const version = await responses.currentVersion();
      let cached = responses.get(key, version);
      if (!cached) {
        const result = await indicators.get(id, filters, viewer);
        const body = JSON.stringify(result);
        const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
        cached = { body, etag: `"${hash}"` };
        responses.set(key, result.meta.data_version, cached);
      }
      c.header('ETag', cached.etag);
      c.header('Vary', 'Accept-Encoding, Authorization, Cookie');
      if (c.req.header('if-none-match') === cached.etag) return c.body(null, 304);
      c.header('Content-Type', 'application/json; charset=UTF-8');
      if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
        c.header('Content-Encoding', 'gzip');
        return c.body(gzipped(cached));
      }
      return c.body(cached.body);
    }

    const result = await indicators.get(id, filters, viewer);

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
