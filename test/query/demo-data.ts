import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { ensureDemoData } from '../../src/demo';

/** A temp data folder with the seeded demo extracts ingested through the real ingest. */
export async function demoDataDir(): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'query-demo-'));
  const { reports } = await ensureDemoData({ ...loadConfig({}), dataDir });
  const rejected = reports.filter((r) => r.status !== 'accepted');
  if (rejected.length > 0) throw new Error(`demo files rejected: ${rejected.map((r) => r.file).join(', ')}`);
  return dataDir;
}
