import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readParquet } from '../../test/storage/parquet-reader';
import { readDataVersion } from '../storage/data-version';
import { LocalStore } from '../storage/local-store';
import type { ObjectStore, PutOptions } from '../storage/object-store';
import type { Stores } from '../storage/stores';
import { partitionKey, rawKeyFor, stagingKey, uploadIdFor } from './layout';
import { type Lineage, type PartitionBatch, publishPartitions } from './publish';

/** A LocalStore that counts puts per key and can hold a put back, to stage races deterministically. */
class InstrumentedStore extends LocalStore {
  puts = new Map<string, number>();
  gate: ((key: string, body: Uint8Array | string) => Promise<void>) | undefined;

  override async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
    await this.gate?.(key, body);
    this.puts.set(key, (this.puts.get(key) ?? 0) + 1);
    await super.put(key, body, options);
  }
}

let dir: string;
let store: InstrumentedStore;
let stores: Stores;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'publish-'));
  store = new InstrumentedStore(dir);
  stores = { raw: store, curated: store as ObjectStore };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key2024 = partitionKey('cases', '312011', '2024');

function upload(at: string, sha: string): Lineage {
  const uploadedAt = new Date(at);
  const sha256 = sha.repeat(64).slice(0, 64);
  return {
    uploadId: uploadIdFor(uploadedAt, sha256),
    rawKey: rawKeyFor('cases', '312011', uploadedAt, sha256, 'ケース.csv'),
    sha256,
    uploadedAt: uploadedAt.toISOString(),
  };
}

function batch(fiscalYear: number, caseIds: string[]): PartitionBatch {
  return {
    dataset: 'cases',
    municipalityCode: '312011',
    partitionValue: String(fiscalYear),
    rows: caseIds.map((id) => ({
      municipality_code: '312011',
      fiscal_year: fiscalYear,
      case_id: id,
      opened_on: `${fiscalYear}-05-01`,
      referral_route: 'self',
      age_band: 'age_40s',
      household_size: null,
      issues: ['poverty'],
      status: null,
      closed_on: null,
      opened_on_precision: 'day',
    })),
  };
}

/** Case ids and lineage of what a partition holds now. */
async function held(key: string): Promise<{ ids: string[]; uploadId: string | undefined }> {
  const file = store.localPath(key);
  const content = await readParquet(file);
  // The object's recorded row count matches what it holds: never a half-written or mixed file.
  expect(Number((await store.head(key))?.metadata['row-count'])).toBe(content.rows.length);
  return { ids: content.rows.map((r) => String(r.case_id)), uploadId: content.keyValues.upload_id };
}

