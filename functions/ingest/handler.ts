import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { loadConfig } from '../../src/config';
import { storesFromConfig } from '../../src/storage/stores';
import { handleS3Event, type RecordOutcome } from './s3-event';

// Module scope: reused across invocations of a warm Lambda.
const config = loadConfig();
const stores = storesFromConfig(config, new S3Client({}));

/** S3 ObjectCreated notifications for raw/…/*.csv and *.xlsx (filtered by the bucket notification). */
export async function handler(event: S3Event): Promise<RecordOutcome[]> {
  return handleS3Event(event, { stores, rawBucket: config.rawBucket, maxUploadBytes: config.maxUploadBytes });
}
