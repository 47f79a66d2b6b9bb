import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { AlarmTopic } from '../constructs/alarm-topic';
import { IngestFunction, RAW_PREFIX } from '../constructs/ingest-function';
import type { DeploymentSettings } from '../settings';
import type { DataStack } from './data-stack';

export interface IngestStackProps extends StackProps {
  settings: DeploymentSettings;
  data: DataStack;
  /** Handler entry; defaults to functions/ingest/handler.ts. */
  entry?: string;
}

/** Export name of the alarm topic's ARN. */
export const alarmTopicExport = (stackPrefix: string): string => `${stackPrefix}-AlarmTopicArn`;

/** S3 → ingest Lambda → curated Parquet, with its failure queue and alarms. */
export class IngestStack extends Stack {
  readonly ingest: IngestFunction;
  readonly alarms: AlarmTopic;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const data = props.data.exports.importInto(this);

    this.ingest = new IngestFunction(this, 'Ingest', {
      entry: props.entry,
      rawBucket: data.rawBucket,
      curatedBucket: data.curatedBucket,
      maxUploadMb: settings.maxUploadMb,
    });

    // Attached through the imported reference, so the notification's custom
    // resource lives here: on the bucket itself it would make the stateful
    // stack depend on this one (a cycle).
    const raw = data.rawBucket;
    // Only uploads: prefix raw/ and a CSV or Excel suffix (S3 matches suffixes case-sensitively).
    for (const suffix of ['.csv', '.CSV', '.xlsx', '.XLSX'])
      raw.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.ingest.fn), {
        prefix: RAW_PREFIX,
        suffix,
      });

    this.alarms = new AlarmTopic(this, 'Alarms', { email: settings.alarmEmail });
    this.alarms.notify(this.ingest.errorsAlarm, this.ingest.deadLetterAlarm);

    new CfnOutput(this, 'IngestFunctionName', { value: this.ingest.fn.functionName });
    new CfnOutput(this, 'FailedEventsQueueUrl', { value: this.ingest.deadLetterQueue.queueUrl });
    // Fixed export name: the dashboard stack's alarms notify the same topic.
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      exportName: alarmTopicExport(settings.stackPrefix),
    });
  }
}
