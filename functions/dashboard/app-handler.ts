import { handle } from 'hono/aws-lambda';
import { createApp } from '../../dashboard/app';
import { cloudDeps } from '../../dashboard/services/cloud-deps';
import { loadConfig } from '../../src/config';

/**
 * The dashboard app on Lambda, before the origin check that handler.ts (the
 * deployed entry) adds: the same app as `npm start`, with S3 stores,
 * Athena and Cognito built once per container from the environment
 * (RAW_BUCKET, CURATED_BUCKET, QUERY_ENGINE=athena, ATHENA_WORKGROUP,
 * GLUE_DATABASE, COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, SUPPRESSION_K).
 * PUBLIC_ORIGIN (the CloudFront URL) is accepted by the CSRF origin check.
 */
const config = loadConfig();
const deps = cloudDeps(config);
const allowedOrigins = config.publicOrigin ? [config.publicOrigin] : [];

export const handler = handle(createApp(deps, { distDir: config.distDir, allowedOrigins }));
