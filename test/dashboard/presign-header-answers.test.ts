import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import { type DemoAccount, ensureDemoAccounts } from '../../dashboard/auth/demo-accounts';
import type { AppDeps } from '../../dashboard/context';
import { AuditLog } from '../../dashboard/services/audit-log';
import { localDeps } from '../../dashboard/services/deps';
import { loadConfig } from '../../src/config';
import { rememberedHeaderAnswers } from '../../src/ingest/header-answers';
import { ingestRawObject } from '../../src/ingest/ingest';
import { s3Stores } from '../../src/storage/stores';
import { type LocalS3, startS3rver } from '../helpers/s3rver';

/**
 * Ask, don't guess, in the cloud: the browser sends its choice with the
 * presign request, the town's answer is kept before the file reaches S3,
 * and the ingest Lambda (ingestRawObject on the bucket's event) applies it.
 * Without an answer the Lambda asks, as the local ingest does.
 */
const MAX_UPLOAD_BYTES = 4096;
const HOKUEI = 'municipality-313726';

let dataDir: string;
let s3: LocalS3;
let accounts: DemoAccount[];
let deps: AppDeps;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'presign-header-'));
  accounts = (await ensureDemoAccounts(dataDir)).accounts;
  s3 = await startS3rver(['raw-bucket', 'curated-bucket']);
  const local = await localDeps({ ...loadConfig({}), dataDir, maxUploadBytes: MAX_UPLOAD_BYTES });
  const stores = s3Stores(s3.client, 'raw-bucket', 'curated-bucket');
  deps = {
    ...local,
    config: { ...local.config, rawBucket: 'raw-bucket', curatedBucket: 'curated-bucket' },
    stores,
    audit: new AuditLog(stores.curated),
  };
  app = createApp(deps);
}, 60_000);

afterAll(async () => {
  await s3?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const bearer = () => ({ Authorization: `Bearer ${accounts.find((a) => a.login === HOKUEI)?.token}` });

const activities = (month: string) =>
  new TextEncoder().encode(
    [
      '市町村コード,年月,新規相談者数,相談件数,支援会議開催回数,検討ケース数',
      `313726,${month},3,31,2,4`,
    ].join('\r\n'),
  );

async function uploadViaPresign(bytes: Uint8Array<ArrayBuffer>, header?: string[]) {
  const res = await app.request('/api/uploads/presign', {
    method: 'POST',
    body: JSON.stringify({
      dataset: 'activities',
      file_name: 'activities.csv',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      ...(header ? { header } : {}),
    }),
    headers: { ...bearer(), 'Content-Type': 'application/json' },
  });
  expect(res.status).toBe(200);
  const p = (await res.json()).data as { url: string; headers: Record<string, string>; key: string };
  expect((await fetch(p.url, { method: 'PUT', body: bytes, headers: p.headers })).status).toBe(200);
  return ingestRawObject(deps.stores, p.key, { maxUploadBytes: MAX_UPLOAD_BYTES });
}

describe('presigned uploads with a 相談件数 column', () => {
  it('the Lambda asks without an answer, and applies the one sent with the presign request', async () => {
    const asked = await uploadViaPresign(activities('2025-04'));
    expect(asked.status).toBe('rejected');
    expect(asked.errors.map((e) => e.code)).toEqual(['ambiguous_header']);
    expect(await rememberedHeaderAnswers(deps.stores, '313726')).toEqual({});

    const answered = await uploadViaPresign(activities('2025-05'), ['相談件数=contacts']);
    expect(answered.status, JSON.stringify(answered.errors)).toBe('accepted');
    expect(answered.warnings.map((w) => w.code)).toContain('header_answered');
    expect(await rememberedHeaderAnswers(deps.stores, '313726')).toEqual({ 相談件数: 'contacts' });
  });
});
