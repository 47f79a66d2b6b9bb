import { randomBytes } from 'node:crypto';
import type { Stores } from '../storage/stores';
import { DATA_VERSION_KEY } from './layout';

/** The version of a store nothing was ever published to. */
export const EMPTY_DATA_VERSION = 'empty';

interface DataVersionFile {
  version: string;
  upload_id: string;
  updated_at: string;
}

/**
 * The current version of the published data; part of every query cache key.
 * Stable between publications.
 */
export async function readDataVersion(stores: Stores): Promise<string> {
  const bytes = await stores.curated.get(DATA_VERSION_KEY);
  if (!bytes) return EMPTY_DATA_VERSION;
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<DataVersionFile>;
  if (typeof parsed.version !== 'string' || parsed.version === '')
    throw new Error(`${DATA_VERSION_KEY} has no version`);
  return parsed.version;
}

/**
 * Records that published data changed. Call after the curated objects are
 * written. The new version differs from every earlier one even when the
 * same upload bumps twice (a retry), so a cache can never keep serving
 * results computed from data that has since been rewritten.
 */
export async function bumpDataVersion(stores: Stores, uploadId: string): Promise<string> {
  const version = `${uploadId}.${randomBytes(4).toString('hex')}`;
  const file: DataVersionFile = { version, upload_id: uploadId, updated_at: new Date().toISOString() };
  await stores.curated.put(DATA_VERSION_KEY, JSON.stringify(file), { contentType: 'application/json' });
  return version;
}
