import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { loadOverview } from '../services/overview';
import { OverviewPage } from './overview';
import { layoutProps, renderPage, viewerOf } from './page-context';

/**
 * 県の全体像 (/overview). Every role may open it: 実施状況 is public
 * information about municipalities and nothing on it is suppressed; only the
 * upload dates of other towns are left out for municipal staff.
 */
export function overviewPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/overview', async (c) => {
    const raw = c.req.query('fiscal_year');
    const asked = raw && /^\d{4}$/.test(raw) ? Number(raw) : undefined;
    const overview = await loadOverview(c.get('deps'), viewerOf(c), asked);
    return renderPage(c, OverviewPage({ ...layoutProps(c), overview }));
  });
  return app;
}
