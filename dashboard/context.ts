import type { Viewer } from '../src/access/viewer';
import type { Config } from '../src/config';
import type { ingestUpload } from '../src/ingest/ingest';
import type { IndicatorService } from '../src/service/indicator-service';
import type { Stores } from '../src/storage/stores';
import type { Authenticator } from './auth/authenticator';
import type { AuditLog } from './services/audit-log';
import type { VisitLogStore } from './services/visit-log';

/**
 * Everything the app needs from outside, built once by an entry point
 * (dashboard/start.ts locally, functions/dashboard/app-handler.ts on Lambda) so the
 * same routes run over a folder + DuckDB or S3 + Athena.
 */
export interface AppDeps {
  config: Config;
  stores: Stores;
  indicators: IndicatorService;
  auth: Authenticator;
  audit: AuditLog;
  visitLog: VisitLogStore;
  /** Injected in tests; defaults to the wall clock. */
  clock?: () => Date;
  /**
   * In-process ingest (local). Absent on AWS, where uploads only land in the
   * raw bucket and its notification runs the ingest function.
   */
  ingest?: typeof ingestUpload;
}

/**
 * Per-request variables. `viewer` is undefined for anonymous requests: pages
 * redirect to /login, /api answers 401. `csrfToken` belongs in every HTML
 * form as the hidden field `_csrf` (see dashboard/security.ts).
 */
export type AppEnv = {
  Variables: {
    deps: AppDeps;
    viewer: Viewer | undefined;
    csrfToken: string;
  };
};
