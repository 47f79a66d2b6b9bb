import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REVOKED_SESSIONS_PREFIX } from '../../dashboard/auth/session-revocations';
import { bundling, PROJECT_ROOT } from '../bundling/lambda-bundling';
import type { DatasetCatalog } from './dataset-catalog';
import { operatedFunctionProps } from './function-defaults';
import { RAW_PREFIX } from './ingest-function';
import { grantPrefixes } from './prefix-access';
import type { QueryWorkgroup } from './query-workgroup';

/** What the dashboard reads from the curated bucket, and the prefix it writes there. */
export const DASHBOARD_READ_PREFIXES = ['curated/', 'reports/', 'state/', 'published/'] as const;
export const DASHBOARD_WRITE_PREFIXES = ['visit-log/'] as const;
/** Sign-outs (dashboard/auth/session-revocations.ts): added and looked up, never deleted by the app. */
export const DASHBOARD_APPEND_PREFIXES = [REVOKED_SESSIONS_PREFIX] as const;
/** Where audit entries go in the audit bucket (the same keys as in a local data folder). */
export const AUDIT_PREFIX = 'audit/';

export interface DashboardFunctionProps {
  entry?: string;
  rawBucket: s3.IBucket;
  curatedBucket: s3.IBucket;
  /** The Object Lock bucket of the audit trail: the app may only add entries and read them. */
  auditBucket: s3.IBucket;
  catalog: DatasetCatalog;
  workgroup: QueryWorkgroup;
  userPoolId: string;
  userPoolClientId: string;
  suppressionK: number;
  maxUploadMb: number;
  /** The browsers' origin (custom domain), accepted by the app's CSRF check. */
  publicOrigin?: string;
  /** Shared with CloudFront: requests without it never reach the app. */
  originSecret: string;
}

/**
 * The Hono app on Lambda, reachable only through CloudFront: the function
 * URL answers 403 unless the request carries the secret header CloudFront adds.
 */
export class DashboardFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: DashboardFunctionProps) {
    super(scope, id);
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      ...operatedFunctionProps(this),
      // The app's handler wrapped in the CloudFront origin check (functions/dashboard/origin-guard.ts).
      entry: props.entry ?? path.join(PROJECT_ROOT, 'functions', 'dashboard', 'handler.ts'),
      description: 'ダッシュボード（Hono）: 画面・API・アップロード受付',
      memorySize: 1024,
      // CloudFront waits at most 30 s for the origin; Athena queries are bounded below that.
      timeout: Duration.seconds(29),
      environment: {
        RAW_BUCKET: props.rawBucket.bucketName,
        CURATED_BUCKET: props.curatedBucket.bucketName,
        AUDIT_BUCKET: props.auditBucket.bucketName,
        QUERY_ENGINE: 'athena',
        ATHENA_WORKGROUP: props.workgroup.name,
        GLUE_DATABASE: props.catalog.databaseName,
        COGNITO_USER_POOL_ID: props.userPoolId,
        COGNITO_CLIENT_ID: props.userPoolClientId,
        SUPPRESSION_K: String(props.suppressionK),
        MAX_UPLOAD_MB: String(props.maxUploadMb),
        SQL_DIR: '/var/task/sql',
        ORIGIN_SECRET: props.originSecret,
        NODE_OPTIONS: '--enable-source-maps',
        // Known only with a custom domain (or from a first deploy): the distribution's
        // own domain cannot be passed here without a dependency cycle.
        ...(props.publicOrigin ? { PUBLIC_ORIGIN: props.publicOrigin } : {}),
      },
      bundling: bundling({
        duckdb: 'if-imported',
        // HiGHS (src/publication/interval-solver.ts) reads build/highs.wasm from beside its own file.
        shippedPackages: ['highs'],
        copyFolders: ['sql'],
        minify: true,
      }),
    });
    // Not AWS_IAM + origin access control: Lambda would then demand a SHA-256 of
    // every POST body from the browser (x-amz-content-sha256), which the sign-in
    // and other HTML forms cannot send. The origin secret guards the URL instead.
    this.url = this.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    // Presigned PUTs are signed with this role: it may only put under raw/
    // (the app narrows each URL to the caller's own raw/{dataset}/{code}/).
    grantPrefixes(props.rawBucket, this.fn, 'put', [RAW_PREFIX]);
    grantPrefixes(props.curatedBucket, this.fn, 'read', DASHBOARD_READ_PREFIXES);
    grantPrefixes(props.curatedBucket, this.fn, 'read-write', DASHBOARD_WRITE_PREFIXES);
    // Every signed-in request looks its session up here; the listing lets a missing entry read
    // as 404 (not signed out) rather than 403. Entries expire by the curated bucket's lifecycle.
    grantPrefixes(props.curatedBucket, this.fn, 'append', DASHBOARD_APPEND_PREFIXES);
    // No delete, no retention or versioning change: test/infra/audit-trail.test.ts checks every role.
    grantPrefixes(props.auditBucket, this.fn, 'append', [AUDIT_PREFIX]);
    props.workgroup.grantTableQueries(this.fn, props.catalog, props.curatedBucket);
  }
}
