import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  DASHBOARD_APPEND_PREFIXES,
  DASHBOARD_READ_PREFIXES,
  DASHBOARD_WRITE_PREFIXES,
} from '../../infra/constructs/dashboard-function';
import { PUBLISHER_READ_PREFIXES, PUBLISHER_WRITE_PREFIXES } from '../../infra/constructs/grid-publisher';
import { INGEST_CURATED_PREFIXES } from '../../infra/constructs/ingest-function';
import {
  asList,
  functionRoleStatements,
  render,
  type Statement,
  stackTemplates,
  synthPipelineForFile,
} from './synth-pipeline';

const synth = synthPipelineForFile();

const objectStatements = (statements: Statement[], bucket: string) =>
  statements.filter(
    (st) => asList(st.Action).some((a) => a.startsWith('s3:')) && render(st.Resource).includes(bucket),
  );

describe('buckets', () => {
  it('every bucket blocks public access, is encrypted and aborts incomplete multipart uploads', () => {
    for (const [, template] of stackTemplates(synth))
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
    for (const [, template] of stackTemplates(synth)) {
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

  it('the raw bucket refuses writes outside raw/ and the deletion of any stored version', () => {
    const policy = Object.values(synth.data.findResources('AWS::S3::BucketPolicy')).find(
      (p) => render(p.Properties.Bucket) === '{RawBucket}',
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Statement[];
    // Intent: whatever a role's own policy says, an upload can only land under raw/.
    expect(statements).toContainEqual(
      expect.objectContaining({ Sid: 'UploadsOnlyUnderRaw', Effect: 'Deny', Action: 's3:PutObject' }),
    );
    const onlyRaw = statements.find(
      (st) => (st as { Sid?: string }).Sid === 'UploadsOnlyUnderRaw',
    ) as unknown as {
      NotResource: unknown;
    };
    expect(render(onlyRaw.NotResource)).toBe('{RawBucket.Arn}/raw/*');
    // Intent: nothing uploaded is ever lost, not even by an administrator's slip.
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'KeepEveryUploadVersion',
        Effect: 'Deny',
        Action: 's3:DeleteObjectVersion',
      }),
    );
  });

  it('raw-bucket CORS names no origin at all until the deployment knows its own, and never a wildcard', () => {
    // Intent: without a custom domain or publicOrigin the distribution's own domain is not known at
    // synth time (a cycle: the bucket → the distribution → the function → the bucket), so no site may
    // PUT into the raw bucket from a browser; never `https://*.cloudfront.net`, which is anyone's distribution.
    const raw = synth.data.toJSON().Resources.RawBucket;
    expect(synth.settings.publicOrigin).toBeUndefined();
    expect(raw.Properties.CorsConfiguration).toBeUndefined();
    for (const [, template] of stackTemplates(synth))
      for (const bucket of Object.values(template.findResources('AWS::S3::Bucket')))
        for (const rule of bucket.Properties.CorsConfiguration?.CorsRules ?? [])
          for (const origin of rule.AllowedOrigins) expect(origin).not.toContain('*');
  });

  it('stateful resources keep fixed logical IDs and survive stack deletion', () => {
    const resources = synth.data.toJSON().Resources;
    for (const id of [
      'DataKey',
      'RawBucket',
      'CuratedBucket',
      'AthenaResultsBucket',
      'AccessLogBucket',
      'AuditBucket',
      'UserPool',
      'GlueDatabase',
    ]) {
      // Intent: a refactor of the construct tree never renames (so replaces and empties) these.
      expect(resources[id], id).toBeDefined();
    }
    // Intent: deleting the stack leaves data and accounts in place.
    for (const id of ['DataKey', 'RawBucket', 'CuratedBucket', 'AccessLogBucket', 'AuditBucket', 'UserPool'])
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
    for (const [, template] of stackTemplates(synth))
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
    const statements = functionRoleStatements(synth, 'ingest');
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
    const statements = functionRoleStatements(synth, 'dashboard');
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
      [...DASHBOARD_READ_PREFIXES, ...DASHBOARD_WRITE_PREFIXES, ...DASHBOARD_APPEND_PREFIXES]
        .map((p) => `${p}*`)
        .sort(),
    );
  });

  it('the grid publisher writes only published/ and reads only curated data and the data version', () => {
    const statements = functionRoleStatements(synth, 'publisher');
    // Intent: the raw uploads are out of its reach.
    expect(objectStatements(statements, 'RawBucket')).toEqual([]);
    const curated = objectStatements(statements, 'CuratedBucket').filter(
      (st) =>
        !asList(st.Action).includes('s3:ListBucket') && !asList(st.Action).includes('s3:GetBucketLocation'),
    );
    const prefixesOf = (writes: boolean) =>
      curated
        .filter((st) => asList(st.Action).includes('s3:PutObject') === writes)
        .flatMap((st) => asList(st.Resource).map((r) => render(r).replace(/^.*\}\//, '')))
        .sort();
    // Intent: it can replace nothing the ingest wrote (curated/, state/) and no report or log.
    expect(prefixesOf(true)).toEqual(PUBLISHER_WRITE_PREFIXES.map((p) => `${p}*`));
    expect(prefixesOf(false)).toEqual(PUBLISHER_READ_PREFIXES.map((p) => `${p}*`).sort());
    expect(PUBLISHER_WRITE_PREFIXES).toEqual(['published/']);
  });
});
