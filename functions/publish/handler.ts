import { S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../src/config';
import { athenaEngineFromConfig } from '../../src/query/athena-engine';
import { createIndicatorService } from '../../src/service/indicator-service';
import { storesFromConfig } from '../../src/storage/stores';
import { handleDataVersionEvent, type ObjectCreatedEvent, type PublishOutcome } from './grid-event';

// Module scope: a warm instance keeps the grid it built, and may carry a town's pattern over.
const config = loadConfig();
const stores = storesFromConfig(config, new S3Client({}));
const service = createIndicatorService(athenaEngineFromConfig(config), config, stores, undefined, true);

/** EventBridge: Object Created for state/data-version.json in the curated bucket. */
export async function handler(event: ObjectCreatedEvent): Promise<PublishOutcome> {
  return handleDataVersionEvent(event, {
    service,
    curatedBucket: config.curatedBucket as string,
    // Within the function's 5 minutes: classes not reached are proven by the dashboard on first use.
    options: { provePatterns: true, budgetMs: 3 * 60_000 },
    log: (entry) => console.log(JSON.stringify(entry)),
  });
}
