import * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DatasetCatalog } from './dataset-catalog';
import { grantPrefixes } from './prefix-access';

export const ATHENA_RESULTS_PREFIX = 'results/';

export interface QueryWorkgroupProps {
  name: string;
  resultsBucket: s3.IBucket;
  bytesScannedCutoff: number;
}

/**
 * The Athena workgroup the dashboard queries through. Its configuration is
 * enforced, so a client cannot send results elsewhere, unencrypted, or lift
 * the per-query scan cutoff.
 */
export class QueryWorkgroup extends Construct {
  readonly workgroup: athena.CfnWorkGroup;
  readonly name: string;
  private readonly resultsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: QueryWorkgroupProps) {
    super(scope, id);
    this.name = props.name;
    this.resultsBucket = props.resultsBucket;
    const key = props.resultsBucket.encryptionKey;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.name,
      description: '重層的支援モニタリングのダッシュボード用クエリ',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        bytesScannedCutoffPerQuery: props.bytesScannedCutoff,
        publishCloudWatchMetricsEnabled: true,
        requesterPaysEnabled: false,
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: key
            ? { encryptionOption: 'SSE_KMS', kmsKey: key.keyArn }
            : { encryptionOption: 'SSE_S3' },
          aclConfiguration: { s3AclOption: 'BUCKET_OWNER_FULL_CONTROL' },
        },
      },
    });
  }

  arn(): string {
    return this.workgroup.stack.formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.name,
    });
  }

  /** Reading and writing this workgroup's results (what StartQueryExecution's caller needs). */
  grantResults(grantee: iam.IGrantable): void {
    grantPrefixes(this.resultsBucket, grantee, 'read-write', [ATHENA_RESULTS_PREFIX]);
    // Athena checks where the results bucket lives before writing to it.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [this.resultsBucket.bucketArn],
      }),
    );
  }

  /** Running queries in this workgroup and reading/writing its results. */
  grantQuery(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
          'athena:GetWorkGroup',
        ],
        resources: [this.arn()],
      }),
    );
    this.grantResults(grantee);
  }

  /**
   * Querying the catalog's tables in this workgroup: grantQuery, the
   * catalog reads, and the data bucket's location (Athena reads the tables'
   * files with the caller's credentials; their prefixes are granted apart).
   */
  grantTableQueries(grantee: iam.IGrantable, catalog: DatasetCatalog, dataBucket: s3.IBucket): void {
    this.grantQuery(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [dataBucket.bucketArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'glue:GetDatabase',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetPartition',
          'glue:GetPartitions',
        ],
        resources: catalog.readArns(),
      }),
    );
  }
}
