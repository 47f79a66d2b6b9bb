import type { Config } from '../config';
import { athenaEngineFromConfig } from './athena-engine';
import { DuckDbEngine } from './duckdb-engine';
import type { QueryEngine } from './engine';
import type { ReferenceData } from './reference';

/**
 * The engine Config.engine names: DuckDB over `<dataDir>/curated` (local
 * default) or Athena. Importing this module loads DuckDB's native binding:
 * code that only ever runs on Athena (the dashboard Lambda) calls
 * athenaEngineFromConfig instead, so its bundle ships without DuckDB.
 */
export function createEngine(config: Config, reference?: ReferenceData): QueryEngine {
  if (config.engine === 'athena') return athenaEngineFromConfig(config, reference);
  return new DuckDbEngine({ dataDir: config.dataDir, reference });
}
