import { createHash } from 'node:crypto';
import { DATASET_NAMES, type DatasetName } from '../datasets';
import { viewSql } from './sql-files';

/**
 * Rollups: shared views (sql/views/) whose every row comes from one
 * partition (municipality_code + the dataset's partition column) of one
 * dataset, so per-partition results can be computed once and summed. Athena
 * inlines them like any view; the local warehouse holds each as a table
 * materialised from the same view SQL and maintained per partition at sync
 * (src/query/warehouse.ts).
 */
export interface Rollup {
  name: RollupName;
  /** The one dataset the view reads; its partitions are the rollup's. */
  dataset: DatasetName;
}

export const ROLLUPS = [
  { name: 'case_counts', dataset: 'cases' },
  { name: 'case_issue_counts', dataset: 'cases' },
] as const satisfies readonly { name: string; dataset: DatasetName }[];

export type RollupName = (typeof ROLLUPS)[number]['name'];

export const ROLLUP_NAMES: ReadonlySet<string> = new Set(ROLLUPS.map((r) => r.name));

const uses = (sql: string, name: string): boolean => new RegExp(`\\b${name}\\b`).test(sql);

/** The rollups built from a dataset, in the order they are (re)built. */
export const rollupsOf = (dataset: DatasetName): Rollup[] => ROLLUPS.filter((r) => r.dataset === dataset);

/**
 * The datasets a query text reads: those it names, and those behind the
 * rollups it reads as tables (which must be synced before it runs).
 */
export function datasetsRead(text: string): DatasetName[] {
  return DATASET_NAMES.filter(
    (d) => uses(text, d) || ROLLUPS.some((r) => r.dataset === d && uses(text, r.name)),
  );
}

/** Changes whenever a rollup's SQL changes, so a warehouse holding tables built by older SQL is rebuilt. */
export function rollupFingerprint(): string {
  const hash = createHash('sha256');
  for (const r of ROLLUPS) hash.update(`${r.name}\n${r.dataset}\n${viewSql(r.name)}\n`);
  return hash.digest('hex').slice(0, 16);
}
