import type { ObjectStore } from '../storage/object-store';

/**
 * Where published grids are kept in the curated store: one object per data
 * version, written once by whoever builds it (the publish function on AWS,
 * the local server after an accepted upload), read by every dashboard
 * instance (docs/architecture.md, "Object layout").
 */
export const PUBLISHED_GRID_PREFIX = 'published/grid/';

/** Grids kept: the newest and the one before, which requests may still be answering from. */
const KEEP = 2;

export const publishedGridKey = (version: string): string => {
  // A version is `<upload id>.<hex>` (src/ingest/data-version.ts): never a path.
  if (!/^[A-Za-z0-9._-]+$/.test(version)) throw new Error(`not a data version: ${JSON.stringify(version)}`);
  return `${PUBLISHED_GRID_PREFIX}${version}.grid.gz`;
};

/** The stored grid of a data version, or undefined when none was published yet. */
export const readPublishedGrid = (store: ObjectStore, version: string): Promise<Uint8Array | undefined> =>
  store.get(publishedGridKey(version));

/**
 * Stores a data version's grid (one whole-object write: a reader sees all of
 * it or none), then removes all but the newest KEEP.
 */
export async function writePublishedGrid(
  store: ObjectStore,
  version: string,
  bytes: Uint8Array,
): Promise<void> {
  await store.put(publishedGridKey(version), bytes, { contentType: 'application/gzip' });
  const stored = await store.list(PUBLISHED_GRID_PREFIX);
  const newestFirst = stored.sort(
    (a, b) => b.lastModified.getTime() - a.lastModified.getTime() || b.key.localeCompare(a.key),
  );
  const mine = publishedGridKey(version);
  let kept = 1;
  for (const object of newestFirst) {
    if (object.key === mine) continue;
    if (kept < KEEP) kept++;
    else await store.delete(object.key);
  }
}
