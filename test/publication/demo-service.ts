import { rm } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { IndicatorService } from '../../src/service/indicator-service';
import { demoDataDir } from '../query/demo-data';

/** An indicator service over a fresh copy of the demo data, whose data version a test sets. */
export interface DemoService {
  dataDir: string;
  service: IndicatorService;
  /** What the service reads as the data version: set it after each upload. */
  version: string;
}

/**
 * Registers the suite's setup and teardown: a copy of the demo data (k = 3)
 * and a service over it, at data version 'v1' until the test moves it.
 */
export function useDemoService(options: { clock?: () => Date } = {}): DemoService {
  const demo = { version: 'v1' } as DemoService;
  beforeAll(async () => {
    demo.dataDir = await demoDataDir();
    demo.service = new IndicatorService({
      engine: new DuckDbEngine({ dataDir: demo.dataDir }),
      dataVersion: async () => demo.version,
      suppressionK: 3,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }, 180_000);
  afterAll(async () => {
    await demo.service?.close();
    if (demo.dataDir) await rm(demo.dataDir, { recursive: true, force: true });
  });
  return demo;
}
