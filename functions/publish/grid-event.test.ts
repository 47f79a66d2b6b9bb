import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpDataVersion } from '../../src/ingest/data-version';
import {
  PUBLISHED_GRID_PREFIX,
  publishedGridKey,
  readPublishedPatterns,
} from '../../src/publication/grid-store';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import type { QueryEngine } from '../../src/query/engine';
import { IndicatorService } from '../../src/service/indicator-service';
import { readDataVersion } from '../../src/storage/data-version';
import { localStores, type Stores } from '../../src/storage/stores';
import { demoDataDir } from '../../test/query/demo-data';
import { handleDataVersionEvent, type ObjectCreatedEvent } from './grid-event';

const fixture = async (): Promise<ObjectCreatedEvent> =>
  JSON.parse(
    await readFile(
      path.join(__dirname, '../../test/fixtures/events/eventbridge-data-version-created.json'),
      'utf8',
    ),
  ) as ObjectCreatedEvent;

let dataDir: string;
let stores: Stores;
let engine: QueryEngine;
let logs: Record<string, unknown>[];
const writer = (over: QueryEngine) =>
  new IndicatorService({
    engine: over,
    dataVersion: () => readDataVersion(stores),
    suppressionK: 3,
    publishedGrids: { store: stores.curated, write: true },
  });
const deps = (service: IndicatorService) => ({
  service,
  curatedBucket: 'juso-curated',
  log: (e: Record<string, unknown>) => logs.push(e),
});

beforeAll(async () => {
  dataDir = await demoDataDir();
  stores = localStores(dataDir);
  engine = new DuckDbEngine({ dataDir });
}, 180_000);
afterAll(async () => {
  await engine?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the publish function', () => {
  it('stores the grid of the current data version when data-version.json is written', async () => {
    logs = [];
    const version = await bumpDataVersion(stores, '20260405T060708009Z-abcdef012345');
    const outcome = await handleDataVersionEvent(await fixture(), {
      ...deps(writer(engine)),
      options: { provePatterns: true, classes: [null] },
    });
    expect(outcome).toMatchObject({ outcome: 'published', version });
    expect(await stores.curated.head(publishedGridKey(version))).toBeDefined();
    // The 推進チーム's pattern proven and stored beside the grid.
    expect(Object.keys((await readPublishedPatterns(stores.curated, version))?.classes ?? {})).toEqual(['']);
    expect(logs).toEqual([expect.objectContaining({ level: 'info', event: 'publish', version })]);
  }, 120_000);

  it('ignores other keys and buckets, writing nothing', async () => {
    logs = [];
    const before = await stores.curated.list(PUBLISHED_GRID_PREFIX);
    const event = await fixture();
    const otherKey = { ...event, detail: { ...event.detail, object: { key: 'state/other.json' } } };
    const otherBucket = { ...event, detail: { ...event.detail, bucket: { name: 'juso-raw' } } };
    const service = writer(engine);
    expect(await handleDataVersionEvent(otherKey, deps(service))).toMatchObject({ outcome: 'ignored' });
    expect(await handleDataVersionEvent(otherBucket, deps(service))).toMatchObject({ outcome: 'ignored' });
    expect(await stores.curated.list(PUBLISHED_GRID_PREFIX)).toEqual(before);
    expect(logs.map((l) => l.level)).toEqual(['warn', 'warn']);
  });

  it('throws when the grid cannot be built, so that EventBridge retries', async () => {
    logs = [];
    await bumpDataVersion(stores, '20260405T060709009Z-abcdef012345');
    const failing = Object.assign(Object.create(engine) as QueryEngine, {
      run: async () => {
        throw new Error('Athena: query failed');
      },
    });
    await expect(handleDataVersionEvent(await fixture(), deps(writer(failing)))).rejects.toThrow(/Athena/);
    expect(logs).toEqual([expect.objectContaining({ level: 'error', event: 'publish_failed' })]);
  });
});
