import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { failureAlarm } from './alarm-topic';
import type { DatasetCatalog } from './dataset-catalog';
import { grantPrefixes } from './prefix-access';
import type { QueryWorkgroup } from './query-workgroup';

export interface PartitionRegistrarProps {
  /** Tables whose partitions are registered rather than projected (the as_of datasets). */
  tables: readonly string[];
  curatedBucket: s3.IBucket;
  catalog: DatasetCatalog;
  workgroup: QueryWorkgroup;
}

/** The DDL run for a table; the table name comes from code, never from an event. */
export const repairStatement = (table: string): string => `MSCK REPAIR TABLE \`${table}\``;

/**
 * Registers new snapshot partitions (visits, population: `as_of=…`) in Glue
 * as soon as their Parquet lands: S3 → EventBridge → an Express state
 * machine that runs MSCK REPAIR TABLE in the dashboard's workgroup. Snapshot
 * dates are arbitrary days, so projecting them would make every query probe
 * one S3 prefix per municipality per day since the first snapshot.
 */
export class PartitionRegistrar extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly rules: events.Rule[];
  readonly failures: sqs.Queue;
  /** A registration failed (dashboards would miss the new snapshot). */
  readonly failedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PartitionRegistrarProps) {
    super(scope, id);
    const start = new tasks.CallAwsService(this, 'RepairTable', {
      service: 'athena',
      action: 'startQueryExecution',
      parameters: {
        QueryString: sfn.JsonPath.stringAt('$.query'),
        WorkGroup: props.workgroup.name,
        QueryExecutionContext: { Database: props.catalog.databaseName },
      },
      iamResources: [props.workgroup.arn()],
      additionalIamStatements: [
        new iam.PolicyStatement({
          actions: [
            'glue:GetDatabase',
            'glue:GetTable',
            'glue:GetPartitions',
            'glue:BatchGetPartition',
            'glue:CreatePartition',
            'glue:BatchCreatePartition',
          ],
          resources: props.catalog.readArns(),
        }),
      ],
    });
    start.addRetry({ errors: ['States.ALL'], maxAttempts: 3, interval: Duration.seconds(5), backoffRate: 2 });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THIRTEEN_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.EXPRESS,
      definitionBody: sfn.DefinitionBody.fromChainable(start),
      timeout: Duration.minutes(1),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    props.workgroup.grantResults(this.stateMachine);
    // MSCK lists the table's folders to find partitions not yet in the catalog.
    grantPrefixes(
      props.curatedBucket,
      this.stateMachine,
      'list',
      props.tables.map((t) => `curated/${t}/`),
    );

    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.failedAlarm = failureAlarm(
      this,
      'FailedAlarm',
      '新しい基準日のパーティション登録に失敗しました。ダッシュボードにその基準日が表示されません（Athenaで MSCK REPAIR TABLE を実行してください）。',
      this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      this.failures,
    );

    this.rules = props.tables.map(
      (table) =>
        new events.Rule(this, `On-${table}`, {
          description: `新しい ${table} のParquetをAthenaのパーティションとして登録する`,
          eventPattern: {
            source: ['aws.s3'],
            detailType: ['Object Created'],
            detail: {
              bucket: { name: [props.curatedBucket.bucketName] },
              object: { key: events.Match.wildcard(`curated/${table}/*/data.parquet`) },
            },
          },
          targets: [
            new targets.SfnStateMachine(this.stateMachine, {
              input: events.RuleTargetInput.fromObject({ query: repairStatement(table) }),
              deadLetterQueue: this.failures,
              retryAttempts: 3,
              maxEventAge: Duration.hours(1),
            }),
          ],
        }),
    );
  }
}
