import type { EventBridgeEvent } from 'aws-lambda';
import type { IndicatorService, PublishOptions } from '../../src/service/indicator-service';
import { DATA_VERSION_KEY } from '../../src/storage/data-version';

/** The part of S3's EventBridge "Object Created" event the publisher reads. */
export type ObjectCreatedEvent = EventBridgeEvent<
  'Object Created',
  { bucket: { name: string }; object: { key: string } }
>;

export type PublishOutcome =
  | { outcome: 'published'; version: string; ms: number }
  | { outcome: 'ignored'; reason: string };

export interface PublishDeps {
  /** A service that stores the grids it builds (publishedGrids.write). */
  service: IndicatorService;
  curatedBucket: string;
  /** Whether to prove and store the 秘匿 patterns too, and for how long. */
  options?: PublishOptions;
  log: (entry: Record<string, unknown>) => void;
}

/**
 * After ingest: S3 announces a new state/data-version.json in the curated
 * bucket, and the grid of the current data version is built (the same SQL,
 * on Athena) and stored beside it, so that dashboard instances serve slices
 * of it without a query per request. The current version is published, not
 * the event's: a late event for an older version publishes (or finds) the
 * newest grid, and a retry after a failure does the same.
 */
export async function handleDataVersionEvent(
  event: ObjectCreatedEvent,
  deps: PublishDeps,
): Promise<PublishOutcome> {
  const bucket = event.detail?.bucket?.name;
  const key = event.detail?.object?.key;
  let outcome: PublishOutcome;
  if (bucket !== deps.curatedBucket)
    outcome = { outcome: 'ignored', reason: `bucket ${bucket} is not the curated bucket` };
  else if (key !== DATA_VERSION_KEY)
    outcome = { outcome: 'ignored', reason: `${key} is not ${DATA_VERSION_KEY}` };
  else {
    const started = Date.now();
    try {
      const version = await deps.service.publish(deps.options);
      outcome =
        version === null
          ? { outcome: 'ignored', reason: 'nothing published yet' }
          : { outcome: 'published', version, ms: Date.now() - started };
    } catch (error) {
      deps.log({ level: 'error', event: 'publish_failed', key, error: String(error) });
      // Thrown: EventBridge retries, then the event goes to the failure queue.
      throw error;
    }
  }
  deps.log({ level: outcome.outcome === 'published' ? 'info' : 'warn', event: 'publish', key, ...outcome });
  return outcome;
}
