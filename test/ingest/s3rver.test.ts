import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleS3Event } from '../../functions/ingest/s3-event';
import { RAW_METADATA } from '../../src/ingest/ingest';
import { partitionKey, rawKeyFor } from '../../src/ingest/layout';
import { getReport } from '../../src/ingest/upload-history';
import { type Stores, s3Stores } from '../../src/storage/stores';
import { type LocalS3, startS3rver } from '../helpers/s3rver';
import { readParquet } from '../storage/parquet-reader';

/**
 * The cloud path over the real S3 protocol: files PUT into the raw bucket,
 * s3rver's own event records fed to the real handler, results read back from
 * the curated bucket with DuckDB. Events arrive duplicated, out of order and
 * concurrently, as S3 allows; the partition must end as the newest upload,
 * exactly once.
 */
const RAW = 'juso-raw';
const CURATED = 'juso-curated';
let s3: LocalS3;
let stores: Stores;
const deps = () => ({ stores, rawBucket: RAW, maxUploadBytes: 5 * 1024 * 1024, log: () => {} });

beforeAll(async () => {
  s3 = await startS3rver([RAW, CURATED]);
  stores = s3Stores(s3.client, RAW, CURATED);
});
afterAll(async () => {
  await s3?.stop();
});

const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
let town = 0;
/** A fresh town per test, so tests do not share partitions. */
function nextTown(): string {
  const towns = ['312011', '312029', '312037', '312045', '313025', '313254'];
  return towns[town++ % towns.length] as string;
}

function casesCsv(code: string, prefix: string, count: number): string {
  const rows = Array.from(
    { length: count },
    (_, i) =>
      `${code},2024,${prefix}${i},2024/05/${String((i % 28) + 1).padStart(2, '0')},本人,19歳以下,2,孤独,,`,
  );
  return `${HEADER}\n${rows.join('\n')}\n`;
}

/** PUTs a CSV as the dashboard's presigned upload would, and returns the event S3 (s3rver) emitted for it. */
async function upload(code: string, name: string, body: string, uploadedAt: string): Promise<S3Event> {
  const sha256 = createHash('sha256').update(body).digest('hex');
  const key = rawKeyFor('cases', code, new Date(uploadedAt), sha256, name);
  const before = s3.events.length;
  await s3.client.send(
    new PutObjectCommand({
      Bucket: RAW,
      Key: key,
      Body: Buffer.from(body, 'utf8'),
      Metadata: {
        [RAW_METADATA.login]: `staff-${code}`,
        [RAW_METADATA.role]: 'municipality',
        [RAW_METADATA.municipality]: code,
        [RAW_METADATA.uploadedAt]: uploadedAt,
      },
    }),
  );
  for (let i = 0; i < 200; i++) {
    const found = s3.events.slice(before).find((e) => e.Records[0]?.s3.bucket.name === RAW);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no event for ${key}`);
}

/** What the partition holds, read from the curated bucket with DuckDB. */
async function partition(
  code: string,
): Promise<{ ids: string[]; uploadId: string | undefined; objects: string[] }> {
  const key = partitionKey('cases', code, '2024');
  const bytes = await stores.curated.get(key);
  if (!bytes) throw new Error(`missing ${key}`);
  const content = await readParquet(bytes);
  expect(Number((await stores.curated.head(key))?.metadata['row-count'])).toBe(content.rows.length);
  const objects = (await stores.curated.list(`curated/cases/municipality_code=${code}/`)).map((o) => o.key);
  return { ids: content.rows.map((r) => String(r.case_id)), uploadId: content.keyValues.upload_id, objects };
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('ingest over S3 events (s3rver)', () => {
  it('ingests an upload once, and a duplicated event changes nothing', async () => {
    const code = nextTown();
    const event = await upload(code, 'a.csv', casesCsv(code, 'A', 30), '2026-04-01T00:00:00.000Z');
    const [first] = await handleS3Event(event, deps());
    const again = await Promise.all([handleS3Event(event, deps()), handleS3Event(event, deps())]);
    expect(first).toMatchObject({ outcome: 'accepted' });
    const uploadId = (first as { uploadId: string }).uploadId;
    for (const outcomes of again) expect(outcomes).toEqual([first]);
    const held = await partition(code);
    expect(held.ids.sort()).toEqual(ids('A', 30).sort());
    expect(held.uploadId).toBe(uploadId);
    expect(held.objects).toEqual([partitionKey('cases', code, '2024')]);
    const report = await getReport(stores, uploadId);
    expect(report?.partitions.map((p) => p.action)).toEqual(['unchanged']);
  });

  it('keeps the newer upload when the older event arrives last', async () => {
    const code = nextTown();
    const older = await upload(code, 'old.csv', casesCsv(code, 'OLD', 20), '2026-04-02T00:00:00.000Z');
    const newer = await upload(code, 'new.csv', casesCsv(code, 'NEW', 7), '2026-04-02T01:00:00.000Z');
    const [n] = await handleS3Event(newer, deps());
    const [o] = await handleS3Event(older, deps());
    expect(o).toMatchObject({ outcome: 'accepted' });
    const held = await partition(code);
    expect(held.ids.sort()).toEqual(ids('NEW', 7).sort());
    expect(held.uploadId).toBe((n as { uploadId: string }).uploadId);
    const olderReport = await getReport(stores, (o as { uploadId: string }).uploadId);
    expect(olderReport?.partitions.map((p) => p.action)).toEqual(['kept_newer']);
  });

  it('ends with the newest of two concurrent uploads to the same partition, exactly once', async () => {
    for (let round = 0; round < 3; round++) {
      const code = nextTown();
      const hour = String(10 + round).padStart(2, '0');
      const older = await upload(code, 'x.csv', casesCsv(code, 'X', 40), `2026-04-03T${hour}:00:00.000Z`);
      const newer = await upload(code, 'y.csv', casesCsv(code, 'Y', 15), `2026-04-03T${hour}:00:00.001Z`);
      // Both events in flight at once, in either order, one of them delivered twice.
      const deliveries = round % 2 === 0 ? [older, newer, older] : [newer, older, newer];
      const results = await Promise.all(deliveries.map((e) => handleS3Event(e, deps())));
      const newestId = results.flat().find((r) => r.key.endsWith('_y.csv')) as { uploadId: string };
      const held = await partition(code);
      expect(held.ids.sort()).toEqual(ids('Y', 15).sort());
      expect(held.uploadId).toBe(newestId.uploadId);
      expect(held.objects).toEqual([partitionKey('cases', code, '2024')]);
    }
  });

  it('never writes into the raw bucket (which would trigger itself)', async () => {
    const rawEvents = s3.events.filter((e) => e.Records[0]?.s3.bucket.name === RAW);
    const rawObjects = await stores.raw.list('');
    expect(rawObjects.every((o) => o.key.startsWith('raw/cases/'))).toBe(true);
    // One event per upload this file made, none from the handler.
    expect(rawEvents).toHaveLength(rawObjects.length);
    expect(await stores.curated.list('raw/')).toEqual([]);
  });
});
