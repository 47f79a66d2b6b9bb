import type { ObjectStore } from '../storage/object-store';
import type { StoredPatterns } from './stored-patterns';

/**
 * Where published grids are kept in the curated store: one object per data
 * version, written once by whoever builds it (the publish function on AWS,
 * the local server after an accepted upload), read by every dashboard
 * instance (docs/architecture.md, "Object layout").
 */
export const PUBLISHED_GRID_PREFIX = 'published/grid/';

/** Grids kept: the newest and the one before, which requests may still be answering from. */
const KEEP = 2;

const checkedVersion = (version: string): string => {
  // A version is `<upload id>.<hex>` (src/ingest/data-version.ts): never a path.
  if (!/^[A-Za-z0-9._-]+$/.test(version)) throw new Error(`not a data version: ${JSON.stringify(version)}`);
  return version;
};

const GRID_SUFFIX = '.grid.gz';
const PATTERNS_SUFFIX = '.patterns.json';

export const publishedGridKey = (version: string): string =>
  `${PUBLISHED_GRID_PREFIX}${checkedVersion(version)}${GRID_SUFFIX}`;

/** The 秘匿 patterns the publisher proved for a version's grid (stored-patterns.ts). */
export const publishedPatternsKey = (version: string): string =>
  `${PUBLISHED_GRID_PREFIX}${checkedVersion(version)}${PATTERNS_SUFFIX}`;

/** The stored grid of a data version, or undefined when none was published yet. */
export const readPublishedGrid = (store: ObjectStore, version: string): Promise<Uint8Array | undefined> =>
  store.get(publishedGridKey(version));

/**
 * Stores a data version's grid (one whole-object write: a reader sees all of
 * it or none), then removes the objects of all but the newest KEEP versions.
 */
export async function writePublishedGrid(
  store: ObjectStore,
  version: string,
  bytes: Uint8Array,
): Promise<void> {
  await store.put(publishedGridKey(version), bytes, { contentType: 'application/gzip' });
  const stored = await store.list(PUBLISHED_GRID_PREFIX);
  const grids = stored
    .filter((o) => o.key.endsWith(GRID_SUFFIX))
    .sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime() || b.key.localeCompare(a.key));
  const versionOf = (key: string) =>
    key.slice(PUBLISHED_GRID_PREFIX.length).replace(GRID_SUFFIX, '').replace(PATTERNS_SUFFIX, '');
  const kept = new Set([version]);
  for (const grid of grids) if (kept.size < KEEP) kept.add(versionOf(grid.key));
  for (const object of stored) if (!kept.has(versionOf(object.key))) await store.delete(object.key);
}

/** The patterns stored for a version, or undefined (none yet, or unreadable: then they are proven again). */
export async function readPublishedPatterns(
  store: ObjectStore,
  version: string,
): Promise<StoredPatterns | undefined> {
  const bytes = await store.get(publishedPatternsKey(version));
  if (!bytes) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as StoredPatterns;
    return parsed && typeof parsed.classes === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export const writePublishedPatterns = (store: ObjectStore, patterns: StoredPatterns): Promise<void> =>
  store.put(publishedPatternsKey(patterns.version), JSON.stringify(patterns), {
    contentType: 'application/json',
  });
