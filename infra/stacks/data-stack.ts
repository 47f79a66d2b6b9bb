import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { REVOCATION_KEEP_DAYS, REVOKED_SESSIONS_PREFIX } from '../../dashboard/auth/session-revocations';
import { DATASETS } from '../../src/datasets';
import { AUDIT_PREFIX } from '../constructs/dashboard-function';
import { DatasetCatalog } from '../constructs/dataset-catalog';
import { PrivateBucket } from '../constructs/private-bucket';
import { UserDirectory } from '../constructs/user-directory';
import type { DeploymentSettings } from '../settings';
import { DataExports } from './data-references';

export interface DataStackProps extends StackProps {
  settings: DeploymentSettings;
}

/**
 * Everything stateful: buckets, the data key, the Glue catalog and the user
 * pool. Logical IDs are fixed so that refactoring never replaces (and so
 * empties) any of them; everything is retained when the stack is deleted.
 */
export class DataStack extends Stack {
  readonly dataKey: kms.Key;
  readonly accessLogBucket: s3.Bucket;
  readonly rawBucket: s3.Bucket;
  readonly curatedBucket: s3.Bucket;
  readonly athenaResultsBucket: s3.Bucket;
  readonly auditBucket: s3.Bucket;
  readonly catalog: DatasetCatalog;
  readonly users: UserDirectory;
  /** How the stateless stacks reference these resources (fixed export names). */
  readonly exports: DataExports;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { settings } = props;

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: '重層的支援モニタリング: raw・curated・Athena結果の暗号化キー',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    (this.dataKey.node.defaultChild as kms.CfnKey).overrideLogicalId('DataKey');

    // SSE-S3 only: S3 server access logging cannot deliver to a KMS-encrypted bucket.
    this.accessLogBucket = new PrivateBucket(this, 'AccessLogs', {
      versioned: false,
      // CloudFront standard logs are delivered with an ACL.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      expireAfterDays: 400,
      logicalId: 'AccessLogBucket',
    }).bucket;
    const accessLogs = (prefix: string) => ({ bucket: this.accessLogBucket, prefix });

    // Versioned: every write (even of the same key) is a new version with its own notification.
    // CORS admits only the deployment's own origin(s); with none known yet, no rule at all, so
    // no web page can PUT here from a browser (settings.ts says why not *.cloudfront.net).
    this.rawBucket = new PrivateBucket(this, 'Raw', {
      encryptionKey: this.dataKey,
      versioned: true,
      accessLogs: accessLogs('raw'),
      cors:
        settings.uploadOrigins.length > 0
          ? [
              {
                allowedMethods: [s3.HttpMethods.PUT],
                allowedOrigins: [...settings.uploadOrigins],
                allowedHeaders: ['content-type', 'x-amz-*'],
                exposedHeaders: ['ETag'],
                maxAge: 600,
              },
            ]
          : undefined,
      logicalId: 'RawBucket',
    }).bucket;

    // Defence in depth beyond each role's own policy: nothing lands outside
    // raw/, and no stored version of an upload can be destroyed without
    // first changing this policy on purpose.
    this.rawBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'UploadsOnlyUnderRaw',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        notResources: [this.rawBucket.arnForObjects('raw/*')],
      }),
    );
    this.rawBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'KeepEveryUploadVersion',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObjectVersion'],
        resources: [this.rawBucket.arnForObjects('*')],
      }),
    );

    // Curated data is rebuilt from raw, so superseded versions only need to outlive a bad publish.
    this.curatedBucket = new PrivateBucket(this, 'Curated', {
      encryptionKey: this.dataKey,
      versioned: true,
      expireNoncurrentAfterDays: 90,
      accessLogs: accessLogs('curated'),
      // New snapshot partitions are registered in Glue from these events (PartitionRegistrar).
      eventBridge: true,
      logicalId: 'CuratedBucket',
    }).bucket;
    // Sign-outs only matter while the session they name could still be used (a Cognito access
    // token lives 1 hour by default, at most a day); both the entry and its noncurrent version go.
    this.curatedBucket.addLifecycleRule({
      id: 'expire-revoked-sessions',
      prefix: REVOKED_SESSIONS_PREFIX,
      expiration: Duration.days(REVOCATION_KEEP_DAYS),
      noncurrentVersionExpiration: Duration.days(REVOCATION_KEEP_DAYS),
    });

    this.athenaResultsBucket = new PrivateBucket(this, 'AthenaResults', {
      encryptionKey: this.dataKey,
      versioned: false,
      expireAfterDays: 7,
      accessLogs: accessLogs('athena-results'),
      logicalId: 'AthenaResultsBucket',
    }).bucket;

    // The audit trail, append-only: its own bucket because Object Lock can only be switched on
    // when a bucket is created. Compliance mode: until an entry's retention ends nobody, not
    // the root user nor an administrator, can delete it or shorten its lock (governance mode
    // would let anyone holding s3:BypassGovernanceRetention do both). No lifecycle expiry:
    // entries stay after their lock ends, kept by the policy below.
    this.auditBucket = new PrivateBucket(this, 'Audit', {
      encryptionKey: this.dataKey,
      versioned: true,
      objectLock: s3.ObjectLockRetention.compliance(Duration.days(settings.auditRetentionDays)),
      accessLogs: accessLogs('audit'),
      logicalId: 'AuditBucket',
    }).bucket;
    // Even after the lock: a plain DeleteObject leaves a delete marker that hides an entry
    // from listings, so no principal may delete, unlock or hold-release anything here
    // without first changing this policy (a logged management event).
    this.auditBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AuditEntriesAreAppendOnly',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:PutObjectRetention',
          's3:PutObjectLegalHold',
          's3:BypassGovernanceRetention',
        ],
        resources: [this.auditBucket.arnForObjects('*')],
      }),
    );
    this.auditBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EntriesOnlyUnderAudit',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        notResources: [this.auditBucket.arnForObjects(`${AUDIT_PREFIX}*`)],
      }),
    );

    this.catalog = new DatasetCatalog(this, 'Catalog', {
      databaseName: 'juso_monitor',
      curatedBucket: this.curatedBucket,
      datasets: DATASETS,
      projection: settings,
    });

    this.users = new UserDirectory(this, 'Users', { municipalityCodes: settings.municipalityCodes });

    this.exports = new DataExports(settings.stackPrefix, this);
    this.exports.publish({
      dataKey: this.dataKey,
      rawBucket: this.rawBucket,
      curatedBucket: this.curatedBucket,
      athenaResultsBucket: this.athenaResultsBucket,
      accessLogBucket: this.accessLogBucket,
      auditBucket: this.auditBucket,
      userPool: this.users.userPool,
    });

    new CfnOutput(this, 'RawBucketName', { value: this.rawBucket.bucketName });
    new CfnOutput(this, 'CuratedBucketName', { value: this.curatedBucket.bucketName });
    new CfnOutput(this, 'AthenaResultsBucketName', { value: this.athenaResultsBucket.bucketName });
    new CfnOutput(this, 'AccessLogBucketName', { value: this.accessLogBucket.bucketName });
    new CfnOutput(this, 'AuditBucketName', { value: this.auditBucket.bucketName });
    new CfnOutput(this, 'GlueDatabaseName', { value: this.catalog.databaseName });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
  }
}
