import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';
import { LocalStore } from './local-store';
import type { ObjectStore } from './object-store';
import { S3Store } from './s3-store';

/**
 * Where the pipeline keeps things: `raw/…` uploads in `raw`; `curated/…`,
 * `staging/…`, `reports/…` and `state/…` in `curated`. Locally both are the
 * same folder (the keys never collide); on AWS two buckets.
 */
export interface Stores {
  raw: ObjectStore;
  curated: ObjectStore;
}

/** One folder for everything (DATA_DIR, default ./data). */
export function localStores(dataDir: string): Stores {
  const store = new LocalStore(dataDir);
  return { raw: store, curated: store };
}

export function s3Stores(client: S3Client, rawBucket: string, curatedBucket: string): Stores {
  return { raw: new S3Store(client, rawBucket), curated: new S3Store(client, curatedBucket) };
}

/** S3 when both buckets are configured (on AWS), else the local folder. */
export function storesFromConfig(config: Config, client?: S3Client): Stores {
  const { rawBucket, curatedBucket } = config;
  if (rawBucket && curatedBucket) return s3Stores(client ?? new S3Client({}), rawBucket, curatedBucket);
  if (rawBucket || curatedBucket)
    throw new Error('RAW_BUCKET and CURATED_BUCKET must be set together (or neither, for a local folder)');
  return localStores(config.dataDir);
}
