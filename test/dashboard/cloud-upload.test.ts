import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import { type DemoAccount, ensureDemoAccounts } from '../../dashboard/auth/demo-accounts';
import type { AppDeps } from '../../dashboard/context';
import { localDeps } from '../../dashboard/services/deps';
import { loadConfig } from '../../src/config';
import { getDataset } from '../../src/datasets';
import { templateCsv } from '../../src/datasets/template';
import { ingestRawObject } from '../../src/ingest/ingest';
import { S3Store } from '../../src/storage/s3-store';

/**
 * The cloud upload path: with RAW_BUCKET configured the API only keeps the
 * file under the caller's raw/{dataset}/{code}/ prefix (202); the ingest
 * Lambda (here: its function, ingestRawObject, called as the S3 event would)
 * then produces the report under the same upload id. Stores are a local
 * folder standing in for the buckets.
 */
let dataDir: string;
let deps: AppDeps;
let app: ReturnType<typeof createApp>;
let accounts: DemoAccount[];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cloud-upload-'));
  accounts = (await ensureDemoAccounts(dataDir)).accounts;
  const local = await localDeps({ ...loadConfig({}), dataDir });
  // The folder keeps standing in for the buckets; only the setting that selects the cloud path changes.
  deps = { ...local, config: { ...local.config, rawBucket: 'raw-bucket', curatedBucket: 'curated-bucket' } };
  app = createApp(deps);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const bearer = (login: string) => ({
  Authorization: `Bearer ${accounts.find((a) => a.login === login)?.token}`,
});

function post(login: string, csv: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', new File([csv], '相談ケース.csv', { type: 'text/csv' }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return app.request('/api/uploads', { method: 'POST', body: form, headers: bearer(login) });
}

const CASES = [
  '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日',
  '313726,2023,C-001,2023-05-01,本人,40〜49歳,1,介護,支援中,',
].join('\r\n');

describe('cloud uploads (RAW_BUCKET set)', () => {
  it('keeps the file under the own raw prefix with the uploader, then the ingest reports under the same id', async () => {
    // Act: upload without naming the dataset (detected from the headers)
    const res = await post('municipality-313726', CASES);
    // Assess
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.message).toContain('受け付けました');
    const kept = body.data;
    expect(kept).toMatchObject({ status: 'processing', dataset: 'cases', municipality_code: '313726' });
    expect(kept.raw_key).toMatch(/^raw\/cases\/313726\//);
    const info = await deps.stores.raw.head(kept.raw_key);
    expect(info?.metadata).toMatchObject({
      'uploader-login': 'municipality-313726',
      'uploader-role': 'municipality',
    });
    expect(await deps.stores.curated.list('curated/')).toEqual([]);

    // Act: what the ingest Lambda does on the S3 event
    const report = await ingestRawObject(deps.stores, kept.raw_key, {
      maxUploadBytes: deps.config.maxUploadBytes,
    });
    // Assess
    expect(report).toMatchObject({
      upload_id: kept.upload_id,
      status: 'accepted',
      uploader: 'municipality-313726',
    });
    const history = await app.request(`/api/uploads/${kept.upload_id}`, {
      headers: bearer('municipality-313726'),
    });
    expect((await history.json()).data.status).toBe('accepted');
  });

  it('refuses before keeping anything when the detected dataset is not the caller’s to upload', async () => {
    // The prefecture's template, without saying which dataset it is.
    const header = new TextDecoder().decode(templateCsv(getDataset('implementation')));
    const res = await post('municipality-313726', header);
    expect(res.status).toBe(403);
    expect(await deps.stores.raw.list('raw/implementation/')).toEqual([]);
  });

  it('asks for the dataset when the headers do not say', async () => {
    const res = await post('municipality-313726', 'a,b\r\n1,2');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('dataset_not_detected');
  });

  it('lets the browser reach only the raw bucket besides itself (CSP connect-src)', async () => {
    const regional = createApp({ ...deps, config: { ...deps.config, awsRegion: 'ap-northeast-1' } });
    const res = await regional.request('/healthz');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' https://raw-bucket.s3.ap-northeast-1.amazonaws.com");
  });

  it('offers the presigned PUT on the upload page only when raw uploads go to S3', async () => {
    // Prepare: the same deps, but the raw store is an S3 bucket (never contacted to render the page)
    const client = new S3Client({
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const s3 = createApp({ ...deps, stores: { ...deps.stores, raw: new S3Store(client, 'raw-bucket') } });
    // Act
    const onS3 = await (await s3.request('/upload', { headers: bearer('municipality-313726') })).text();
    const onFolder = await (await app.request('/upload', { headers: bearer('municipality-313726') })).text();
    // Assess
    expect(onS3).toMatch(/<form[^>]*data-presign="true"/);
    expect(onFolder).not.toContain('data-presign');
  });
});
