import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import { type DemoAccount, ensureDemoAccounts } from '../../dashboard/auth/demo-accounts';
import type { AppDeps } from '../../dashboard/context';
import { AuditLog } from '../../dashboard/services/audit-log';
import { localDeps } from '../../dashboard/services/deps';
import { loadConfig } from '../../src/config';
import { ingestRawObject } from '../../src/ingest/ingest';
import { s3Stores } from '../../src/storage/stores';
import { type LocalS3, startS3rver } from '../helpers/s3rver';

/**
 * POST /api/uploads/presign over a real S3 endpoint (s3rver): the URL puts
 * the file under the caller's own raw/{dataset}/{code}/ with the uploader
 * metadata the ingest Lambda trusts, and the ingest then reports under the
 * upload id the presign answered.
 */
const MAX_UPLOAD_BYTES = 4096;

let dataDir: string;
let s3: LocalS3;
let accounts: DemoAccount[];
let deps: AppDeps;
let app: ReturnType<typeof createApp>;
/** What the app's clock says; tests move it to sign URLs in the past. */
let now: Date | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'presign-'));
  accounts = (await ensureDemoAccounts(dataDir)).accounts;
  s3 = await startS3rver(['raw-bucket', 'curated-bucket']);
  const clock = () => now ?? new Date();
  const local = await localDeps({ ...loadConfig({}), dataDir, maxUploadBytes: MAX_UPLOAD_BYTES }, { clock });
  const stores = s3Stores(s3.client, 'raw-bucket', 'curated-bucket');
  deps = {
    ...local,
    config: { ...local.config, rawBucket: 'raw-bucket', curatedBucket: 'curated-bucket' },
    stores,
    audit: new AuditLog(stores.curated, clock),
  };
  app = createApp(deps);
}, 60_000);

