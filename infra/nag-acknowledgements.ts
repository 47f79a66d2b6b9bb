import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Pipeline } from './build-app';
import {
  AUDIT_PREFIX,
  DASHBOARD_APPEND_PREFIXES,
  DASHBOARD_READ_PREFIXES,
  DASHBOARD_WRITE_PREFIXES,
} from './constructs/dashboard-function';
import { PUBLISHER_READ_PREFIXES, PUBLISHER_WRITE_PREFIXES } from './constructs/grid-publisher';
import { INGEST_CURATED_PREFIXES, RAW_PREFIX } from './constructs/ingest-function';
import { ATHENA_RESULTS_PREFIX } from './constructs/query-workgroup';
import type { DeploymentSettings } from './settings';

/** One acknowledged cdk-nag finding: where, which rule, and why it is accepted. */
export interface Acknowledgement {
  scope: IConstruct;
  id: string;
  reason: string;
}

const RUNTIME_REASON =
  'Node.js 22 is the runtime the project targets and tests against (the code must also run on Node 20 locally); move to the next LTS with the toolchain, not silently.';
const TRACING_REASON =
  'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions: AWS documents Resource "*" for them.';

function prefixFindings(
  bucketArnExport: string,
  prefixes: readonly string[],
  who: string,
): Omit<Acknowledgement, 'scope'>[] {
  return prefixes.map((prefix) => ({
    id: `AwsSolutions-IAM5[Resource::${bucketArnExport}/${prefix}*]`,
    reason: `Object keys under ${prefix} embed dataset, municipality code, partition and upload id, so ${who} needs the objects of that one prefix; the wildcard is the prefix scope itself, not the bucket.`,
  }));
}

/** Child construct whose id starts with `prefix` (CDK singletons carry a generated suffix). */
function childStartingWith(scope: IConstruct, prefix: string): IConstruct | undefined {
  return scope.node.children.find((c) => c.node.id.startsWith(prefix));
}

/**
 * Every cdk-nag finding the deployment accepts, each with its reason. Kept
 * in one place so docs/deploy.md can list them and a new finding anywhere
 * fails the synth instead of being waved through.
 */
