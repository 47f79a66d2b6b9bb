import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type DatasetName, getDataset } from '../datasets';

/** One curated Parquet object, as the warehouse manifest records it. */
export interface PartitionFile {
  /** Path under `curated/{dataset}/`, e.g. `municipality_code=313726/fiscal_year=2022/data.parquet`. */
  key: string;
  size: number;
  mtimeMs: number;
  /** `{municipality_code}/{fiscal_year|as_of}`: the unit the ingest replaces. */
  partition: string;
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * Every Parquet object of a dataset in the Hive layout, with size and mtime
 * (a replaced object always changes at least its mtime: the store writes a
 * temp file and renames it). Folders that are not `key=value` are ignored,
 * as read_parquet's glob would not match them either.
 */
export async function listPartitionFiles(dataDir: string, dataset: DatasetName): Promise<PartitionFile[]> {
  const root = path.join(dataDir, 'curated', dataset);
  const partKey = `${getDataset(dataset).partitionColumn}=`;
  const files: PartitionFile[] = [];
  const towns = (await subdirs(root)).filter((d) => d.startsWith('municipality_code='));
  await Promise.all(
    towns.map(async (town) => {
      const parts = (await subdirs(path.join(root, town))).filter((d) => d.startsWith(partKey));
      for (const part of parts) {
        const dir = path.join(root, town, part);
        let names: string[];
        try {
          names = (await readdir(dir)).filter((n) => n.endsWith('.parquet'));
        } catch {
          continue;
        }
        for (const name of names) {
          try {
            const s = await stat(path.join(dir, name));
            if (!s.isFile()) continue;
            files.push({
              key: `${town}/${part}/${name}`,
              size: s.size,
              mtimeMs: s.mtimeMs,
              partition: `${town.slice('municipality_code='.length)}/${part.slice(partKey.length)}`,
            });
          } catch {
            // Replaced or removed while listing: the next sync sees its successor.
          }
        }
      }
    }),
  );
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface ManifestEntry {
  size: number;
  mtimeMs: number;
  partition: string;
}

/**
 * The partitions to reload: those with a new, changed or removed object.
 * A partition is reloaded whole (all its current objects), as the table
 * cannot tell which rows came from which of its objects.
 */
export function changedPartitions(
  listing: readonly PartitionFile[],
  manifest: ReadonlyMap<string, ManifestEntry>,
): Set<string> {
  const changed = new Set<string>();
  const seen = new Set<string>();
  for (const file of listing) {
    seen.add(file.key);
    const before = manifest.get(file.key);
    if (!before || before.size !== file.size || before.mtimeMs !== file.mtimeMs) changed.add(file.partition);
  }
  for (const [key, entry] of manifest) if (!seen.has(key)) changed.add(entry.partition);
  return changed;
}
