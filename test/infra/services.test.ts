import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/datasets';
import { glueType, parquetColumns, partitionKeys } from '../../src/datasets/schema';
import { render, type SynthesizedPipeline, synthPipeline } from './synth-pipeline';

let synth: SynthesizedPipeline;

beforeAll(() => {
  synth = synthPipeline();
});

afterAll(() => synth?.dispose());

describe('ingest', () => {
  it('is notified only for .csv and .xlsx objects under raw/ of the raw bucket', () => {
    const notifications = synth.ingest.findResources('Custom::S3BucketNotifications');
    const configs = Object.values(notifications).flatMap(
      (n) => n.Properties.NotificationConfiguration.LambdaFunctionConfigurations,
    );
    // Intent: output prefixes (curated/, reports/, …) can never trigger ingest: the filter is raw/ + .csv or .xlsx.
    expect(configs.map((c) => c.Filter.Key.FilterRules)).toEqual([
      [
        { Name: 'suffix', Value: '.csv' },
        { Name: 'prefix', Value: 'raw/' },
      ],
      [
        { Name: 'suffix', Value: '.CSV' },
        { Name: 'prefix', Value: 'raw/' },
      ],
      [
        { Name: 'suffix', Value: '.xlsx' },
        { Name: 'prefix', Value: 'raw/' },
      ],
      [
        { Name: 'suffix', Value: '.XLSX' },
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
    const rules = Object.values(synth.dashboard.findResources('AWS::Events::Rule')).filter((r) =>
      r.Properties.EventPattern.detail.object.key[0].wildcard?.startsWith('curated/'),
    );
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
    // Intent: a failed registration alerts the operators instead of a snapshot silently missing.
    const alarms = Object.values(synth.dashboard.findResources('AWS::CloudWatch::Alarm'));
    const registrarAlarm = alarms.find((a) =>
      render(a.Properties.AlarmDescription).includes('パーティション'),
    );
    expect(render(registrarAlarm?.Properties.AlarmActions)).toBe(
      '{import:JusoMonitor-Tottori-AlarmTopicArn}',
    );
  });

  it('publishes the grid of each new data version, retried, with failures kept and alarmed', () => {
    const rules = Object.values(synth.dashboard.findResources('AWS::Events::Rule')).filter(
      (r) => r.Properties.EventPattern.detail.object.key[0] === 'state/data-version.json',
    );
    // Intent: exactly one rule, on the curated bucket's data-version object only (the ingest's last write).
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(render(rule?.Properties.EventPattern.detail.bucket.name)).toContain('CuratedBucketName');
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
        DeadLetterConfig: expect.objectContaining({ Arn: expect.anything() }),
      }),
    ]);
    expect(render(rule?.Properties.Targets[0].Arn)).toContain('PublisherFunction');
    // Intent: the publisher queries Athena in the dashboard's workgroup with the grid's k.
    synth.dashboard.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('公表グリッド'),
      Environment: {
        Variables: Match.objectLike({
          QUERY_ENGINE: 'athena',
          SUPPRESSION_K: String(synth.settings.suppressionK),
        }),
      },
    });
    // Intent: its failures reach the operators.
    const alarms = Object.values(synth.dashboard.findResources('AWS::CloudWatch::Alarm'));
    const publisherAlarm = alarms.find((a) => render(a.Properties.AlarmDescription).includes('公表グリッド'));
    expect(render(publisherAlarm?.Properties.AlarmActions)).toBe(
      '{import:JusoMonitor-Tottori-AlarmTopicArn}',
    );
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
    // Intent: staff accounts only (no self sign-up), strong passwords.
    synth.data.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
    });
  });

  it('requires TOTP MFA of every user (a pool cannot require it per group)', () => {
    const pool = synth.data.toJSON().Resources.UserPool.Properties;
    // Intent: the prefecture and 推進チーム cannot sign in with a password alone, so nobody can.
    expect(pool.MfaConfiguration).toBe('ON');
    // Intent: an authenticator app only: no SMS (phishable, billed, needs phone numbers), no email.
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.SmsConfiguration).toBeUndefined();
  });

  it('gives a first sign-in time to register an authenticator app', () => {
    const client = Object.values(synth.dashboard.findResources('AWS::Cognito::UserPoolClient'))[0];
    // Intent: MFA_SETUP (install an app, type the key, enter a code) runs on one Cognito session;
    // the default 3 minutes would send most first-time users back to the password step.
    expect(client?.Properties.AuthSessionValidity).toBe(10);
  });

  it('serves HTTPS only through CloudFront with security headers and access logs', () => {
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
    // Intent: static assets come from a private bucket through origin access control.
    const oacTypes = Object.values(synth.dashboard.findResources('AWS::CloudFront::OriginAccessControl')).map(
      (o) => o.Properties.OriginAccessControlConfig.OriginAccessControlOriginType,
    );
    expect(oacTypes).toEqual(['s3']);
  });

  it('the function URL only serves requests carrying the secret CloudFront adds', () => {
    const fn = Object.values(synth.dashboard.findResources('AWS::Lambda::Function')).find((f) =>
      /Hono/.test(f.Properties.Description ?? ''),
    );
    const origins = Object.values(synth.dashboard.findResources('AWS::CloudFront::Distribution')).flatMap(
      (d) => d.Properties.DistributionConfig.Origins,
    );
    const appOrigin = origins.find((o) => o.OriginCustomHeaders);
    const header = appOrigin?.OriginCustomHeaders[0];
    // Intent: CloudFront sends the secret as a header, resolved from Secrets Manager at deploy time.
    expect(header?.HeaderName).toBe('x-origin-verify');
    expect(render(header?.HeaderValue)).toMatch(
      /^\{\{resolve:secretsmanager:\{OriginSecret\w+\}:SecretString:::\}\}$/,
    );
    // Intent: the function compares against the very same secret (no plaintext in the template).
    expect(render(fn?.Properties.Environment.Variables.ORIGIN_SECRET)).toBe(render(header?.HeaderValue));
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
    // Intent: every variable functions/dashboard/app-handler.ts documents is set.
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
