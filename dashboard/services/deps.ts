import type { Config } from '../../src/config';
import { ingestUpload } from '../../src/ingest/ingest';
import { createEngine } from '../../src/query/create-engine';
import { loadLocalAuthenticator } from '../auth/local-accounts';
import type { AppDeps } from '../context';
import { assembleDeps } from './assemble-deps';

/**
 * Local: the data folder, DuckDB (or the engine Config.engine names),
 * `<dataDir>/accounts.json`, and uploads ingested in-process.
 * The cloud's counterpart is cloud-deps.ts.
 */
export async function localDeps(config: Config, options: { clock?: () => Date } = {}): Promise<AppDeps> {
  const auth = await loadLocalAuthenticator(config.dataDir, options.clock ? { clock: options.clock } : {});
  return assembleDeps(config, createEngine(config), auth, { clock: options.clock, ingest: ingestUpload });
}
