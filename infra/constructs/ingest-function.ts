import path from 'node:path';
import { Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundling, PROJECT_ROOT } from '../bundling/lambda-bundling';
import { operatedFunctionProps } from './function-defaults';
import { grantPrefixes } from './prefix-access';

/** Prefixes of the curated bucket the ingest function reads and writes (docs/architecture.md). */
export const INGEST_CURATED_PREFIXES = ['curated/', 'staging/', 'reports/', 'state/'] as const;
/** The only prefix of the raw bucket it reads; it never writes there. */
export const RAW_PREFIX = 'raw/';

/**
 * Sizing. DuckDB gets a memory limit well under the function's memory so
 * Node's own heap and the CSV text fit beside it, two threads (what 2 GB of
 * Lambda buys in vCPU), and /tmp large enough for the raw file, a staging
 * copy, the Parquet output and DuckDB spill files.
 */
export const INGEST_SIZING = {
  memoryMb: 2048,
  timeout: Duration.minutes(5),
  ephemeralStorageMb: 2048,
  duckdbMemoryLimit: '1GB',
  duckdbThreads: 2,
} as const;

export interface IngestFunctionProps {
  entry?: string;
  rawBucket: s3.IBucket;
  curatedBucket: s3.IBucket;
  maxUploadMb: number;
}

/**
 * The ingest Lambda: invoked asynchronously by S3 for each raw CSV, retried
 * twice on infrastructure errors, and parked in an encrypted queue when it
 * still fails so no upload is silently lost.
 */
export class IngestFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly deadLetterAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'FailedEvents', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to find the cause and replay the event.
      retentionPeriod: Duration.days(14),
    });

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      ...operatedFunctionProps(this),
      entry: props.entry ?? path.join(PROJECT_ROOT, 'functions', 'ingest', 'handler.ts'),
      description: '市町村がアップロードしたCSVを検証し、Parquetとして公開する',
      memorySize: INGEST_SIZING.memoryMb,
      timeout: INGEST_SIZING.timeout,
      ephemeralStorageSize: Size.mebibytes(INGEST_SIZING.ephemeralStorageMb),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      environment: {
        RAW_BUCKET: props.rawBucket.bucketName,
        CURATED_BUCKET: props.curatedBucket.bucketName,
        MAX_UPLOAD_MB: String(props.maxUploadMb),
        // Lambda's home is read-only: DuckDB's extensions/secrets home and spill files go to /tmp.
        HOME: '/tmp',
        DUCKDB_HOME: '/tmp',
        DUCKDB_TEMP_DIR: '/tmp/duckdb',
        DUCKDB_THREADS: String(INGEST_SIZING.duckdbThreads),
        DUCKDB_MEMORY_LIMIT: INGEST_SIZING.duckdbMemoryLimit,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: bundling({ duckdb: 'always' }),
    });

    grantPrefixes(props.rawBucket, this.fn, 'read', [RAW_PREFIX]);
    grantPrefixes(props.curatedBucket, this.fn, 'read-write', INGEST_CURATED_PREFIXES);

    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: '取り込み関数でエラーが発生しました（自動で再試行されます。続く場合はログを確認）。',
      metric: this.fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'FailedEventsAlarm', {
      alarmDescription:
        '再試行しても取り込めなかったアップロードがあります。失敗キューのメッセージを確認して再実行してください。',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
