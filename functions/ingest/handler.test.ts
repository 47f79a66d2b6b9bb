import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Event } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RAW_METADATA } from '../../src/ingest/ingest';
import { partitionKey } from '../../src/ingest/layout';
import { getReport } from '../../src/ingest/upload-history';
import { localStores, type Stores } from '../../src/storage/stores';
import { handleS3Event } from './s3-event';

const fixture = async (name: string): Promise<S3Event> =>
  JSON.parse(await readFile(path.join(__dirname, '../../test/fixtures/events', name), 'utf8')) as S3Event;

/** The key in s3-put-raw-csv.json, decoded: Japanese, a space and a literal '+'. */
const RAW_KEY = 'raw/cases/312011/20260405T060708009Z_abcdef012345_相談 ケース+R6.csv';
const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const GOOD = `${HEADER}\n312011,2024,C1,2024/05/01,本人,19歳以下,2,孤独・生活困窮,,\n312011,2024,C2,令和6年6月1日,家族,19歳以下,,独居,,\n`;
const uploaderMetadata = {
  [RAW_METADATA.login]: 'tottori-staff',
  [RAW_METADATA.role]: 'municipality',
  [RAW_METADATA.municipality]: '312011',
  [RAW_METADATA.uploadedAt]: '2026-04-05T06:07:08.009Z',
};

let dir: string;
let stores: Stores;
let logs: Array<Record<string, unknown>>;
const deps = () => ({
  stores,
  maxUploadBytes: 1024 * 1024,
  rawBucket: 'juso-raw',
  log: (e: Record<string, unknown>) => logs.push(e),
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-handler-'));
  stores = localStores(dir);
  logs = [];
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('handleS3Event', () => {
  it('ingests the URL-decoded raw key of an ObjectCreated record and logs one JSON entry', async () => {
    // Prepare
    await stores.raw.put(RAW_KEY, GOOD, { metadata: uploaderMetadata });
    // Act
    const outcomes = await handleS3Event(await fixture('s3-put-raw-csv.json'), deps());
    // Assess
    expect(outcomes).toEqual([{ key: RAW_KEY, outcome: 'accepted', uploadId: expect.any(String) }]);
    const report = await getReport(stores, (outcomes[0] as { uploadId: string }).uploadId);
    expect(report?.status).toBe('accepted');
    expect(report?.raw_key).toBe(RAW_KEY);
    expect(await stores.curated.head(partitionKey('cases', '312011', '2024'))).toBeDefined();
    expect(logs).toEqual([
      expect.objectContaining({ level: 'info', key: RAW_KEY, status: 'accepted', rows: 2 }),
    ]);
  });

  it('returns normally with a rejected report for a bad file, so Lambda does not retry it', async () => {
    await stores.raw.put(
      RAW_KEY,
      `${HEADER},氏名\n312011,2024,C1,2024/05/01,本人,19歳以下,2,孤独,,,鳥取太郎\n`,
      {
        metadata: uploaderMetadata,
      },
    );
    const outcomes = await handleS3Event(await fixture('s3-put-raw-csv.json'), deps());
    expect(outcomes).toEqual([{ key: RAW_KEY, outcome: 'rejected', uploadId: expect.any(String) }]);
    expect(await stores.curated.list('curated/')).toEqual([]);
    expect(logs[0]).toMatchObject({ level: 'warn', status: 'rejected' });
  });

  it('throws on an infrastructure failure so that Lambda retries', async () => {
    // The announced object is not there: storage is not (yet) consistent with the event.
    await expect(handleS3Event(await fixture('s3-put-raw-csv.json'), deps())).rejects.toThrow();
    expect(logs[0]).toMatchObject({ level: 'error', key: RAW_KEY });
  });

  it('ignores deletions, other buckets and keys outside raw/{dataset}/{code}/*.csv, writing nothing', async () => {
    const outcomes = await handleS3Event(await fixture('s3-ignored-records.json'), deps());
    expect(outcomes.map((o) => o.outcome)).toEqual(['ignored', 'ignored', 'ignored', 'ignored', 'ignored']);
    expect(outcomes.map((o) => (o.outcome === 'ignored' ? o.reason : ''))).toEqual([
      'bucket juso-curated is not the raw bucket',
      'not a .csv file',
      'not an upload (ObjectRemoved:Delete)',
      'not under raw/{dataset}/{municipality_code}/',
      'outside raw/',
    ]);
    expect(await stores.curated.list('')).toEqual([]);
    expect(logs).toHaveLength(5);
  });
});

describe('handler', () => {
  it('reads its stores and limits from the environment', async () => {
    vi.stubEnv('DATA_DIR', dir);
    vi.stubEnv('RAW_BUCKET', '');
    vi.stubEnv('CURATED_BUCKET', '');
    vi.stubEnv('MAX_UPLOAD_MB', '1');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const { handler } = await import('./handler');
      await stores.raw.put(RAW_KEY, GOOD, { metadata: uploaderMetadata });
      expect(await handler(await fixture('s3-put-raw-csv.json'))).toMatchObject([{ outcome: 'accepted' }]);
      expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({ key: RAW_KEY, status: 'accepted' });
    } finally {
      log.mockRestore();
    }
  });
});
