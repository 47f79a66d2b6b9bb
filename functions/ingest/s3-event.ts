import type { S3Event, S3EventRecord } from 'aws-lambda';
import { ingestRawObject } from '../../src/ingest/ingest';
import { parseRawLocation } from '../../src/ingest/layout';
import type { IngestReport } from '../../src/ingest/report';
import type { Stores } from '../../src/storage/stores';

export interface IngestEventDeps {
  stores: Stores;
  maxUploadBytes: number;
  /** Records from any other bucket are ignored (set on AWS; undefined locally). */
  rawBucket?: string;
  /** One structured entry per record; default: one JSON line on stdout (CloudWatch). */
  log?: (entry: Record<string, unknown>) => void;
}

export type RecordOutcome =
  | { key: string; outcome: 'ignored'; reason: string }
  | { key: string; outcome: 'accepted' | 'rejected'; uploadId: string };

/**
 * Ingests every CSV an S3 event announces under `raw/{dataset}/{code}/`.
 * A bad file is a final outcome (a rejected report, no throw, no retry);
 * a storage or DuckDB failure throws after the other records were tried,
 * so Lambda retries the event — safe, because publication is idempotent.
 * Never writes under raw/ (that would announce itself again).
 */
export async function handleS3Event(event: S3Event, deps: IngestEventDeps): Promise<RecordOutcome[]> {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const outcomes: RecordOutcome[] = [];
  const failures: unknown[] = [];
  for (const record of event.Records ?? []) {
    const key = objectKey(record);
    const skip = key === undefined ? 'malformed key' : reasonToIgnore(record, key, deps.rawBucket);
    if (key === undefined || skip !== undefined) {
      const ignored: RecordOutcome = {
        key: key ?? String(record.s3?.object?.key),
        outcome: 'ignored',
        reason: skip ?? 'malformed key',
      };
      log({ level: 'warn', message: 'ingest: record ignored', ...ignored, event: record.eventName });
      outcomes.push(ignored);
      continue;
    }
    const started = Date.now();
    try {
      const report = await ingestRawObject(deps.stores, key, { maxUploadBytes: deps.maxUploadBytes });
      log(reportEntry(key, report, Date.now() - started));
      outcomes.push({ key, outcome: report.status, uploadId: report.upload_id });
    } catch (error) {
      log({
        level: 'error',
        message: 'ingest: failed, will be retried',
        key,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        duration_ms: Date.now() - started,
      });
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} records failed to ingest`);
  return outcomes;
}

/** S3 URL-encodes keys in events, with '+' for spaces. */
export function objectKey(record: S3EventRecord): string | undefined {
  const encoded = record.s3?.object?.key;
  if (typeof encoded !== 'string') return undefined;
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function reasonToIgnore(
  record: S3EventRecord,
  key: string,
  rawBucket: string | undefined,
): string | undefined {
  if (!record.eventName?.startsWith('ObjectCreated:')) return `not an upload (${record.eventName})`;
  if (rawBucket && record.s3.bucket.name !== rawBucket)
    return `bucket ${record.s3.bucket.name} is not the raw bucket`;
  if (!key.startsWith('raw/')) return 'outside raw/';
  if (!parseRawLocation(key)) return 'not under raw/{dataset}/{municipality_code}/';
  if (!/\.csv$/i.test(key)) return 'not a .csv file';
  return undefined;
}

function reportEntry(key: string, report: IngestReport, durationMs: number): Record<string, unknown> {
  return {
    level: report.status === 'accepted' ? 'info' : 'warn',
    message: `ingest: ${report.status}`,
    key,
    upload_id: report.upload_id,
    dataset: report.dataset,
    municipality_code: report.municipality_code,
    status: report.status,
    rows: report.rows,
    errors_total: report.errors_total,
    first_error: report.errors[0]?.code,
    partitions: report.partitions.map((p) => `${p.partition}:${p.action}`),
    duration_ms: durationMs,
  };
}
