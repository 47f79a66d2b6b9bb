import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { readDataVersion } from '../src/storage/data-version';
import { apiRoutes } from './api';
import { identify, requireViewer } from './auth/middleware';
import { authRoutes } from './auth/routes';
import type { AppDeps, AppEnv } from './context';
import { respondNotFound, respondToError } from './errors';
import { pageRoutes } from './pages';
import { csrfProtection, noStore, rawBucketOrigins, requestSizeLimit, securityHeaders } from './security';
import { ResponseCache } from './services/response-cache';

export interface AppOptions {
  /** Folder holding `assets/` built by dashboard/build-client.ts; default `<cwd>/dist`. */
  distDir?: string;
  /** Public origins accepted by the CSRF origin check besides the request's own (e.g. the CloudFront URL). */
  allowedOrigins?: readonly string[];
}

/**
 * The whole dashboard as one Hono app: served by @hono/node-server locally
 * (dashboard/server.ts) and by hono/aws-lambda in the cloud
 * (functions/dashboard/app-handler.ts), from the same code.
 *
 * @example serve({ fetch: createApp(deps).fetch, hostname: '127.0.0.1', port: 3000 });
 */
export function createApp(deps: AppDeps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(respondToError);
  app.notFound(respondNotFound);

  app.use('*', securityHeaders(rawBucketOrigins(deps.config)));
  app.get('/healthz', (c) => c.json({ ok: true }));
  // Public: the sign-in page needs the stylesheet. A missing asset falls through to a 404.
  // On AWS CloudFront serves /assets/* from S3 and the function has no dist folder.
  const distDir = options.distDir ?? path.resolve('dist');
  if (existsSync(distDir)) app.use('/assets/*', serveStatic({ root: distDir }));
  app.use('*', noStore());

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', identify());
  app.use('*', requestSizeLimit());
  app.use('*', csrfProtection(options.allowedOrigins));
  app.use('*', requireViewer());

  app.route('/', authRoutes());
  app.route('/api', apiRoutes(new ResponseCache(() => readDataVersion(deps.stores))));
  app.route('/', pageRoutes());
  return app;
}
