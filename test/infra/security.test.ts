import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_READ_PREFIXES, DASHBOARD_WRITE_PREFIXES } from '../../infra/constructs/dashboard-function';
import { INGEST_CURATED_PREFIXES } from '../../infra/constructs/ingest-function';
import { DATASETS } from '../../src/datasets';
import { glueType, parquetColumns, partitionKeys } from '../../src/datasets/schema';
import {
  asList,
  render,
  type Statement,
  type SynthesizedPipeline,
  statementsOfRole,
  synthPipeline,
} from './synth-pipeline';

let synth: SynthesizedPipeline;
let all: Template[];

beforeAll(() => {
  synth = synthPipeline();
  all = [synth.data, synth.ingest, synth.dashboard];
});

const roleId = (s: SynthesizedPipeline, which: 'ingest' | 'dashboard') => {
  const fn = which === 'ingest' ? s.pipeline.ingest.ingest.fn : s.pipeline.dashboard.app.fn;
  return Stack.of(fn).getLogicalId(fn.role?.node.defaultChild as never);
};

const objectStatements = (statements: Statement[], bucket: string) =>
  statements.filter(
    (st) => asList(st.Action).some((a) => a.startsWith('s3:')) && render(st.Resource).includes(bucket),
  );

describe('buckets', () => {
  it('every bucket blocks public access, is encrypted and aborts incomplete multipart uploads', () => {
    for (const template of all)
      for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
        // Intent: no bucket of welfare data can be made public by an ACL or policy.
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        // Intent: encrypted at rest (SSE-KMS for data, SSE-S3 where AWS requires it).
        const rule = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
        expect(['aws:kms', 'AES256']).toContain(rule.ServerSideEncryptionByDefault.SSEAlgorithm);
        // Intent: half-finished uploads never accumulate as hidden, billed data.
        expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(
          expect.objectContaining({
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          }),
        );
      }
  });

  it('every bucket policy denies requests without TLS', () => {
    for (const template of all) {
      const buckets = Object.keys(template.findResources('AWS::S3::Bucket'));
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
      for (const id of buckets) {
        const policy = policies.find((p) => render(p.Properties.Bucket) === `{${id}}`);
        // Intent: each bucket has a policy, and it refuses plain HTTP for every action.
        expect(policy, id).toBeDefined();
        expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
      }
    }
  });

  it('data buckets use the data key; raw keeps every version; Athena results expire', () => {
    // Intent: raw uploads are versioned, so nothing uploaded is ever lost and every write notifies.
    synth.data.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
              },
            }),
          ],
        },
      }),
    });
    const raw = synth.data.toJSON().Resources.RawBucket;
    // Intent: no lifecycle rule ever deletes a raw upload or one of its versions.
    for (const rule of raw.Properties.LifecycleConfiguration.Rules) {
      expect(rule.ExpirationInDays).toBeUndefined();
      expect(rule.NoncurrentVersionExpiration).toBeUndefined();
    }
    // Intent: query results are transient copies of data and must not pile up.
    expect(
      synth.data.toJSON().Resources.AthenaResultsBucket.Properties.LifecycleConfiguration.Rules,
    ).toContainEqual(expect.objectContaining({ ExpirationInDays: 7 }));
  });

  it('stateful resources keep fixed logical IDs and survive stack deletion', () => {
    const resources = synth.data.toJSON().Resources;
    for (const id of [
      'DataKey',
      'RawBucket',
      'CuratedBucket',
      'AthenaResultsBucket',
      'AccessLogBucket',
      'UserPool',
      'GlueDatabase',
    ]) {
      // Intent: a refactor of the construct tree never renames (so replaces and empties) these.
      expect(resources[id], id).toBeDefined();
    }
    // Intent: deleting the stack leaves data and accounts in place.
    for (const id of ['DataKey', 'RawBucket', 'CuratedBucket', 'AccessLogBucket', 'UserPool'])
      expect(resources[id].DeletionPolicy, id).toBe('Retain');
  });
});