afterAll(async () => {
  await s3?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const HOKUEI = 'municipality-313726';
const PREF = 'prefecture';

const bearer = (login: string) => ({
  Authorization: `Bearer ${accounts.find((a) => a.login === login)?.token}`,
});

const CASES = [
  '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日',
  '313726,2023,P-001,2023-05-01,本人,40〜49歳,1,介護,支援中,',
  '313726,2023,P-002,2023-06-01,本人,50〜59歳,2,障がい,支援中,',
].join('\r\n');
const BYTES = new TextEncoder().encode(CASES);
const SHA256 = createHash('sha256').update(BYTES).digest('hex');

function presign(login: string, body: Record<string, unknown>) {
  return app.request('/api/uploads/presign', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { ...bearer(login), 'Content-Type': 'application/json' },
  });
}

const forCases = (extra: Record<string, unknown> = {}) => ({
  dataset: 'cases',
  file_name: '相談ケース 2023.csv',
  size: BYTES.length,
  sha256: SHA256,
  ...extra,
});

interface Presigned {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  key: string;
  upload_id: string;
  expires_at: string;
}

async function presigned(login: string, body: Record<string, unknown>): Promise<Presigned> {
  const res = await presign(login, body);
  expect(res.status).toBe(200);
  return (await res.json()).data;
}

const put = (p: Presigned, body: Uint8Array<ArrayBuffer> = BYTES, headers = p.headers) =>
  fetch(p.url, { method: p.method, body, headers });

describe('POST /api/uploads/presign', () => {
  it('signs a PUT under the own prefix; the object carries the pinned uploader, and the ingest reports under the same id', async () => {
    now = undefined;
    // Act
    const p = await presigned(HOKUEI, forCases());
    const res = await put(p);
    // Assess: the object as S3 stores it
    expect(res.status).toBe(200);
    expect(p.key).toMatch(/^raw\/cases\/313726\/\d{8}T\d{9}Z_[0-9a-f]{12}_相談ケース 2023\.csv$/);
    expect(Date.parse(p.expires_at) - Date.now()).toBeLessThanOrEqual(300_000);
    expect(Date.parse(p.expires_at) - Date.now()).toBeGreaterThan(290_000);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'raw-bucket', Key: p.key }));
    expect(head.ContentType).toBe('text/csv');
    expect(head.Metadata).toMatchObject({
      'uploader-login': HOKUEI,
      'uploader-role': 'municipality',
      'uploader-municipality': '313726',
    });
    expect(Number.isNaN(Date.parse(head.Metadata?.['uploaded-at'] ?? ''))).toBe(false);
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: 'raw-bucket', Key: p.key }));
    expect(await stored.Body?.transformToString()).toBe(CASES);

    // Act: what the ingest Lambda does on the bucket's event
    const report = await ingestRawObject(deps.stores, p.key, { maxUploadBytes: MAX_UPLOAD_BYTES });
    // Assess
    expect(report).toMatchObject({
      upload_id: p.upload_id,
      status: 'accepted',
      uploader: HOKUEI,
      municipality_code: '313726',
      file: '相談ケース 2023.csv',
    });
  });

  it('writes the presign to the audit log', async () => {
    now = undefined;
    const p = await presigned(HOKUEI, forCases({ file_name: 'audit.csv' }));
    const entries = await deps.audit.list({ action: 'upload' });
    expect(entries.find((e) => e.target === p.upload_id && e.detail.raw_key === p.key)).toMatchObject({
      login: HOKUEI,
      detail: { status: 'presigned', dataset: 'cases', municipality_code: '313726', size: BYTES.length },
    });
  });

  it('lets the prefecture presign its own datasets prefecture-wide', async () => {
    now = undefined;
    const p = await presigned(PREF, forCases({ dataset: 'implementation', file_name: 'impl.csv' }));
    expect(p.key).toMatch(/^raw\/implementation\/310000\//);
    expect(p.headers['x-amz-meta-uploader-role']).toBe('prefecture');
  });

  it('refuses another town, the prefecture’s datasets and the 推進チーム (403, nothing signed)', async () => {
    now = undefined;
    const otherTown = await presign(HOKUEI, forCases({ municipality: '313700' }));
    expect(otherTown.status).toBe(403);
    expect((await otherTown.json()).error).toMatchObject({
      code: 'forbidden_municipality',
      message: '自分の市町村以外のデータはアップロードできません。',
    });
    const implementation = await presign(HOKUEI, forCases({ dataset: 'implementation' }));
    expect(implementation.status).toBe(403);
    expect((await implementation.json()).error.code).toBe('upload_not_allowed');
    const team = await presign('promotion-team', forCases());
    expect(team.status).toBe(403);
    expect((await team.json()).error.message).toContain('推進チーム');
  });

  it('refuses a size over MAX_UPLOAD_MB (413) and bad fields (400) in Japanese', async () => {
    now = undefined;
    const big = await presign(HOKUEI, forCases({ size: MAX_UPLOAD_BYTES + 1 }));
    expect(big.status).toBe(413);
    expect((await big.json()).error).toMatchObject({ code: 'payload_too_large' });
    for (const bad of [
      forCases({ dataset: undefined }),
      forCases({ sha256: 'abc' }),
      forCases({ size: '12' }),
      forCases({ file_name: '' }),
    ]) {
      const res = await presign(HOKUEI, bad);
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    const notJson = await app.request('/api/uploads/presign', {
      method: 'POST',
      body: 'dataset=cases',
      headers: { ...bearer(HOKUEI), 'Content-Type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });

  it('answers 401 without a viewer', async () => {
    const res = await app.request('/api/uploads/presign', { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  // s3rver checks the expiry of a V4 presigned URL (but not its signature).
  it('gives URLs that stop working after 5 minutes', async () => {
    now = new Date(Date.now() - 301_000);
    const p = await presigned(HOKUEI, forCases({ file_name: 'expired.csv' }));
    now = undefined;
    const res = await put(p);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Request has expired');
    const listed = await deps.stores.raw.list('raw/cases/313726/');
    expect(listed.some((o) => o.key === p.key)).toBe(false);
  });
});

describe('POST /api/uploads/presign without a raw bucket', () => {
  it('answers 409 pointing to POST /api/uploads', async () => {
    const local = createApp(await localDeps({ ...loadConfig({}), dataDir }));
    const res = await local.request('/api/uploads/presign', {
      method: 'POST',
      body: JSON.stringify(forCases()),
      headers: { ...bearer(HOKUEI), 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'presign_unavailable' });
  });
});
