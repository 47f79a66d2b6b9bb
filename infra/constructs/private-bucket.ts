import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface PrivateBucketProps {
  /** SSE-KMS with this key; SSE-S3 when absent (required for log targets and CloudFront OAC simplicity). */
  encryptionKey?: kms.IKey;
  versioned: boolean;
  /** Server access logs go here under `s3/<logPrefix>/`; omit only for the log bucket itself. */
  accessLogs?: { bucket: s3.IBucket; prefix: string };
  /** Delete current objects after this many days (query results). */
  expireAfterDays?: number;
  /** Delete superseded versions after this many days (derived data that can be rebuilt). */
  expireNoncurrentAfterDays?: number;
  /** CloudFront standard logs need ACLs on their target bucket. */
  objectOwnership?: s3.ObjectOwnership;
  cors?: s3.CorsRule[];
  /**
   * S3 Object Lock with this default retention for every new object version.
   * Only possible when the bucket is created; needs `versioned: true`.
   */
  objectLock?: s3.ObjectLockRetention;
  /** Send object events to EventBridge (for rules in other stacks). */
  eventBridge?: boolean;
  removalPolicy?: RemovalPolicy;
  /** Fixed CloudFormation logical ID, so refactoring the construct tree never replaces the bucket. */
  logicalId?: string;
}

/**
 * An S3 bucket with the project's non-negotiable defaults: public access
 * blocked, TLS-only bucket policy, encryption at rest, incomplete multipart
 * uploads aborted after a day, and (unless it is the log bucket) access logs.
 */
export class PrivateBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    const lifecycleRules: s3.LifecycleRule[] = [
      { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ];
    if (props.expireAfterDays !== undefined)
      lifecycleRules.push({ id: 'expire', expiration: Duration.days(props.expireAfterDays) });
    if (props.expireNoncurrentAfterDays !== undefined)
      lifecycleRules.push({
        id: 'expire-noncurrent',
        noncurrentVersionExpiration: Duration.days(props.expireNoncurrentAfterDays),
      });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      // One data key per bucket instead of per object: same protection, far fewer KMS calls.
      bucketKeyEnabled: props.encryptionKey !== undefined ? true : undefined,
      versioned: props.versioned,
      objectOwnership: props.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs?.bucket,
      serverAccessLogsPrefix: props.accessLogs ? `s3/${props.accessLogs.prefix}/` : undefined,
      lifecycleRules,
      cors: props.cors,
      objectLockEnabled: props.objectLock ? true : undefined,
      objectLockDefaultRetention: props.objectLock,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    if (props.logicalId) cfnBucket.overrideLogicalId(props.logicalId);
    // Set on the resource itself: the L2 eventBridgeEnabled flag deploys a
    // Lambda-backed custom resource for what CloudFormation supports natively.
    if (props.eventBridge)
      cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  }
}