describe('IAM', () => {
  /** Actions AWS offers no resource-level permissions for, and CDK's own deploy-time handlers. */
  const STAR_ALLOWED = new Set([
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    // Step Functions log delivery (CloudWatch Logs vended-log APIs).
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
    's3:PutBucketNotification',
    'cloudfront:CreateInvalidation',
    'cloudfront:GetInvalidation',
  ]);

  it('no statement grants s3:* or Resource "*" where a resource could be named', () => {
    for (const template of all)
      for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy')))
        for (const st of policy.Properties.PolicyDocument.Statement as Statement[]) {
          // Intent: nothing may do everything to S3.
          expect(asList(st.Action), id).not.toContain('s3:*');
          if (render(st.Resource) === '*')
            // Intent: "*" only for actions that cannot be scoped.
            for (const action of asList(st.Action))
              expect(STAR_ALLOWED.has(action), `${id}: ${action}`).toBe(true);
        }
  });

  it('the ingest role reads only raw/ and writes only its curated prefixes', () => {
    const statements = statementsOfRole(synth.ingest, roleId(synth, 'ingest'));
    const raw = objectStatements(statements, 'RawBucket');
    // Intent: raw is read-only for ingest, and only under raw/.
    for (const st of raw) {
      for (const action of asList(st.Action))
        expect(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket']).toContain(action);
      if (asList(st.Action).includes('s3:ListBucket'))
        expect(st.Condition?.StringLike?.['s3:prefix']).toEqual(['raw/', 'raw/*']);
      else
        expect(asList(st.Resource).map(render)).toEqual([expect.stringMatching(/RawBucket.*\}\/raw\/\*$/)]);
    }
    const curatedWrites = objectStatements(statements, 'CuratedBucket').filter((st) =>
      asList(st.Action).includes('s3:PutObject'),
    );
    // Intent: writes land only under curated/, staging/, reports/ and state/ of the curated bucket.
    expect(
      curatedWrites.flatMap((st) => asList(st.Resource).map(render)).map((r) => r.replace(/^.*\}\//, '')),
    ).toEqual(INGEST_CURATED_PREFIXES.map((p) => `${p}*`));
    // Intent: nothing else in the account is writable by ingest.
    const puts = statements.filter((st) => asList(st.Action).some((a) => /^s3:(Put|Delete)/.test(a)));
    expect(puts.every((st) => asList(st.Resource).every((r) => render(r).includes('CuratedBucket')))).toBe(
      true,
    );
  });

  it('the dashboard role may put only under raw/ and reads curated data through named prefixes', () => {
    const statements = statementsOfRole(synth.dashboard, roleId(synth, 'dashboard'));
    const rawResources = objectStatements(statements, 'RawBucket').flatMap((st) =>
      asList(st.Resource).map(render),
    );
    // Intent: a presigned URL signed by this role can only ever target raw/….
    expect(rawResources).toEqual([expect.stringMatching(/RawBucket.*\}\/raw\/\*$/)]);
    for (const st of objectStatements(statements, 'RawBucket'))
      expect(asList(st.Action).sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    const curated = objectStatements(statements, 'CuratedBucket')
      .filter(
        (st) =>
          !asList(st.Action).includes('s3:ListBucket') && !asList(st.Action).includes('s3:GetBucketLocation'),
      )
      .flatMap((st) =>
        asList(st.Resource)
          .map(render)
          .map((r) => r.replace(/^.*\}\//, '')),
      );
    // Intent: only the documented prefixes, never the whole bucket.
    expect(curated.sort()).toEqual(
      [...DASHBOARD_READ_PREFIXES, ...DASHBOARD_WRITE_PREFIXES].map((p) => `${p}*`).sort(),
    );
  });
});

describe('ingest', () => {
  it('is notified only for .csv objects under raw/ of the raw bucket', () => {
    const notifications = synth.ingest.findResources('Custom::S3BucketNotifications');
    const configs = Object.values(notifications).flatMap(
      (n) => n.Properties.NotificationConfiguration.LambdaFunctionConfigurations,
    );
    // Intent: output prefixes (curated/, reports/, …) can never trigger ingest: the filter is raw/ + .csv.
    expect(configs.map((c) => c.Filter.Key.FilterRules)).toEqual([
      [
        { Name: 'suffix', Value: '.csv' },
        { Name: 'prefix', Value: 'raw/' },
      ],
      [
        { Name: 'suffix', Value: '.CSV' },
        { Name: 'prefix', Value: 'raw/' },
      ],
    ]);
    // Intent: the notification is on the raw bucket, the one bucket ingest never writes to.
    for (const n of Object.values(notifications))
      expect(render(n.Properties.BucketName)).toContain('RawBucket');
  });

  it('retries, parks failures in an encrypted queue with an alarm, and stops recursive loops', () => {
    // Intent: a failing file is retried twice then kept, not lost.
    synth.ingest.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestFailedEvents'), 'Arn'] } },
      },
    });
    // Intent: the failure queue is encrypted.
    synth.ingest.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    // Intent: someone is told as soon as one event is parked.
    synth.ingest.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmActions: Match.anyValue(),
    });
    synth.ingest.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Threshold: 1 });
    // Intent: sizing and DuckDB settings are explicit, and loops are terminated.
    synth.ingest.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      MemorySize: 2048,
      Timeout: 300,
      EphemeralStorage: { Size: 2048 },
      RecursiveLoop: 'Terminate',
      Environment: {
        Variables: Match.objectLike({
          DUCKDB_HOME: '/tmp',
          DUCKDB_THREADS: '2',
          DUCKDB_MEMORY_LIMIT: '1GB',
          MAX_UPLOAD_MB: '50',
        }),
      },
    });
  });
});

