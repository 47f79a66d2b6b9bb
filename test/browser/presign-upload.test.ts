import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import { type DemoAccount, ensureDemoAccounts } from '../../dashboard/auth/demo-accounts';
import { loadLocalAuthenticator } from '../../dashboard/auth/local-accounts';
import { buildClient } from '../../dashboard/build-client';
import type { AppDeps } from '../../dashboard/context';
import { type RunningServer, startServer } from '../../dashboard/server';
import { assembleDeps } from '../../dashboard/services/assemble-deps';
import { handleS3Event } from '../../functions/ingest/s3-event';
import { loadConfig } from '../../src/config';
import { getReport } from '../../src/ingest/upload-history';
import { createEngine } from '../../src/query/create-engine';
import { type LocalS3, startS3rver } from '../helpers/s3rver';
import { launchChromium, signIn } from './harness';

/**
 * The cloud upload as the browser runs it (dashboard/client/upload.ts): on
 * AWS the page should ask for a presigned PUT, send the file straight to the
 * raw bucket, then poll until the ingest's report appears. The buckets are
 * s3rver; its own event for each PUT drives the ingest Lambda's event
 * handler, as S3's notification would.
 *
 * The app's CSP names the real bucket host (https://<bucket>.s3….amazonaws.com)
 * in connect-src; the stand-in listens on 127.0.0.1, so this browser context
 * bypasses CSP. test/dashboard/cloud-upload.test.ts checks connect-src itself.
 */
const RAW = 'juso-raw';
const CURATED = 'juso-curated';
const HOKUEI = '313726';

let s3: LocalS3;
let dataDir: string;
let deps: AppDeps;
let server: RunningServer;
let browser: Browser;
let staff: DemoAccount;
const ingested: Promise<unknown>[] = [];

beforeAll(async () => {
  s3 = await startS3rver([RAW, CURATED], { browserCors: [RAW] });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'juso-presign-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, PORT: '0' }), rawBucket: RAW, curatedBucket: CURATED };
  const distDir = path.join(dataDir, 'dist');
  const [{ accounts }] = await Promise.all([
    ensureDemoAccounts(dataDir),
    buildClient(path.join(distDir, 'assets')),
  ]);
  staff = accounts.find((a) => a.login === `municipality-${HOKUEI}`) as DemoAccount;
  // As cloud-deps.ts wires it, with the local accounts standing in for Cognito.
  deps = assembleDeps(config, createEngine(config), await loadLocalAuthenticator(dataDir), { s3: s3.client });
  s3.onEvent((event) => {
    if (event.Records[0]?.s3.bucket.name !== RAW) return;
    ingested.push(
      handleS3Event(event, {
        stores: deps.stores,
        rawBucket: RAW,
        maxUploadBytes: config.maxUploadBytes,
        log: () => {},
      }),
    );
  });
  server = await startServer(createApp(deps, { distDir }), 0);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.allSettled(ingested);
  await s3?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const casesCsv = (prefix: string) =>
  [
    '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日',
    `${HOKUEI},2023,${prefix}-001,2023-05-01,本人,40〜49歳,1,介護,支援中,`,
    `${HOKUEI},2023,${prefix}-002,2023-06-01,関係機関,75歳以上,1,独居,支援中,`,
  ].join('\r\n');

/** Chooses `cases` and a file on /upload as staff do, submits, and waits for the report the page polls for. */
async function uploadThroughPage(fileName: string, csv: string) {
  const { context, page, errors } = await signIn({ browser, url: server.url }, staff, { bypassCSP: true });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
  await page.goto('/upload');
  expect(await page.getAttribute('form[data-upload]', 'data-presign')).toBe('true');
  await page.selectOption('#dataset', 'cases');
  await page.setInputFiles('#file', {
    name: fileName,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.click('form[data-upload] button[type="submit"]');
  const result = page.locator('#upload-result');
  await result.locator('p', { hasText: '受付番号' }).waitFor({ timeout: 30_000 });
  const uploadId = (await result.textContent())?.match(/受付番号 ([^）]+)）/)?.[1] ?? '';
  await page.locator('#upload-result.report-accepted h2').waitFor({ timeout: 60_000 });
  const shown = (await result.textContent()) ?? '';
  await context.close();
  const sent = (method: string, url: string) => requests.some((r) => r.startsWith(`${method} ${url}`));
  return { uploadId, shown, errors, requests, sent };
}

describe('cloud upload in the browser (s3rver buckets)', () => {
  it('lands in the raw bucket under the town, is ingested from its S3 event, and the page polls the report', async () => {
    const { uploadId, shown, errors } = await uploadThroughPage('相談ケース.csv', casesCsv('A'));
    expect(shown).toContain('取り込みました');
    expect(shown).toContain('相談ケース.csv');
    const report = await getReport(deps.stores, uploadId);
    expect(report).toMatchObject({ status: 'accepted', rows: 2, uploader: staff.login });
    const raw = (await deps.stores.raw.list(`raw/cases/${HOKUEI}/`)).filter((o) =>
      o.key.includes('_相談ケース'),
    );
    expect(raw).toHaveLength(1);
    expect((await deps.stores.raw.head(raw[0]?.key as string))?.metadata).toMatchObject({
      'uploader-login': staff.login,
    });
    // Polling before the report exists answers 404, which Chromium logs as a failed resource.
    expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
  });

  /**
   * upload.ts reads `form.getAttribute('data-presign')`: `form.dataset` on a
   * <form> is its <select name="dataset"> (named form controls shadow element
   * properties), which once kept the page from ever presigning.
   */
  it('takes the presigned path: asks the app for a URL and PUTs the file straight to the bucket', async () => {
    const { uploadId, shown, requests, sent } = await uploadThroughPage('相談ケース2.csv', casesCsv('B'));
    expect(shown).toContain('取り込みました');
    expect(sent('POST', `${server.url}/api/uploads/presign`)).toBe(true);
    expect(sent('PUT', `${s3.endpoint}/${RAW}/raw/cases/${HOKUEI}/`)).toBe(true);
    expect(requests).not.toContain(`POST ${server.url}/api/uploads`);
    expect(sent('GET', `${server.url}/api/uploads/${encodeURIComponent(uploadId)}`)).toBe(true);
  });
});
