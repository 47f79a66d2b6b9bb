import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { ensureDemoData } from '../../src/demo';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { IndicatorService } from '../../src/service/indicator-service';

/** A temp data folder with the seeded demo extracts ingested through the real ingest. */
export async function demoDataDir(): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'query-demo-'));
  const { reports } = await ensureDemoData({ ...loadConfig({}), dataDir });
  const rejected = reports.filter((r) => r.status !== 'accepted');
  if (rejected.length > 0) throw new Error(`demo files rejected: ${rejected.map((r) => r.file).join(', ')}`);
  return dataDir;
}

/** The indicator service over a fresh demo data folder; `dispose` closes it and removes the folder. */
export async function demoService(
  dataVersion: string,
): Promise<{ service: IndicatorService; dispose: () => Promise<void> }> {
  const dataDir = await demoDataDir();
  const service = new IndicatorService({
    engine: new DuckDbEngine({ dataDir }),
    dataVersion: async () => dataVersion,
    suppressionK: 3,
  });
  return {
    service,
    dispose: async () => {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
