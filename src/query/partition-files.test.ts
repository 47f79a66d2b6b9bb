import { describe, expect, it } from 'vitest';
import { changedPartitions, type ManifestEntry, type PartitionFile } from './partition-files';

const file = (partition: string, name: string, size: number, mtimeMs: number): PartitionFile => {
  const [code, fy] = partition.split('/');
  return { key: `municipality_code=${code}/fiscal_year=${fy}/${name}`, size, mtimeMs, partition };
};
const manifestOf = (files: PartitionFile[]) =>
  new Map<string, ManifestEntry>(
    files.map((f) => [f.key, { size: f.size, mtimeMs: f.mtimeMs, partition: f.partition }]),
  );

describe('changedPartitions', () => {
  const before = [file('313726/2022', 'data.parquet', 100, 1), file('312029/2022', 'data.parquet', 200, 1)];

  it('is empty when every object has the size and mtime recorded', () => {
    expect(changedPartitions(before, manifestOf(before))).toEqual(new Set());
  });

  it('names the partition of a replaced object (same size, new mtime) and of a new one', () => {
    const now = [
      file('313726/2022', 'data.parquet', 100, 2),
      before[1] as PartitionFile,
      file('313726/2023', 'data.parquet', 5, 3),
    ];
    expect(changedPartitions(now, manifestOf(before))).toEqual(new Set(['313726/2022', '313726/2023']));
  });

  it('names the partition of a removed object, so its rows are dropped', () => {
    expect(changedPartitions([before[0] as PartitionFile], manifestOf(before))).toEqual(
      new Set(['312029/2022']),
    );
  });
});
