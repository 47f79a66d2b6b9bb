import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import type { AuditAction } from '../services/audit-log';
import { requireRole } from './viewer';

const ACTIONS: readonly AuditAction[] = [
  'upload',
  'export',
  'visit_log.create',
  'visit_log.correct',
  'visit_log.withdraw',
  'sign_in.throttled',
  'sign_out',
];

/** GET /api/audit — the audit log, newest first; the prefecture only. */
export function auditRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    requireRole(c, ['prefecture']);
    const { action, limit: rawLimit } = c.req.query();
    if (action !== undefined && !(ACTIONS as readonly string[]).includes(action))
      throw new AppError(
        400,
        'invalid_parameter',
        `action は ${ACTIONS.join(', ')} のいずれかで指定してください。`,
      );
    const limit = rawLimit === undefined ? 200 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
      throw new AppError(400, 'invalid_parameter', 'limit は 1〜5000 の整数で指定してください。');
    const entries = await c
      .get('deps')
      .audit.list({ limit, ...(action ? { action: action as AuditAction } : {}) });
    return c.json({ data: entries, meta: { count: entries.length, limit } });
  });
  return routes;
}
