import { type DatasetName, getDataset } from '../datasets';
import type { ObjectStore } from '../storage/object-store';
import type { Stores } from '../storage/stores';
import { bumpDataVersion } from './data-version';
import { partitionKey, stagingKey, stagingPrefix } from './layout';
import { type Lineage, lineageFromMetadata, objectMetadata } from './lineage';
import { type PartitionData, rowCountOf, writeParquet } from './parquet';

export type { Lineage } from './lineage';

/** The rows of one upload for one (municipality, fiscal year | as_of). */
export interface PartitionBatch {
  dataset: DatasetName;
  municipalityCode: string;
  /** '2023' for fiscal_year partitions, 'YYYY-MM-DD' for as_of partitions. */
  partitionValue: string;
  /**
   * Row objects, rows the validator already encoded (src/ingest/tsv.ts), or
   * the file the bulk check wrote (src/ingest/bulk/): the same Parquet whichever.
   */
  rows: PartitionData;
}

export interface PartitionOutcome {
  /** The curated object key. */
  key: string;
  /** `municipality_code=…/fiscal_year=…` */
  partition: string;
  /** Rows this upload has for the partition. */
  rows: number;
  /**
   * written: the partition now holds this upload's rows;
   * unchanged: it already held them (the same file was uploaded before), nothing rewritten;
   * kept_newer: a newer upload holds it and this older one was not applied.
   */
  action: 'written' | 'unchanged' | 'kept_newer';
}

/**
 * Where publication has got to, for src/ingest/ingest.ts's step hook:
 * staged (one partition's claim stored), partition-written (one partition
 * now holds a claim's rows), published (every partition settled),
 * version-bumped (readers' caches told).
 */
export type PublishStep = 'staged' | 'partition-written' | 'published' | 'version-bumped';

/**
 * Publishes an accepted upload: each partition it contains is replaced by
 * its rows, unless a newer upload already owns the partition.
 *
 * Order with the orchestrator (src/ingest/ingest.ts): pending mark → raw
 * file → publishPartitions → bumpDataVersion if any outcome is 'written' →
 * saveReport (the first report of an accepted upload, so it never claims
 * data readers do not see) → audit → pending mark cleared. A crash anywhere
 * in between leaves the mark, and recovery (src/ingest/recover.ts) or a
 * Lambda retry runs the same upload again, which this converges.
 *
 * Race-free without conditional writes: every upload first stores its own
 * normalised copy of the partition under `staging/…/{uploadId}.parquet`
 * (which is also its claim on the partition; upload ids sort by upload
 * time). Then, until what it reads back is stable, it lists the claims,
 * and if the partition does not hold the newest claim's content, writes the
 * newest claim's copy. Whoever writes last has re-checked after writing, so
 * the partition always ends as the newest upload — whatever the order,
 * duplication or concurrency of the events.
 */
export async function publishPartitions(
  stores: Stores,
  batches: PartitionBatch[],
  lineage: Lineage,
  onStep: (step: PublishStep) => void | Promise<void> = () => undefined,
): Promise<PartitionOutcome[]> {
  const results = await mapLimit(batches, PARALLEL_PARTITIONS, (batch) =>
    publishPartition(stores.curated, batch, lineage, onStep),
  );
  await onStep('published');
  // Rewriting a partition on behalf of a newer upload changes data too; the
  // orchestrator bumps only for 'written', so cover that case here.
  if (results.some((r) => r.wrote) && !results.some((r) => r.outcome.action === 'written')) {
    await bumpDataVersion(stores, lineage.uploadId);
    await onStep('version-bumped');
  }
  return results.map((r) => r.outcome);
}

const PARALLEL_PARTITIONS = 4;
const MAX_ROUNDS = 20;

interface Claim {
  key: string;
  uploadId: string;
  lineage: Lineage;
  rowCount: number;
  /** Staged copies of older uploads: never chosen again once a newer complete claim exists. */
  olderKeys: string[];
}

