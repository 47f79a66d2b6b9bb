import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PUBLISHED_GRID_PREFIX } from '../../src/publication/grid-store';
import { DATA_VERSION_KEY } from '../../src/storage/data-version';
import { bundling, PROJECT_ROOT } from '../bundling/lambda-bundling';
import { failureAlarm } from './alarm-topic';
import type { DatasetCatalog } from './dataset-catalog';
import { operatedFunctionProps } from './function-defaults';
import { grantPrefixes } from './prefix-access';
import type { QueryWorkgroup } from './query-workgroup';

/** What the publisher reads in the curated bucket, and the one prefix it writes. */
export const PUBLISHER_READ_PREFIXES = ['curated/', 'state/'] as const;
export const PUBLISHER_WRITE_PREFIXES = [`${PUBLISHED_GRID_PREFIX.split('/')[0]}/`] as const;

export interface GridPublisherProps {
  entry?: string;
  rawBucket: s3.IBucket;
  curatedBucket: s3.IBucket;
  catalog: DatasetCatalog;
  workgroup: QueryWorkgroup;
  suppressionK: number;
}

/**
 * Builds the published grid once per data version (docs/disclosure.md):
 * S3 writes state/data-version.json after an accepted upload → EventBridge
 * → this function runs the grid's SQL on Athena and stores the grid under
 * published/ in the curated bucket, which every dashboard instance reads
 * instead of querying. Retried twice; an event that still fails is kept in
 * an encrypted queue, with an alarm (dashboards then build the grid
 * themselves, as before: slower, never wrong).
 */
export class GridPublisher extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly rule: events.Rule;
  readonly failures: sqs.Queue;
  readonly failedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: GridPublisherProps) {
    super(scope, id);
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      ...operatedFunctionProps(this),
      entry: props.entry ?? path.join(PROJECT_ROOT, 'functions', 'publish', 'handler.ts'),
      description: 'データ更新のたびに公表グリッド（秘匿前の全指標）を作成して保存する',
      // A prefecture's grid is at most ~180 towns × every FY: well within 2 GB.
      memorySize: 2048,
      timeout: Duration.minutes(5),
      environment: {
        RAW_BUCKET: props.rawBucket.bucketName,
        CURATED_BUCKET: props.curatedBucket.bucketName,
        QUERY_ENGINE: 'athena',
        ATHENA_WORKGROUP: props.workgroup.name,
        GLUE_DATABASE: props.catalog.databaseName,
        SUPPRESSION_K: String(props.suppressionK),
        SQL_DIR: '/var/task/sql',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: bundling({
        duckdb: 'if-imported',
        shippedPackages: ['highs'],
        copyFolders: ['sql'],
        minify: true,
      }),
    });
    grantPrefixes(props.curatedBucket, this.fn, 'read', PUBLISHER_READ_PREFIXES);
    grantPrefixes(props.curatedBucket, this.fn, 'read-write', PUBLISHER_WRITE_PREFIXES);
    props.workgroup.grantTableQueries(this.fn, props.catalog, props.curatedBucket);

    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.rule = new events.Rule(this, 'OnDataVersion', {
      description: 'データ版が更新されたら公表グリッドを作成する',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.curatedBucket.bucketName] },
          object: { key: [DATA_VERSION_KEY] },
        },
      },
      targets: [
        new targets.LambdaFunction(this.fn, {
          deadLetterQueue: this.failures,
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });
    this.failedAlarm = failureAlarm(
      this,
      'FailedAlarm',
      '公表グリッドの作成に失敗しました。ダッシュボードは各自でグリッドを作成するため表示は遅くなります（ログを確認し、失敗キューのイベントを再実行してください）。',
      this.fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      this.failures,
    );
  }
}
