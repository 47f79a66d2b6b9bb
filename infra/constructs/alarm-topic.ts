import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** Subscribed by email when given (the operator confirms the subscription once). */
  email?: string;
}

/** Where every alarm of a stack notifies: an encrypted SNS topic. */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  /** Alarm mails SNS could not deliver, when an email subscription exists. */
  readonly undelivered?: sqs.Queue;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: '重層的支援モニタリング: アラーム通知トピックの暗号化キー',
      enableKeyRotation: true,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic with this key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: '重層的支援モニタリング アラーム',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) {
      this.undelivered = new sqs.Queue(this, 'Undelivered', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      this.topic.addSubscription(
        new subscriptions.EmailSubscription(props.email, { deadLetterQueue: this.undelivered }),
      );
    }
  }

  /** Sends the alarm's state changes (to ALARM and back to OK) to the topic. */
  notify(...alarms: cloudwatch.Alarm[]): void {
    notifyTopic(this.topic, alarms);
  }
}

/** Alarm and OK actions to `topic` (also for alarms defined in other stacks). */
export function notifyTopic(topic: sns.ITopic, alarms: readonly cloudwatch.Alarm[]): void {
  for (const alarm of alarms) {
    alarm.addAlarmAction(new actions.SnsAction(topic));
    alarm.addOkAction(new actions.SnsAction(topic));
  }
}

/**
 * An alarm for work that failed, counting both the failures (a function's
 * errors, a state machine's failed runs) and the events parked in its
 * dead-letter queue: one is enough to alarm.
 */
export function failureAlarm(
  scope: Construct,
  id: string,
  description: string,
  failed: cloudwatch.IMetric,
  parked: sqs.IQueue,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric: new cloudwatch.MathExpression({
      expression: 'failed + undelivered',
      usingMetrics: {
        failed,
        undelivered: parked.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      },
      period: Duration.minutes(5),
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
