import type { Stores } from './stores';

/** Where the version of the published data is kept (docs/architecture.md, "Object layout"). */
export const DATA_VERSION_KEY = 'state/data-version.json';

/** The version of a store nothing was ever published to. */
export const EMPTY_DATA_VERSION = 'empty';

/** The object at DATA_VERSION_KEY; written by the ingest (src/ingest/data-version.ts). */
export interface DataVersionFile {
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
