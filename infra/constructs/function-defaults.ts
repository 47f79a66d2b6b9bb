import { RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ARCHITECTURE, PROJECT_ROOT, RUNTIME } from '../bundling/lambda-bundling';
import { FunctionRole } from './function-role';

/**
 * What every function of this app shares, created in `scope` as 'Logs' and
 * 'Role': its own log group (JSON, 13 months, kept), a role that may write
 * only there, the pinned runtime and architecture, X-Ray tracing, and
 * Lambda's recursive-loop stop (a function writing back into the bucket that
 * triggers it would otherwise loop).
 */
export function operatedFunctionProps(scope: Construct): nodejs.NodejsFunctionProps {
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: logs.RetentionDays.THIRTEEN_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return {
    handler: 'handler',
    role: new FunctionRole(scope, 'Role', logGroup).role,
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
    runtime: RUNTIME,
    architecture: ARCHITECTURE,
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
    systemLogLevelV2: lambda.SystemLogLevel.WARN,
    logGroup,
    tracing: lambda.Tracing.ACTIVE,
    recursiveLoop: lambda.RecursiveLoop.TERMINATE,
  };
}
