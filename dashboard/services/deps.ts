import type { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../src/config';
import { createIndicatorService } from '../../src/query/indicator-service';
import { storesFromConfig } from '../../src/storage/stores';
import type { Authenticator } from '../auth/authenticator';
import { createCognitoAuthenticator } from '../auth/cognito';
import { loadLocalAuthenticator } from '../auth/local-accounts';
import type { AppDeps } from '../context';
import { AuditLog } from './audit-log';
import { VisitLogStore } from './visit-log';

/** Everything but the authenticator is the same locally and in the cloud. */
function assemble(config: Config, auth: Authenticator, clock?: () => Date, s3?: S3Client): AppDeps {
  const stores = storesFromConfig(config, s3);
  return {
    config,
    stores,
    indicators: createIndicatorService(config, stores),
    auth,
    audit: new AuditLog(stores.curated, clock),
    visitLog: new VisitLogStore(stores.curated, clock),
    ...(clock ? { clock } : {}),
  };
}

/** Local: the data folder, DuckDB, and `<dataDir>/accounts.json`. */
export async function localDeps(config: Config, options: { clock?: () => Date } = {}): Promise<AppDeps> {
  const auth = await loadLocalAuthenticator(config.dataDir, options.clock ? { clock: options.clock } : {});
  return assemble(config, auth, options.clock);
}

/**
 * Cloud: S3 stores, the engine Config.engine names (Athena on AWS), Cognito
 * from COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID and AWS_REGION.
 */
export function cloudDeps(config: Config, env: NodeJS.ProcessEnv = process.env, s3?: S3Client): AppDeps {
  const userPoolId = env.COGNITO_USER_POOL_ID;
  const clientId = env.COGNITO_CLIENT_ID;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!userPoolId || !clientId || !region)
    throw new Error(
      'COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID and AWS_REGION must be set for the cloud dashboard',
    );
  return assemble(config, createCognitoAuthenticator({ userPoolId, clientId, region }), undefined, s3);
}
