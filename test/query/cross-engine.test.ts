import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { AthenaEngine } from '../../src/query/athena-engine';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { INDICATOR_IDS } from '../../src/query/types';
import { IndicatorService } from '../../src/service/indicator-service';
import { athenaStandIn, type StandIn } from './athena-stand-in';
import { tempDataDir, writeCuratedParquet } from './parquet-fixture';
import { syntheticData } from './synthetic';

const prefecture: Viewer = { role: 'prefecture', login: 'x' };
const team: Viewer = { role: 'promotion_team', login: 'y' };

describe('cross-engine: Athena (stand-in endpoint over DuckDB) returns exactly what DuckDB returns', () => {
  let dataDir: string;
  let standIn: StandIn;
  let duck: IndicatorService;
  let athena: IndicatorService;

  beforeAll(async () => {
    dataDir = await tempDataDir();
    await writeCuratedParquet(dataDir, syntheticData({ seed: 11, maxCases: 20 }));
    standIn = await athenaStandIn(dataDir, 37);
    const common = { dataVersion: async () => 'v7', suppressionK: 3 };
    duck = new IndicatorService({ engine: new DuckDbEngine({ dataDir }), ...common });
    athena = new IndicatorService({
      engine: new AthenaEngine({
        client: standIn.client,
        workgroup: 'wg',
        database: 'juso',
        sleep: async () => {},
      }),
      ...common,
    });
  });
  afterAll(async () => {
    await duck?.close();
    standIn?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  for (const id of INDICATOR_IDS) {
    it(`${id}: same rows, same values, same types, for exact and suppressed viewers`, async () => {
      for (const viewer of [prefecture, team]) {
        const fromDuck = await duck.get(id, { from: 2021, to: 2023 }, viewer);
        const fromAthena = await athena.get(id, { from: 2021, to: 2023 }, viewer);
        expect(fromDuck.data.length).toBeGreaterThan(0);
        expect(fromAthena.data).toEqual(fromDuck.data);
        expect(fromAthena.meta.engine).toBe('athena');
      }
    });
  }

  it('the stand-in received parameters separately from the query text, marked with the data version', () => {
    const first = standIn.started[0];
    expect(first?.QueryString).toMatch(/^\/\* data_version=v7 \*\//);
    expect(first?.ExecutionParameters?.every((p) => /^\d+$/.test(p))).toBe(true);
    expect(first?.QueryString).not.toContain('read_parquet');
  });
});