describe('catalog and query', () => {
  it('has one Glue table per dataset whose columns equal the Parquet schema', () => {
    const tables = Object.values(synth.data.findResources('AWS::Glue::Table')).map(
      (t) => t.Properties.TableInput,
    );
    // Intent: Athena sees exactly the datasets the code defines, no more, no fewer.
    expect(tables.map((t) => t.Name).sort()).toEqual(DATASETS.map((d) => d.name).sort());
    for (const dataset of DATASETS) {
      const table = tables.find((t) => t.Name === dataset.name);
      // Intent: column names, order and types are those ingest writes into Parquet.
      expect(table.StorageDescriptor.Columns).toEqual(
        parquetColumns(dataset).map((c) => ({ Name: c.name, Type: glueType(c.storage) })),
      );
      // Intent: partition keys match the Hive layout of the object keys.
      expect(table.PartitionKeys).toEqual(
        partitionKeys(dataset).map((c) => ({ Name: c.name, Type: glueType(c.storage) })),
      );
      expect(render(table.StorageDescriptor.Location)).toMatch(
        new RegExp(`^s3://\\{CuratedBucket\\}/curated/${dataset.name}/$`),
      );
      // Intent: fiscal-year tables are projected over the known towns and years;
      // snapshot tables are registered on write instead of probing a prefix per day.
      if (dataset.partitionColumn === 'fiscal_year') {
        expect(table.Parameters['projection.enabled']).toBe('true');
        expect(table.Parameters['projection.municipality_code.values'].split(',')).toEqual(
          synth.settings.municipalityCodes,
        );
      } else expect(table.Parameters['projection.enabled']).toBeUndefined();
    }
  });

  it('registers each new snapshot partition as soon as its Parquet is written', () => {
    const rules = Object.values(synth.dashboard.findResources('AWS::Events::Rule'));
    // Intent: one rule per snapshot dataset, matching only its data.parquet objects in the curated bucket.
    expect(rules.map((r) => r.Properties.EventPattern.detail.object.key[0].wildcard).sort()).toEqual([
      'curated/population/*/data.parquet',
      'curated/visits/*/data.parquet',
    ]);
    for (const rule of rules) {
      expect(render(rule.Properties.EventPattern.detail.bucket.name)).toContain('CuratedBucketName');
      // Intent: the DDL comes from code, never from the event.
      expect(JSON.parse(rule.Properties.Targets[0].Input).query).toMatch(
        /^MSCK REPAIR TABLE `(visits|population)`$/,
      );
    }
    // Intent: the curated bucket emits the events natively (no custom resource in the stateful stack).
    expect(synth.data.toJSON().Resources.CuratedBucket.Properties.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    expect(Object.keys(synth.data.findResources('Custom::S3BucketNotifications'))).toEqual([]);
  });

  it('the workgroup enforces engine v3, its scan cutoff and encrypted results', () => {
    // Intent: a client cannot lift the cutoff or write results unencrypted elsewhere.
    synth.dashboard.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: Match.objectLike({ EncryptionOption: 'SSE_KMS' }),
        }),
      }),
    });
  });
});

