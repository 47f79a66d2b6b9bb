import { Hono } from 'hono';
import { municipalityByCode, PREFECTURE_CODE } from '../../src/datasets/municipalities';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import type { AuditAction } from '../services/audit-log';
import { attachmentHeader, toCsv } from '../services/csv-export';
import { type AuditFilter, AuditPage } from './audit';
import { AUDIT_ACTIONS, AUDIT_COLUMNS, auditRow, concernsTown } from './audit-view';
import { layoutProps, renderPage, viewerOf } from './page-context';

/** Entries the page shows at most (newest first); the CSV gives as many. */
const SHOWN = 500;
/** Entries read to filter by town: the audit store cannot filter by town itself. */
const SCANNED = 5000;

function filterOf(query: Record<string, string>): AuditFilter {
  const { action, municipality } = query;
  if (action && !(AUDIT_ACTIONS as readonly string[]).includes(action))
    throw new AppError(400, 'invalid_parameter', '操作の指定が正しくありません。');
  if (municipality && municipality !== PREFECTURE_CODE && !municipalityByCode(municipality))
    throw new AppError(400, 'invalid_parameter', '市町村の指定が正しくありません。');
  return {
    ...(action ? { action: action as AuditAction } : {}),
    ...(municipality ? { municipality } : {}),
  };
}

/** 操作記録 (/audit): the audit log as a page and a CSV, for the prefecture only (as GET /api/audit). */
export function auditPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/audit', async (c) => {
    const viewer = viewerOf(c);
    if (viewer.role !== 'prefecture')
      throw new AppError(403, 'forbidden', '操作記録は県（孤独・孤立対策課）のみ閲覧できます。');
    const query = c.req.query();
    const filter = filterOf(query);
    const { audit } = c.get('deps');
    const town = filter.municipality;
    const read = await audit.list({
      limit: town ? SCANNED : SHOWN,
      ...(filter.action ? { action: filter.action } : {}),
    });
    const entries = (town ? read.filter((e) => concernsTown(e, town)) : read).slice(0, SHOWN);
    if (query.format !== 'csv')
      return renderPage(c, AuditPage({ ...layoutProps(c), entries, filter, limit: SHOWN }));

    await audit.append(viewer, 'export', 'audit', { filters: filter, rows: entries.length });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachmentHeader('操作記録.csv', 'audit.csv'));
    c.header('Cache-Control', 'no-store');
    return c.body(toCsv(entries.map(auditRow), AUDIT_COLUMNS));
  });
  return app;
}
