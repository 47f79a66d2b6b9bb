import { AthenaClient } from '@aws-sdk/client-athena';
import type { Config } from '../config';
import { AthenaEngine } from './athena-engine';
import { DuckDbEngine } from './duckdb-engine';
import type { QueryEngine } from './engine';
import type { ReferenceData } from './reference';

/** The engine Config.engine names: DuckDB over `<dataDir>/curated` (local default) or Athena. */
export function createEngine(config: Config, reference?: ReferenceData): QueryEngine {
  if (config.engine === 'athena') {
    return new AthenaEngine({
      client: new AthenaClient({}),
      workgroup: config.athenaWorkgroup,
      database: config.glueDatabase,
      reference,
    });
  }
  return new DuckDbEngine({ dataDir: config.dataDir, reference });
}
