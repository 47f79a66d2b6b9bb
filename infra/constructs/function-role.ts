import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * A Lambda execution role that may write only to its own log group, instead
 * of AWSLambdaBasicExecutionRole (which allows every log group in the account).
 */
export class FunctionRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, logGroup: logs.ILogGroup) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
  }
}
