import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { S3Store } from '../../src/storage/s3-store';
import { type LocalS3, startS3rver } from '../../test/helpers/s3rver';
import { cloudDeps } from './cloud-deps';

let s3: LocalS3;

const env = {
  RAW_BUCKET: 'raw-bucket',
  CURATED_BUCKET: 'curated-bucket',
  QUERY_ENGINE: 'athena',
  COGNITO_USER_POOL_ID: 'ap-northeast-1_example',
  COGNITO_CLIENT_ID: 'example-client',
  AWS_REGION: 'ap-northeast-1',
};
const prefecture = { login: 'tottori-ken', role: 'prefecture' as const };

beforeAll(async () => {
  s3 = await startS3rver(['raw-bucket', 'curated-bucket', 'audit-bucket']);
});

afterAll(() => s3?.stop());

describe('cloudDeps: where the audit trail goes', () => {
  it('appends to audit/ in AUDIT_BUCKET and writes no audit entry into the curated bucket', async () => {
    // Prepare
    const withAudit = { ...env, AUDIT_BUCKET: 'audit-bucket' };
    const deps = cloudDeps(loadConfig(withAudit), withAudit, s3.client);
    // Act
    await deps.audit.append(prefecture, 'export', 'indicators/cases');
    // Assess
    const audit = await new S3Store(s3.client, 'audit-bucket').list('audit/');
    expect(audit.map((o) => o.key)).toEqual([expect.stringMatching(/^audit\/\d{4}-\d{2}-\d{2}\/.+\.jsonl$/)]);
    expect(await new S3Store(s3.client, 'curated-bucket').list('audit/')).toEqual([]);
    expect((await deps.audit.list()).map((e) => e.target)).toEqual(['indicators/cases']);
  });

  it('keeps the audit trail in the curated store when no AUDIT_BUCKET is set', async () => {
    // Prepare
    const deps = cloudDeps(loadConfig(env), env, s3.client);
    // Act
    await deps.audit.append(prefecture, 'export', 'indicators/visits');
    // Assess
    expect(await new S3Store(s3.client, 'curated-bucket').list('audit/')).toHaveLength(1);
  });
});
