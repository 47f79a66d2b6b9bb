import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  asList,
  functionRoleStatements,
  render,
  type Statement,
  stackTemplates,
  synthPipelineForFile,
} from './synth-pipeline';

const synth = synthPipelineForFile();

/**
 * Whatever could remove, hide, shorten the lock of, or unprotect an audit
 * entry: deleting an object or a version (a plain delete leaves a marker
 * that hides the entry), changing retention or legal hold, bypassing
 * governance mode, versioning, the lock configuration, lifecycle (expiry
 * adds delete markers) and the bucket policy that denies all of these.
 */
const TAMPERING = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:DeleteBucket',
  's3:PutBucketVersioning',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:BypassGovernanceRetention',
  's3:PutBucketObjectLockConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
];

/** IAM action patterns are case-insensitive globs (`s3:Delete*`, `s3:*`, `*`). */
const actionMatches = (pattern: string, action: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

/** A resource that names the audit bucket, an `audit/` prefix anywhere, or every bucket. */
const reachesAudit = (resource: unknown): boolean => {
  const text = render(resource);
  return text === '*' || /AuditBucket|\/audit\/|s3:::\*/.test(text);
};

interface Found {
  where: string;
  statement: Statement & { NotAction?: unknown; NotResource?: unknown };
}

/** Every statement of every identity policy in the three templates: policies, managed policies, inline role policies. */
function identityStatements(): Found[] {
  const found: Found[] = [];
  for (const [stack, template] of stackTemplates(synth)) {
    const add = (id: string, document: { Statement: Found['statement'][] } | undefined) => {
      for (const statement of document?.Statement ?? []) found.push({ where: `${stack}/${id}`, statement });
    };
    for (const [id, p] of Object.entries(template.findResources('AWS::IAM::Policy')))
      add(id, p.Properties.PolicyDocument);
    for (const [id, p] of Object.entries(template.findResources('AWS::IAM::ManagedPolicy')))
      add(id, p.Properties.PolicyDocument);
    for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role')))
      for (const inline of role.Properties.Policies ?? [])
        add(`${id}/${inline.PolicyName}`, inline.PolicyDocument);
  }
  return found;
}

describe('audit trail', () => {
  it('lives in its own bucket with Object Lock and a default retention in compliance mode', () => {
    const bucket = synth.data.toJSON().Resources.AuditBucket;
    // Intent: Object Lock can only be switched on when a bucket is created, so the trail has a bucket of its own.
    expect(bucket?.Type).toBe('AWS::S3::Bucket');
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    // Intent: every entry is locked from the moment it is written, for a fixed time nobody can shorten.
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: synth.settings.auditRetentionDays } },
    });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    // Intent: no lifecycle rule ever expires an entry or one of its versions.
    for (const rule of bucket.Properties.LifecycleConfiguration.Rules) {
      expect(rule.ExpirationInDays).toBeUndefined();
      expect(rule.NoncurrentVersionExpiration).toBeUndefined();
    }
    // Intent: kept when the stack is deleted, like every other stateful resource.
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it("the bucket's own policy denies deleting or unlocking entries to every principal", () => {
    const policy = Object.values(synth.data.findResources('AWS::S3::BucketPolicy')).find(
      (p) => render(p.Properties.Bucket) === '{AuditBucket}',
    );
    const statements = (policy?.Properties.PolicyDocument.Statement ?? []) as (Statement & {
      Sid?: string;
    })[];
    const deny = statements.find((st) => st.Sid === 'AuditEntriesAreAppendOnly');
    // Intent: even a role an administrator creates later cannot hide an entry behind a delete marker.
    expect(deny?.Effect).toBe('Deny');
    expect(render(deny?.Resource)).toBe('{AuditBucket.Arn}/*');
    expect(asList(deny?.Action ?? []).sort()).toEqual(
      [
        's3:BypassGovernanceRetention',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:PutObjectLegalHold',
        's3:PutObjectRetention',
      ].sort(),
    );
  });

  it('no function role (or any other identity policy) can delete, unlock or expire audit objects', () => {
    const offending: string[] = [];
    for (const { where, statement } of identityStatements()) {
      if (statement.Effect !== 'Allow') continue;
      // Intent: an Allow written as NotAction/NotResource could reach anything; none is used.
      if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
        offending.push(`${where}: NotAction/NotResource`);
        continue;
      }
      const tampering = TAMPERING.filter((action) =>
        asList(statement.Action).some((pattern) => actionMatches(pattern, action)),
      );
      if (tampering.length === 0) continue;
      const reached = asList(statement.Resource).filter(reachesAudit).map(render);
      if (reached.length > 0) offending.push(`${where}: ${tampering.join(' ')} on ${reached.join(' ')}`);
    }
    expect(offending).toEqual([]);
  });

  it('roles carry no AWS managed policy that could reach S3', () => {
    // Intent: only CDK's deploy-time handlers use a managed policy, and only the log-only one.
    const managed = stackTemplates(synth).flatMap(([stack, template]) =>
      Object.entries(template.findResources('AWS::IAM::Role')).flatMap(([id, role]) =>
        asList(role.Properties.ManagedPolicyArns ?? []).map((arn) => [`${stack}/${id}`, render(arn)]),
      ),
    );
    for (const [where, arn] of managed)
      expect(arn, where).toMatch(/:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/);
  });

  it('the dashboard appends to audit/ in the audit bucket: put, read and list, nothing more', () => {
    const onAudit = functionRoleStatements(synth, 'dashboard').filter((st) =>
      asList(st.Resource).some((r) => render(r).includes('AuditBucket')),
    );
    const actions = onAudit.flatMap((st) => asList(st.Action)).sort();
    // Intent: the app can write new entries and read them back for /api/audit; it cannot remove one.
    expect(actions).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:PutObject'].sort());
    for (const st of onAudit)
      if (asList(st.Action).includes('s3:ListBucket'))
        expect(st.Condition?.StringLike?.['s3:prefix']).toEqual(['audit/', 'audit/*']);
      else
        expect(asList(st.Resource).map(render)).toEqual([
          '{import:JusoMonitor-Tottori-AuditBucketArn}/audit/*',
        ]);
    // Intent: the app is told where the trail is (src/config.ts reads AUDIT_BUCKET).
    const variables = Object.values(synth.dashboard.findResources('AWS::Lambda::Function'))
      .map((f) => f.Properties.Environment?.Variables)
      .find((v) => v?.QUERY_ENGINE === 'athena');
    expect(render(variables?.AUDIT_BUCKET)).toBe('{import:JusoMonitor-Tottori-AuditBucketName}');
  });

  it('no role but the dashboard touches the audit bucket, and nothing touches audit/ in the curated bucket', () => {
    const fn = synth.pipeline.dashboard.app.fn;
    const dashboardPolicy = Stack.of(fn).getLogicalId(
      fn.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild as never,
    );
    for (const { where, statement } of identityStatements()) {
      const resources = asList(statement.Resource).map(render);
      // Intent: the old audit/ prefix of the curated bucket is no longer writable by anyone.
      expect(
        resources.filter((r) => r.includes('CuratedBucket') && r.includes('/audit/')),
        where,
      ).toEqual([]);
      if (where !== `dashboard/${dashboardPolicy}`)
        expect(
          resources.filter((r) => r.includes('AuditBucket')),
          where,
        ).toEqual([]);
    }
  });
});
