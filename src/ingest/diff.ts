import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Dataset, type DatasetName, getDataset } from '../datasets';
import type { ObjectStore } from '../storage/object-store';
import type { PartitionDiff } from './diff-report';
import { partitionKey } from './layout';
import { lineageFromMetadata } from './lineage';
import { ingestDuckDb } from './parquet';

export type { PartitionDiff, UploadDiff } from './diff-report';

/**
 * What an accepted upload changed, per partition it replaced: rows added,
 * removed and changed (by the dataset's unique key) and the headline
 * figures before and after. A mistaken re-upload shows here, in its own
 * report, rather than later as an odd chart.
 */

interface Figure {
  id: string;
  label: string;
  /** An aggregate over the partition's rows. */
  sql: string;
}

/** The figures a town reads on its dashboard, per dataset. */
const FIGURES: Record<DatasetName, readonly Figure[]> = {
  cases: [
    { id: 'persons', label: '相談実人数', sql: 'count(*)' },
    {
      id: 'new_cases',
      label: '新規ケース',
      sql: 'count(*) FILTER (WHERE opened_on >= make_date(fiscal_year, 4, 1))',
    },
    { id: 'closed', label: '終結', sql: "count(*) FILTER (WHERE status = 'closed')" },
  ],
  activities: [
    { id: 'new_persons', label: '新規相談者数', sql: 'sum(new_persons)' },
    { id: 'contacts', label: '延べ相談件数', sql: 'sum(contacts)' },
    { id: 'support_meetings', label: '支援会議', sql: 'sum(support_meetings)' },
    { id: 'months', label: '月数', sql: 'count(*)' },
  ],
  visits: [
    { id: 'households', label: '世帯数', sql: 'sum(households)' },
    { id: 'visited_households', label: '訪問済世帯数', sql: 'sum(visited_households)' },
    { id: 'jichikai', label: '自治会数', sql: 'count(*)' },
  ],
  implementation: [
    {
      id: 'programmes',
      label: '実施事業数',
      sql: `sum(${['comprehensive_consultation', 'multi_agency', 'outreach', 'participation', 'community'].map((c) => `coalesce(CAST(${c} AS INTEGER), 0)`).join(' + ')})`,
    },
  ],
  population: [{ id: 'population', label: '人口', sql: 'sum(population)' }],
};

export interface DiffTarget {
  municipalityCode: string;
  partitionValue: string;
}

/** A partition as it was before publication: its Parquet and whose upload it was. */
export interface HeldPartition {
  bytes: Uint8Array | undefined;
  uploadId: string | null;
  uploadedAt: string | null;
}

/** Reads what each partition holds now (before this upload replaces it). */
export async function snapshotPartitions(
  store: ObjectStore,
  dataset: DatasetName,
  targets: readonly DiffTarget[],
): Promise<HeldPartition[]> {
  return Promise.all(
    targets.map(async (t) => {
      const key = partitionKey(dataset, t.municipalityCode, t.partitionValue);
      const info = await store.head(key);
      if (!info) return { bytes: undefined, uploadId: null, uploadedAt: null };
      const lineage = lineageFromMetadata(info.metadata);
      return {
        bytes: await store.get(key),
        uploadId: lineage?.uploadId ?? null,
        uploadedAt: lineage?.uploadedAt ?? null,
      };
    }),
  );
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * The diff of one partition: what it held (`before`) against what it holds
 * now (`after`, this upload's Parquet), in DuckDB. Partition columns are in
 * the key, not the file: the partition value is added back for the figures.
 */
export async function diffPartition(
  datasetName: DatasetName,
  target: DiffTarget & { partition: string },
  before: HeldPartition,
  after: Uint8Array,
): Promise<PartitionDiff> {
  const dataset = getDataset(datasetName);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'juso-diff-'));
  const connection = await (await ingestDuckDb()).connect();
  try {
    const newFile = path.join(dir, 'after.parquet');
    await writeFile(newFile, after);
    const partitionValue =
      dataset.partitionColumn === 'fiscal_year'
        ? `${Number(target.partitionValue)} AS fiscal_year`
        : `DATE ${quote(target.partitionValue)} AS as_of`;
    const source = (file: string) => `(SELECT *, ${partitionValue} FROM read_parquet(${quote(file)}))`;
    const empty = `(SELECT * FROM ${source(newFile)} LIMIT 0)`;
    let old = empty;
    if (before.bytes) {
      const oldFile = path.join(dir, 'before.parquet');
      await writeFile(oldFile, before.bytes);
      old = source(oldFile);
    }
    const keys = keyExpression(dataset);
    const figures = FIGURES[datasetName];
    const aggregates = (alias: string) =>
      figures.map((f, i) => `(SELECT ${f.sql} FROM ${alias}) AS ${alias}_${i}`).join(', ');
    const sql = `WITH b AS ${old}, a AS ${source(newFile)},
      bk AS (SELECT ${keys} AS k FROM b), ak AS (SELECT ${keys} AS k FROM a),
      changed_rows AS (SELECT ${keys} AS k FROM (SELECT * FROM a EXCEPT SELECT * FROM b))
      SELECT
        (SELECT count(*) FROM ak WHERE k NOT IN (SELECT k FROM bk)) AS added,
        (SELECT count(*) FROM bk WHERE k NOT IN (SELECT k FROM ak)) AS removed,
        (SELECT count(*) FROM changed_rows WHERE k IN (SELECT k FROM bk)) AS changed,
        (SELECT count(*) FROM b) AS before_rows,
        ${aggregates('b')}, ${aggregates('a')}`;
    const row = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, unknown>;
    const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
    const hadRows = before.bytes !== undefined;
    return {
      partition: target.partition,
      municipality_code: target.municipalityCode,
      partition_value: target.partitionValue,
      previous_upload_id: before.uploadId,
      previous_uploaded_at: before.uploadedAt,
      added: Number(row.added),
      removed: Number(row.removed),
      changed: Number(row.changed),
      figures: figures.map((f, i) => ({
        id: f.id,
        label: f.label,
        before: hadRows ? (num(row[`b_${i}`]) ?? 0) : null,
        after: num(row[`a_${i}`]) ?? 0,
      })),
    };
  } finally {
    connection.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The key a row is matched by; a dataset without one has one row per partition. */
function keyExpression(dataset: Dataset): string {
  if (dataset.uniqueKey.length === 0) return "'row'";
  if (dataset.uniqueKey.length === 1) return `CAST(${ident(dataset.uniqueKey[0] as string)} AS VARCHAR)`;
  return `concat_ws(chr(0), ${dataset.uniqueKey.map((k) => `CAST(${ident(k)} AS VARCHAR)`).join(', ')})`;
}
