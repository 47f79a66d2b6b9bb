import { CfnOutput, Fn, type Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** The stateful resources as the stateless stacks see them. */
export interface DataReferences {
  dataKey: kms.IKey;
  rawBucket: s3.IBucket;
  curatedBucket: s3.IBucket;
  athenaResultsBucket: s3.IBucket;
  accessLogBucket: s3.IBucket;
  auditBucket: s3.IBucket;
  userPool: cognito.IUserPool;
}

export interface ExportedBucket {
  bucket: s3.IBucket;
  encrypted: boolean;
}

/**
 * Cross-stack references through exports with fixed names (`<prefix>-RawBucketArn`)
 * instead of CDK's generated ones, so the stateful stack's interface is
 * explicit, stable across refactors, and nameable in IAM findings.
 */
export class DataExports {
  constructor(
    private readonly prefix: string,
    private readonly stack: Stack,
  ) {}

  private export(name: string, value: string): void {
    new CfnOutput(this.stack, `Export${name}`, { value, exportName: `${this.prefix}-${name}` });
  }

  private import(name: string): string {
    return Fn.importValue(`${this.prefix}-${name}`);
  }

  /** Called once by the data stack. */
  publish(refs: DataReferences): void {
    this.export('DataKeyArn', refs.dataKey.keyArn);
    for (const [name, bucket] of this.buckets(refs)) {
      this.export(`${name}Arn`, bucket.bucketArn);
      this.export(`${name}Name`, bucket.bucketName);
    }
    this.export('AccessLogBucketDomainName', refs.accessLogBucket.bucketRegionalDomainName);
    this.export('UserPoolId', refs.userPool.userPoolId);
  }

  /** Imported references for a construct in another stack. */
  importInto(scope: Construct): DataReferences {
    const dataKey = kms.Key.fromKeyArn(scope, 'DataKeyRef', this.import('DataKeyArn'));
    const bucket = (name: string, encryptionKey?: kms.IKey, extra: Partial<s3.BucketAttributes> = {}) =>
      s3.Bucket.fromBucketAttributes(scope, `${name}Ref`, {
        bucketArn: this.import(`${name}Arn`),
        bucketName: this.import(`${name}Name`),
        encryptionKey,
        ...extra,
      });
    return {
      dataKey,
      rawBucket: bucket('RawBucket', dataKey),
      curatedBucket: bucket('CuratedBucket', dataKey),
      athenaResultsBucket: bucket('AthenaResultsBucket', dataKey),
      accessLogBucket: bucket('AccessLogBucket', undefined, {
        bucketRegionalDomainName: this.import('AccessLogBucketDomainName'),
      }),
      auditBucket: bucket('AuditBucket', dataKey),
      userPool: cognito.UserPool.fromUserPoolId(scope, 'UserPoolRef', this.import('UserPoolId')),
    };
  }

  /** The export name of a bucket ARN, as cdk-nag prints imported resources. */
  bucketArnExport(name: 'RawBucket' | 'CuratedBucket' | 'AthenaResultsBucket' | 'AuditBucket'): string {
    return `${this.prefix}-${name}Arn`;
  }

  private buckets(refs: DataReferences): [string, s3.IBucket][] {
    return [
      ['RawBucket', refs.rawBucket],
      ['CuratedBucket', refs.curatedBucket],
      ['AthenaResultsBucket', refs.athenaResultsBucket],
      ['AccessLogBucket', refs.accessLogBucket],
      ['AuditBucket', refs.auditBucket],
    ];
  }
}