export function acknowledgements(pipeline: Pipeline, settings: DeploymentSettings): Acknowledgement[] {
  const { data, ingest, dashboard } = pipeline;
  const arn = (name: 'RawBucket' | 'CuratedBucket' | 'AthenaResultsBucket' | 'AuditBucket') =>
    data.exports.bucketArnExport(name);
  const list: Acknowledgement[] = [];
  const add = (scope: IConstruct | undefined, items: Omit<Acknowledgement, 'scope'>[]) => {
    if (!scope) throw new Error('acknowledgement target not found');
    for (const item of items) list.push({ scope, ...item });
  };

  const ingestFn = ingest.ingest.fn;
  add(ingestFn, [
    { id: 'AwsSolutions-L1', reason: RUNTIME_REASON },
    { id: 'Serverless-LambdaLatestVersion', reason: RUNTIME_REASON },
    {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Failed asynchronous invocations go to the on-failure destination (an encrypted SQS queue with an alarm), which records the request and the error; a DLQ as well would deliver each failure twice.',
    },
  ]);
  // The execution role is a sibling of the function inside the construct.
  add(ingest.ingest, [
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: TRACING_REASON },
    ...prefixFindings(arn('RawBucket'), [RAW_PREFIX], 'ingest (read only)'),
    ...prefixFindings(arn('CuratedBucket'), INGEST_CURATED_PREFIXES, 'ingest'),
  ]);
  const queueReason =
    'This queue is itself the dead-letter store (failed events / undeliverable alarm mails); giving it a DLQ of its own would only move the same messages one queue further.';
  for (const queue of [ingest.ingest.deadLetterQueue, ingest.alarms.undelivered])
    if (queue)
      add(queue, [
        { id: 'AwsSolutions-SQS3', reason: queueReason },
        { id: 'Serverless-SQSRedrivePolicy', reason: queueReason },
      ]);
  const cdkHandlerReason =
    'CDK-provided custom resource that configures S3 notifications during deployment only; its role uses the managed basic-execution policy CDK ships with and is not in the data path.';
  add(childStartingWith(Stack.of(ingestFn), 'BucketNotificationsHandler'), [
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: cdkHandlerReason,
    },
  ]);

  const dashboardFn = dashboard.app.fn;
  add(dashboardFn, [
    { id: 'AwsSolutions-L1', reason: RUNTIME_REASON },
    { id: 'Serverless-LambdaLatestVersion', reason: RUNTIME_REASON },
    {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only synchronously (CloudFront → function URL): errors return to the browser as HTTP responses, there is no asynchronous event to keep.',
    },
  ]);
  add(dashboard.app, [
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: TRACING_REASON },
    ...prefixFindings(arn('RawBucket'), [RAW_PREFIX], 'the dashboard (presigned PUT of uploads)'),
    ...prefixFindings(
      arn('CuratedBucket'),
      [...DASHBOARD_READ_PREFIXES, ...DASHBOARD_WRITE_PREFIXES],
      'the dashboard',
    ),
    ...DASHBOARD_APPEND_PREFIXES.map((prefix) => ({
      id: `AwsSolutions-IAM5[Resource::${arn('CuratedBucket')}/${prefix}*]`,
      reason: `One object per signed-out session under ${prefix}, named by a hash of a session value not known until sign-out, so the dashboard needs the objects of that one prefix (put and get, no delete); the wildcard is the prefix scope itself, not the bucket.`,
    })),
    ...prefixFindings(arn('AuditBucket'), [AUDIT_PREFIX], 'the dashboard (append-only audit entries)'),
    ...prefixFindings(arn('AthenaResultsBucket'), [ATHENA_RESULTS_PREFIX], 'Athena (query results)'),
  ]);

  add(dashboard.originSecret, [
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'The origin secret only proves a request came through CloudFront; it is read by CloudFormation into the distribution and the function at deploy time, so rotating it means redeploying the stack (documented), not a rotation Lambda.',
    },
  ]);

  const registrar = dashboard.partitions;
  add(registrar, [
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Express state machines write execution logs through CloudWatch Logs delivery APIs (logs:CreateLogDelivery and friends) and X-Ray segments, neither of which supports resource-level permissions.',
    },
    ...prefixFindings(arn('AthenaResultsBucket'), [ATHENA_RESULTS_PREFIX], 'Athena (DDL results)'),
  ]);
  add(registrar.failures, [
    { id: 'AwsSolutions-SQS3', reason: queueReason },
    { id: 'Serverless-SQSRedrivePolicy', reason: queueReason },
  ]);

  const publisher = dashboard.publisher;
  add(publisher.fn, [
    { id: 'AwsSolutions-L1', reason: RUNTIME_REASON },
    { id: 'Serverless-LambdaLatestVersion', reason: RUNTIME_REASON },
    {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked by an EventBridge rule whose target has its own dead-letter queue (encrypted, with an alarm) after two retries; a function DLQ would only apply to asynchronous invokes that never happen here.',
    },
  ]);
  add(publisher, [
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: TRACING_REASON },
    ...prefixFindings(
      arn('CuratedBucket'),
      [...PUBLISHER_READ_PREFIXES, ...PUBLISHER_WRITE_PREFIXES],
      'the grid publisher',
    ),
    ...prefixFindings(arn('AthenaResultsBucket'), [ATHENA_RESULTS_PREFIX], 'Athena (query results)'),
  ]);
  add(publisher.failures, [
    { id: 'AwsSolutions-SQS3', reason: queueReason },
    { id: 'Serverless-SQSRedrivePolicy', reason: queueReason },
  ]);

  const distribution = dashboard.site.distribution;
  if (!settings.webAclArn)
    add(distribution, [
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF by default: a CloudFront web ACL must live in us-east-1 and costs more than the rest of the Tottori deployment; viewers are limited to Japan and every route but sign-in needs a Cognito token. Attach one with -c webAclArn=….',
      },
    ]);
  if (!settings.domainName)
    add(distribution, [
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot pin a minimum TLS version; TLSv1.2_2021 is configured and takes effect once -c domainName=… -c certificateArn=… (us-east-1 ACM) are set, as docs/deploy.md requires for production.',
      },
    ]);

  const deployment = childStartingWith(Stack.of(distribution), 'Custom::CDKBucketDeployment');
  const deploymentReason =
    'CDK BucketDeployment handler: runs only while deploying to copy the built browser assets from the CDK asset bucket; its runtime, role and permissions are managed by aws-cdk-lib.';
  add(deployment, [
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: deploymentReason,
    },
    { id: 'AwsSolutions-IAM5[Resource::*]', reason: deploymentReason },
    { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: deploymentReason },
    { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: deploymentReason },
    { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: deploymentReason },
    { id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: deploymentReason },
    { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: deploymentReason },
    {
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      reason: deploymentReason,
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(distribution).getLogicalId(dashboard.site.assetsBucket.node.defaultChild as never)}.Arn>/*]`,
      reason: deploymentReason,
    },
    { id: 'AwsSolutions-L1', reason: deploymentReason },
    { id: 'Serverless-LambdaDLQ', reason: deploymentReason },
    { id: 'Serverless-LambdaLatestVersion', reason: deploymentReason },
    { id: 'Serverless-LambdaTracing', reason: deploymentReason },
  ]);
  return list;
}

/** Records each acknowledgement on its construct (cdk-nag 3 reads CDK's acknowledged-rules metadata). */
export function applyAcknowledgements(list: readonly Acknowledgement[]): void {
  for (const { scope, id, reason } of list) Validations.of(scope).acknowledge({ id, reason });
}
