import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { advocacyRoutes } from './advocacy-routes';
import { auditPageRoutes } from './audit-routes';
import { disclosureRoutes } from './disclosure';
import { indicatorPageRoutes } from './indicator-routes';
import { overviewPageRoutes } from './overview-routes';
import { submissionsRoutes } from './submissions-routes';
import { uploadPageRoutes } from './upload-routes';

/**
 * Every HTML page, mounted by the app at '/'. Pages are server-rendered with
 * the numbers in the HTML; the client bundle only draws charts over them.
 *
 * @example app.route('/', pageRoutes());
 */
export function pageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/', indicatorPageRoutes());
  app.route('/', overviewPageRoutes());
  app.route('/', advocacyRoutes());
  app.route('/', submissionsRoutes());
  app.route('/', uploadPageRoutes());
  app.route('/', disclosureRoutes());
  app.route('/', auditPageRoutes());
  return app;
}
