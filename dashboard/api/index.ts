import { Hono } from 'hono';
import type { AppEnv } from '../context';
import type { ResponseCache } from '../services/response-cache';
import { auditRoutes } from './audit';
import { indicatorRoutes } from './indicators';
import { overviewRoutes } from './overview';
import { templateRoutes } from './templates';
import { uploadRoutes } from './uploads';
import { requireViewerOf } from './viewer';
import { visitLogRoutes } from './visit-log';

/** The JSON API under /api (docs/api.md). Every route needs a viewer; app.ts answers 401 before here. */
export function apiRoutes(responses: ResponseCache): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.get('/me', (c) => {
    const viewer = requireViewerOf(c);
    return c.json({
      data: { login: viewer.login, role: viewer.role, municipality_code: viewer.municipalityCode ?? null },
      meta: {},
    });
  });
  api.route('/indicators', indicatorRoutes(responses));
  // What the 県全体 cards show, and what every figure covers (publication/coverage.ts).
  api.get('/summary', async (c) => c.json(await c.get('deps').indicators.summary(requireViewerOf(c))));
  api.get('/coverage', async (c) => c.json(await c.get('deps').indicators.coverage(requireViewerOf(c))));
  api.route('/overview', overviewRoutes());
  api.route('/uploads', uploadRoutes(responses));
  api.route('/templates', templateRoutes());
  api.route('/audit', auditRoutes());
  api.route('/visit-log', visitLogRoutes());
  return api;
}