async function publishPartition(
  store: ObjectStore,
  batch: PartitionBatch,
  lineage: Lineage,
  onStep: (step: PublishStep) => void | Promise<void>,
): Promise<{ outcome: PartitionOutcome; wrote: boolean }> {
  const { dataset, municipalityCode, partitionValue } = batch;
  const target = partitionKey(dataset, municipalityCode, partitionValue);
  const partition = `municipality_code=${municipalityCode}/${getDataset(dataset).partitionColumn}=${partitionValue}`;
  const rows = rowCountOf(batch.rows);

  const prefix = stagingPrefix(dataset, municipalityCode, partitionValue);
  const mine = stagingKey(dataset, municipalityCode, partitionValue, lineage.uploadId);
  const done = (action: PartitionOutcome['action'], wrote: boolean) => ({
    outcome: { key: target, partition, rows, action },
    wrote,
  });

  // Converting rows is the expensive step; a duplicate event (claim already
  // staged) or a late delivery older than what the partition holds skips it.
  let bytes: Uint8Array | undefined;
  const staged = await store.head(mine);
  if (!staged || !lineageFromMetadata(staged.metadata)) {
    const newest = await newestClaim(store, prefix);
    if (
      newest &&
      newest.uploadId > lineage.uploadId &&
      (await heldSha(store, target)) === newest.lineage.sha256
    )
      return done(newest.lineage.sha256 === lineage.sha256 ? 'unchanged' : 'kept_newer', false);
    bytes = await writeParquet(getDataset(dataset), batch.rows, lineage);
    await store.put(mine, bytes, { contentType: PARQUET, metadata: objectMetadata(lineage, rows) });
    await onStep('staged');
  }

  let wrote = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Another writer's put (durable: fsync on a loaded disk) can take longer
    // than a few immediate rounds: back off, with jitter so writers spread.
    if (round > 0) await sleep(Math.random() * Math.min(2 ** round, 250));
    const newest = await newestClaim(store, prefix);
    if (!newest) continue; // every listed copy was pruned meanwhile (a newer claim exists): look again
    if ((await heldSha(store, target)) === newest.lineage.sha256) {
      const holdsMine = newest.lineage.sha256 === lineage.sha256;
      await pruneStaged(store, newest.olderKeys);
      return done(holdsMine ? (wrote ? 'written' : 'unchanged') : 'kept_newer', wrote);
    }
    const body = newest.uploadId === lineage.uploadId && bytes ? bytes : await store.get(newest.key);
    if (!body) continue; // vanished between list and get: look again
    await store.put(target, body, {
      contentType: PARQUET,
      metadata: objectMetadata(newest.lineage, newest.rowCount),
    });
    wrote = true;
    await onStep('partition-written');
  }
  throw new Error(`publication of ${target} did not settle after ${MAX_ROUNDS} rounds`);
}

const PARQUET = 'application/vnd.apache.parquet';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The sha256 of the upload whose rows the partition holds now, from its object metadata. */
async function heldSha(store: ObjectStore, key: string): Promise<string | undefined> {
  const info = await store.head(key);
  return info ? lineageFromMetadata(info.metadata)?.sha256 : undefined;
}

/** The newest complete claim: newest upload id whose staged copy carries its lineage. */
async function newestClaim(store: ObjectStore, prefix: string): Promise<Claim | undefined> {
  const keys = (await store.list(prefix)).map((o) => o.key).filter((k) => k.endsWith('.parquet'));
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i] as string;
    const info = await store.head(key);
    const lineage = info ? lineageFromMetadata(info.metadata) : undefined;
    if (!lineage) continue; // half-written by a crashed run: not a claim
    const { rowCount, ...rest } = lineage;
    const uploadId = key.slice(prefix.length, -'.parquet'.length);
    return { key, uploadId, lineage: rest, rowCount, olderKeys: keys.slice(0, i) };
  }
  return undefined;
}

/**
 * Keeps staging from growing with every upload. Safe under concurrency: a
 * writer that chose one of these copies before a newer claim existed finds
 * it gone, looks again and sees the newer claim.
 */
async function pruneStaged(store: ObjectStore, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    try {
      await store.delete(key);
    } catch (error) {
      // Housekeeping only: published data is already correct, so do not fail the upload.
      console.warn(
        JSON.stringify({ level: 'warn', message: 'staged copy not pruned', key, error: String(error) }),
      );
    }
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