describe('identity and dashboard', () => {
  it('has the prefecture, promotion-team and one group per municipality', () => {
    const names = Object.values(synth.data.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    // Intent: the group names the dashboard maps to roles all exist.
    expect(names).toContain('prefecture');
    expect(names).toContain('promotion-team');
    expect(names).toContain('municipality-312011');
    expect(names).toContain('municipality-313718');
    expect(names).toHaveLength(2 + synth.settings.municipalityCodes.length);
    // Intent: staff accounts only (no self sign-up), strong passwords, TOTP available.
    synth.data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
    });
  });

  it('serves HTTPS only through CloudFront with security headers and access logs', () => {
    // Intent: the function answers only requests signed by CloudFront.
    synth.dashboard.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
    synth.dashboard.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
        Restrictions: { GeoRestriction: { Locations: ['JP'], RestrictionType: 'whitelist' } },
      }),
    });
    // Intent: browsers are told to stay on HTTPS and not to sniff or frame.
    synth.dashboard.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true, IncludeSubdomains: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    // Intent: both origins use origin access control (no public bucket, no public function URL).
    const oacTypes = Object.values(synth.dashboard.findResources('AWS::CloudFront::OriginAccessControl')).map(
      (o) => o.Properties.OriginAccessControlConfig.OriginAccessControlOriginType,
    );
    expect(oacTypes.sort()).toEqual(['lambda', 's3']);
  });

  it('every function logs JSON to a log group with retention', () => {
    for (const template of [synth.ingest, synth.dashboard]) {
      const groups = template.findResources('AWS::Logs::LogGroup');
      const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (f) => f.Properties.LoggingConfig,
      );
      expect(functions.length).toBeGreaterThan(0);
      for (const fn of functions) {
        // Intent: structured logs, kept for a fixed time in a group the stack owns.
        expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
        const group = groups[render(fn.Properties.LoggingConfig.LogGroup).replace(/[{}]/g, '')];
        expect(group?.Properties.RetentionInDays).toBeGreaterThan(0);
      }
    }
  });

  it('the dashboard function gets the configuration the handler reads', () => {
    // Intent: every variable functions/dashboard/handler.ts documents is set.
    synth.dashboard.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          QUERY_ENGINE: 'athena',
          ATHENA_WORKGROUP: 'JusoMonitor-Tottori-dashboard',
          GLUE_DATABASE: 'juso_monitor',
          SUPPRESSION_K: '3',
          SQL_DIR: '/var/task/sql',
          RAW_BUCKET: Match.anyValue(),
          CURATED_BUCKET: Match.anyValue(),
          COGNITO_USER_POOL_ID: Match.anyValue(),
          COGNITO_CLIENT_ID: Match.anyValue(),
        }),
      },
    });
  });
});
