import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../src/config';
import { athenaEngineFromConfig } from '../../src/query/athena-engine';
import { S3Store } from '../../src/storage/s3-store';
import { createCognitoAuthenticator } from '../auth/cognito';
import type { AppDeps } from '../context';
import { assembleDeps } from './assemble-deps';
import { AuditLog } from './audit-log';

/**
 * Cloud: S3 stores, Athena, and Cognito from COGNITO_USER_POOL_ID,
 * COGNITO_CLIENT_ID and AWS_REGION. Uploads only land in the raw bucket;
 * its notification runs the ingest function, so no DuckDB is imported here.
 */
export function cloudDeps(config: Config, env: NodeJS.ProcessEnv = process.env, s3?: S3Client): AppDeps {
  const userPoolId = env.COGNITO_USER_POOL_ID;
  const clientId = env.COGNITO_CLIENT_ID;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!userPoolId || !clientId || !region)
    throw new Error(
      'COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID and AWS_REGION must be set for the cloud dashboard',
    );
  const auth = createCognitoAuthenticator({ userPoolId, clientId, region });
  const client = s3 ?? new S3Client({});
  const deps = assembleDeps(config, athenaEngineFromConfig(config), auth, { s3: client });
  // The audit trail has a bucket of its own (Object Lock; the role may only add entries).
  if (!config.auditBucket) return deps;
  return { ...deps, audit: new AuditLog(new S3Store(client, config.auditBucket)) };
}
