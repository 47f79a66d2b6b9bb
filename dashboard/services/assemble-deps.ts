import type { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../src/config';
import type { QueryEngine } from '../../src/query/engine';
import { createIndicatorService } from '../../src/service/indicator-service';
import { storesFromConfig } from '../../src/storage/stores';
import type { Authenticator } from '../auth/authenticator';
import { revocable } from '../auth/revocable';
import { SessionRevocations } from '../auth/session-revocations';
import type { AppDeps } from '../context';
import { AuditLog } from './audit-log';
import { VisitLogStore } from './visit-log';

export interface AssembleOptions {
  clock?: () => Date;
  s3?: S3Client;
  ingest?: AppDeps['ingest'];
}

/**
 * Everything but the engine, the authenticator and the in-process ingest is
 * the same locally and in the cloud. Kept free of DuckDB imports so the
 * dashboard Lambda's bundle does not carry the native binding.
 */
export function assembleDeps(
  config: Config,
  engine: QueryEngine,
  auth: Authenticator,
  options: AssembleOptions = {},
): AppDeps {
  const stores = storesFromConfig(config, options.s3);
  return {
    config,
    stores,
    indicators: createIndicatorService(engine, config, stores, options.clock),
    // Sign-outs are kept in the curated store, so every Lambda instance sees one at once.
    auth: revocable(auth, new SessionRevocations(stores.curated, options.clock)),
    audit: new AuditLog(stores.curated, options.clock),
    visitLog: new VisitLogStore(stores.curated, options.clock),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.ingest ? { ingest: options.ingest } : {}),
  };
}
