import type { DuckDBConnection } from '@duckdb/node-api';
import { identitySql } from './bulk-sql';
import type { ValueMaps } from './value-maps';

/**
 * Step 1 of the bulk check: the spellings a spread sample of the rows
 * holds, learnt before the one pass over every row.
 */

/**
 * How much of the file the sample reads: an eighth, spread over 64 places
 * (a file sorted by date still shows every season), and at least 4 MB.
 * Spellings it misses go to JS one chunk of rows at a time, never wrong.
 */
const SAMPLE_SHARE = 8;
const SAMPLE_MIN_BYTES = 4 * 1024 * 1024;
const SAMPLE_WINDOWS = 64;
const LF = 0x0a;

/** The sample's size for a file of `bytes` bytes of rows. */
export const defaultSampleBytes = (bytes: number): number =>
  Math.max(SAMPLE_MIN_BYTES, Math.ceil(bytes / SAMPLE_SHARE));

/**
 * Step 1's rows: the whole data when the budget covers it, else 64 windows
 * of whole lines spread over the file, or none (budget 0).
 */
export function sampleOf(bytes: Buffer, budget: number): Buffer | undefined {
  if (budget <= 0) return undefined;
  if (budget >= bytes.length) return bytes;
  const size = Math.ceil(budget / SAMPLE_WINDOWS);
  const windows: Buffer[] = [];
  for (let w = 0; w < SAMPLE_WINDOWS; w++) {
    // Each window but the first starts on a new line and ends after one.
    const start = w === 0 ? 0 : bytes.indexOf(LF, Math.floor((w * bytes.length) / SAMPLE_WINDOWS)) + 1;
    if ((w > 0 && start === 0) || start >= bytes.length) continue;
    const lf = bytes.indexOf(LF, Math.min(bytes.length, start + size) - 1);
    windows.push(bytes.subarray(start, lf < 0 ? bytes.length : lf + 1));
  }
  return Buffer.concat(windows);
}

/**
 * Step 1: each column's distinct spellings in the sample (but those SQL
 * takes as they are), read by the row path's cell readers. A window may
 * start inside a quoted cell: DuckDB skips lines it cannot read, and what
 * it reads there is at worst a spelling no row has (every entry is a true
 * reading of its spelling). One that cannot be taken is left for the rows
 * to meet, or not, while they are written.
 */
export async function learnSpellings(
  connection: DuckDBConnection,
  maps: ValueMaps,
  source: string,
): Promise<void> {
  const lists = maps.columns.map((m, i) => {
    const c = `c${m.index}`;
    const plain = identitySql(m);
    return `list(DISTINCT ${c}) FILTER (WHERE ${c} IS NOT NULL${plain ? ` AND NOT coalesce(${plain.when}, false)` : ''}) AS u${i}`;
  });
  let row: Record<string, unknown> | undefined;
  try {
    const reader = await connection.runAndReadAll(`SELECT ${lists.join(', ')} FROM ${source}`);
    [row] = reader.getRowObjectsJS() as Record<string, unknown>[];
  } catch {
    // A sample DuckDB cannot read at all teaches nothing; the rows are still read in full.
    return;
  }
  for (let i = 0; i < maps.columns.length; i++)
    for (const text of (row?.[`u${i}`] as string[] | null) ?? []) maps.learn(i, text);
}
