import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DATASETS } from '../../src/datasets';
import { partitionsProjected } from '../catalog/table-input';
import { notifyTopic } from '../constructs/alarm-topic';
import { DashboardDistribution } from '../constructs/dashboard-distribution';
import { DashboardFunction } from '../constructs/dashboard-function';
import { GridPublisher } from '../constructs/grid-publisher';
import { PartitionRegistrar } from '../constructs/partition-registrar';
import { QueryWorkgroup } from '../constructs/query-workgroup';
import type { DeploymentSettings } from '../settings';
import type { DataStack } from './data-stack';
import { alarmTopicExport } from './ingest-stack';

export interface DashboardStackProps extends StackProps {
  settings: DeploymentSettings;
  data: DataStack;
  /** Built browser assets (dist/assets). */
  assetsDir: string;
  /** Handler entry; defaults to the guarded app (functions/dashboard/handler.ts). */
  entry?: string;
}

/** The dashboard: Athena workgroup, the Hono app on Lambda, CloudFront in front. */
export class DashboardStack extends Stack {
  readonly workgroup: QueryWorkgroup;
  readonly app: DashboardFunction;
  readonly site: DashboardDistribution;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly partitions: PartitionRegistrar;
  readonly publisher: GridPublisher;
  readonly originSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const data = props.data.exports.importInto(this);

    this.workgroup = new QueryWorkgroup(this, 'Query', {
      name: `${settings.stackPrefix}-dashboard`,
      resultsBucket: data.athenaResultsBucket,
      bytesScannedCutoff: settings.bytesScannedCutoff,
    });

    // The app's sign-in form exchanges the password server-side (InitiateAuth,
    // USER_PASSWORD_AUTH); no client secret, no hosted UI redirect.
    this.userPoolClient = new cognito.UserPoolClient(this, 'AppClient', {
      userPool: data.userPool,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // One sign-in's challenges share a session; a first sign-in (MFA_SETUP: install an app,
      // type the key, enter a code) needs longer than the default 3 minutes. Cognito allows 3-15.
      authSessionValidity: Duration.minutes(10),
    });

    // Shared by CloudFront (origin header) and the function; resolved by
    // CloudFormation at deploy time, never written into the template.
    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: 'CloudFront → ダッシュボード関数のオリジン確認用ヘッダー値',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const originSecret = this.originSecret.secretValue.unsafeUnwrap();

    this.app = new DashboardFunction(this, 'App', {
      entry: props.entry,
      rawBucket: data.rawBucket,
      curatedBucket: data.curatedBucket,
      auditBucket: data.auditBucket,
      catalog: props.data.catalog,
      workgroup: this.workgroup,
      userPoolId: data.userPool.userPoolId,
      userPoolClientId: this.userPoolClient.userPoolClientId,
      suppressionK: settings.suppressionK,
      maxUploadMb: settings.maxUploadMb,
      publicOrigin: settings.publicOrigin,
      originSecret,
    });

    this.partitions = new PartitionRegistrar(this, 'Partitions', {
      tables: DATASETS.filter((d) => !partitionsProjected(d)).map((d) => d.name),
      curatedBucket: data.curatedBucket,
      catalog: props.data.catalog,
      workgroup: this.workgroup,
    });
    this.publisher = new GridPublisher(this, 'Publisher', {
      rawBucket: data.rawBucket,
      curatedBucket: data.curatedBucket,
      catalog: props.data.catalog,
      workgroup: this.workgroup,
      suppressionK: settings.suppressionK,
    });
    // The ingest stack's topic, through its fixed export (deploy order set in build-app).
    const alarmTopic = sns.Topic.fromTopicArn(
      this,
      'AlarmTopicRef',
      Fn.importValue(alarmTopicExport(settings.stackPrefix)),
    );
    notifyTopic(alarmTopic, [this.partitions.failedAlarm, this.publisher.failedAlarm]);

    this.site = new DashboardDistribution(this, 'Site', {
      functionUrl: this.app.url,
      originSecret,
      assetsDir: props.assetsDir,
      accessLogBucket: data.accessLogBucket,
      domainName: settings.domainName,
      certificateArn: settings.certificateArn,
      webAclArn: settings.webAclArn,
    });

    new CfnOutput(this, 'DashboardUrl', {
      value: settings.publicOrigin ?? `https://${this.site.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'DistributionDomainName', { value: this.site.distribution.distributionDomainName });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'AthenaWorkgroupName', { value: this.workgroup.name });
    new CfnOutput(this, 'AssetsBucketName', { value: this.site.assetsBucket.bucketName });
  }
}
