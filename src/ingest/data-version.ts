import { randomBytes } from 'node:crypto';
import { DATA_VERSION_KEY, type DataVersionFile } from '../storage/data-version';
import type { Stores } from '../storage/stores';

/**
 * Records that published data changed. Call after the curated objects are
 * written. The new version differs from every earlier one even when the
 * same upload bumps twice (a retry), so a cache can never keep serving
 * results computed from data that has since been rewritten. Readers use
 * src/storage/data-version.ts.
 */
export async function bumpDataVersion(stores: Stores, uploadId: string): Promise<string> {
  const version = `${uploadId}.${randomBytes(4).toString('hex')}`;
  const file: DataVersionFile = { version, upload_id: uploadId, updated_at: new Date().toISOString() };
  await stores.curated.put(DATA_VERSION_KEY, JSON.stringify(file), { contentType: 'application/json' });
  return version;
}
