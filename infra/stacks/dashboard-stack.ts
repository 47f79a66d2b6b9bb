import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { DashboardDistribution } from '../constructs/dashboard-distribution';
import { DashboardFunction } from '../constructs/dashboard-function';
import { QueryWorkgroup } from '../constructs/query-workgroup';
import type { DeploymentSettings } from '../settings';
import type { DataStack } from './data-stack';

export interface DashboardStackProps extends StackProps {
  settings: DeploymentSettings;
  data: DataStack;
  /** Built browser assets (dist/assets). */
  assetsDir: string;
  /** Handler entry; defaults to functions/dashboard/handler.ts. */
  entry?: string;
}

/** The dashboard: Athena workgroup, the Hono app on Lambda, CloudFront in front. */
export class DashboardStack extends Stack {
  readonly workgroup: QueryWorkgroup;
  readonly app: DashboardFunction;
  readonly site: DashboardDistribution;
  readonly userPoolClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    const { data, settings } = props;

    this.workgroup = new QueryWorkgroup(this, 'Query', {
      name: `${settings.stackPrefix}-dashboard`,
      resultsBucket: data.athenaResultsBucket,
      bytesScannedCutoff: settings.bytesScannedCutoff,
    });

    // The app's sign-in form exchanges the password server-side (InitiateAuth,
    // USER_PASSWORD_AUTH); no client secret, no hosted UI redirect.
    this.userPoolClient = new cognito.UserPoolClient(this, 'AppClient', {
      userPool: data.users.userPool,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    this.app = new DashboardFunction(this, 'App', {
      entry: props.entry,
      rawBucket: data.rawBucket,
      curatedBucket: data.curatedBucket,
      catalog: data.catalog,
      workgroup: this.workgroup,
      userPoolId: data.users.userPool.userPoolId,
      userPoolClientId: this.userPoolClient.userPoolClientId,
      suppressionK: settings.suppressionK,
      maxUploadMb: settings.maxUploadMb,
      publicOrigin: settings.publicOrigin,
    });

    this.site = new DashboardDistribution(this, 'Site', {
      functionUrl: this.app.url,
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