describe('publishPartitions', () => {
  it('writes each partition of a first upload with its lineage', async () => {
    const first = upload('2026-01-01T00:00:00Z', 'a');
    const out = await publishPartitions(stores, [batch(2024, ['A1', 'A2']), batch(2025, ['A3'])], first);
    expect(out).toEqual([
      { key: key2024, partition: 'municipality_code=312011/fiscal_year=2024', rows: 2, action: 'written' },
      {
        key: partitionKey('cases', '312011', '2025'),
        partition: 'municipality_code=312011/fiscal_year=2025',
        rows: 1,
        action: 'written',
      },
    ]);
    expect(await held(key2024)).toEqual({ ids: ['A1', 'A2'], uploadId: first.uploadId });
    const meta = (await store.head(key2024))?.metadata;
    expect(meta?.['upload-id']).toBe(first.uploadId);
    expect(decodeURIComponent(meta?.['raw-key'] ?? '')).toBe(first.rawKey);
  });

  it('changes nothing when the same upload is published again (duplicate event)', async () => {
    const first = upload('2026-01-01T00:00:00Z', 'a');
    await publishPartitions(stores, [batch(2024, ['A1'])], first);
    const before = store.puts.get(key2024);
    const again = await publishPartitions(stores, [batch(2024, ['A1'])], first);
    expect(again.map((o) => o.action)).toEqual(['unchanged']);
    expect(store.puts.get(key2024)).toBe(before);
    // Its staged copy is found complete, so the rows are not converted and staged again.
    expect(store.puts.get(stagingKey('cases', '312011', '2024', first.uploadId))).toBe(1);
  });

  it('changes nothing when the same file is uploaded again later', async () => {
    await publishPartitions(stores, [batch(2024, ['A1'])], upload('2026-01-01T00:00:00Z', 'a'));
    const before = store.puts.get(key2024);
    const later = await publishPartitions(stores, [batch(2024, ['A1'])], upload('2026-02-01T00:00:00Z', 'a'));
    expect(later.map((o) => o.action)).toEqual(['unchanged']);
    expect(store.puts.get(key2024)).toBe(before);
  });

  it('replaces a partition with a newer upload and leaves partitions it does not contain alone', async () => {
    const first = upload('2026-01-01T00:00:00Z', 'a');
    await publishPartitions(stores, [batch(2024, ['A1', 'A2']), batch(2025, ['A3'])], first);
    const second = upload('2026-02-01T00:00:00Z', 'b');
    const out = await publishPartitions(stores, [batch(2024, ['B1'])], second);
    expect(out.map((o) => o.action)).toEqual(['written']);
    expect(await held(key2024)).toEqual({ ids: ['B1'], uploadId: second.uploadId });
    expect(await held(partitionKey('cases', '312011', '2025'))).toEqual({
      ids: ['A3'],
      uploadId: first.uploadId,
    });
  });

  it('never lets a late, older delivery overwrite newer data', async () => {
    const newer = upload('2026-02-01T00:00:00Z', 'b');
    await publishPartitions(stores, [batch(2024, ['B1'])], newer);
    const version = await readDataVersion(stores);
    const before = store.puts.get(key2024);
    const late = upload('2026-01-01T00:00:00Z', 'a');
    const older = await publishPartitions(stores, [batch(2024, ['A1'])], late);
    expect(older.map((o) => o.action)).toEqual(['kept_newer']);
    expect(store.puts.get(key2024)).toBe(before);
    expect(store.puts.get(stagingKey('cases', '312011', '2024', late.uploadId))).toBeUndefined();
    expect(await held(key2024)).toEqual({ ids: ['B1'], uploadId: newer.uploadId });
    expect(await readDataVersion(stores)).toBe(version);
  });

  it('ends with the newer upload when an older one writes its stale copy after the newer finished', async () => {
    const older = upload('2026-01-01T00:00:00Z', 'a');
    const newer = upload('2026-02-01T00:00:00Z', 'b');
    // Hold the older upload's partition write until the newer upload is completely done.
    let releaseOlder: () => void = () => {};
    const olderMayWrite = new Promise<void>((resolve) => {
      releaseOlder = resolve;
    });
    let olderWrites = 0;
    store.gate = async (key, body) => {
      if (key === key2024 && typeof body !== 'string' && olderWrites++ === 0 && (await isFrom(body, older)))
        await olderMayWrite;
    };
    const olderRun = publishPartitions(stores, [batch(2024, ['A1'])], older);
    await waitFor(() => olderWrites > 0);
    const newerOut = await publishPartitions(stores, [batch(2024, ['B1'])], newer);
    expect(newerOut.map((o) => o.action)).toEqual(['written']);
    const versionAfterNewer = await readDataVersion(stores);
    releaseOlder();
    const olderOut = await olderRun;
    expect(olderOut.map((o) => o.action)).toEqual(['kept_newer']);
    expect(await held(key2024)).toEqual({ ids: ['B1'], uploadId: newer.uploadId });
    // The older run rewrote data (its stale copy, then the newer one): caches must see a new version.
    expect(await readDataVersion(stores)).not.toBe(versionAfterNewer);
  });

  it('converges to the newest of many concurrent uploads, whatever the interleaving', async () => {
    store.gate = async () => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
    };
    const uploads = Array.from({ length: 6 }, (_, i) =>
      upload(`2026-03-0${i + 1}T00:00:00Z`, 'abcdef'[i] as string),
    );
    const outs = await Promise.all(
      [...uploads].reverse().map((u, i) => publishPartitions(stores, [batch(2024, [`U${5 - i}`])], u)),
    );
    const newest = uploads[5] as Lineage;
    expect(await held(key2024)).toEqual({ ids: ['U5'], uploadId: newest.uploadId });
    // Only the newest may claim the partition as its own.
    expect(outs[0]?.map((o) => o.action)).toEqual(['written']);
    for (const out of outs.slice(1)) expect(out.map((o) => o.action)).toEqual(['kept_newer']);
  });
});

async function isFrom(body: Uint8Array, lineage: Lineage): Promise<boolean> {
  return (await readParquet(body)).keyValues.upload_id === lineage.uploadId;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition not reached');
}

describe('staged copies', () => {
  it('keep only the newest upload per partition once publication settles', async () => {
    for (const [i, sha] of ['a', 'b', 'c'].entries())
      await publishPartitions(stores, [batch(2024, [`S${i}`])], upload(`2026-05-0${i + 1}T00:00:00Z`, sha));
    const staged = (await store.list('staging/')).map((o) => o.key);
    expect(staged).toEqual([expect.stringMatching(/20260503T000000000Z-cccccccccccc\.parquet$/)]);
    // A late older delivery loses without leaving a staged copy behind.
    const late = await publishPartitions(stores, [batch(2024, ['L'])], upload('2026-04-01T00:00:00Z', 'd'));
    expect(late.map((o) => o.action)).toEqual(['kept_newer']);
    expect((await store.list('staging/')).map((o) => o.key)).toEqual(staged);
    expect((await held(key2024)).ids).toEqual(['S2']);
  });
});

describe('any delivery order', () => {
  let runs = 0;
  it('ends as the newest delivered upload, for random orders, duplicates and concurrent groups', async () => {
    const uploads = ['a', 'b', 'c', 'd'].map((sha, i) => upload(`2026-06-0${i + 1}T00:00:00Z`, sha));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (groups) => {
          const code = `31${String(runs++).padStart(4, '0')}`;
          for (const group of groups)
            await Promise.all(
              group.map((i) =>
                publishPartitions(
                  stores,
                  [{ ...batch(2024, [`U${i}-0`, `U${i}-1`]), municipalityCode: code }],
                  uploads[i] as Lineage,
                ),
              ),
            );
          const newest = Math.max(...groups.flat());
          const held = await readParquet(store.localPath(partitionKey('cases', code, '2024')));
          expect(held.keyValues.upload_id).toBe(uploads[newest]?.uploadId);
          expect(held.rows.map((r) => r.case_id)).toEqual([`U${newest}-0`, `U${newest}-1`]);
        },
      ),
      { numRuns: 15 },
    );
  });
});
