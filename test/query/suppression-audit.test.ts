import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { IndicatorService } from '../../src/query/indicator-service';
import { INDICATOR_IDS, type IndicatorId, type Row } from '../../src/query/types';
import { auditSuppression, derivableSmallCells, smallCellsShown } from './audit';
import { demoService } from './demo-data';
import { tempDataDir, writeCuratedParquet } from './parquet-fixture';
import { syntheticData, TOTTORI_CODES } from './synthetic';

const prefecture: Viewer = { role: 'prefecture', login: 'audit' };
const team: Viewer = { role: 'promotion_team', login: 'audit-team' };
const town = (code: string): Viewer => ({
  role: 'municipality',
  municipalityCode: code,
  login: `audit-${code}`,
});

/** Whose exact figure a cell is, the way viewer.ts decides entitlement. */
function entitledFor(viewer: Viewer) {
  return (row: Row, field: string): boolean => {
    if (viewer.role === 'prefecture') return true;
    const ownsRow = row.level === 'municipality' || row.level === 'month' || row.level === 'history';
    const townField =
      field === 'value' || field === 'count' || field === 'cases' || !field.includes('_value');
    if (viewer.role === 'municipality' && ownsRow && townField)
      return row.municipality_code === viewer.municipalityCode;
    return false;
  };
}

async function auditAll(service: IndicatorService, viewers: Viewer[], k: number): Promise<string[]> {
  const problems: string[] = [];
  for (const id of INDICATOR_IDS as IndicatorId[]) {
    const exact = (await service.get(id, {}, prefecture)).data;
    for (const viewer of viewers) {
      const shown = (await service.get(id, {}, viewer)).data;
      for (const p of auditSuppression(id, exact, shown)) problems.push(`${id} ${viewer.login}: ${p}`);
      for (const p of smallCellsShown(id, exact, shown, k, entitledFor(viewer))) {
        problems.push(`${id} ${viewer.login}: ${p}`);
      }
      for (const p of derivableSmallCells(id, exact, shown, k, entitledFor(viewer))) {
        problems.push(`${id} ${viewer.login}: ${p}`);
      }
    }
  }
  return problems;
}

describe('suppression audit on the demo data', () => {
  let service: IndicatorService;
  let dispose: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ service, dispose } = await demoService('demo'));
  }, 120_000);
  afterAll(async () => {
    await dispose?.();
  });

  it('no table any viewer can receive reveals a hidden figure', async () => {
    const viewers = [team, town('313726'), town('313254'), town('314030'), town('312011')];
    expect(await auditAll(service, viewers, 3)).toEqual([]);
  }, 120_000);

  it('something is actually hidden for the promotion team (the audit is not vacuous)', async () => {
    const { meta } = await service.get('issues', {}, team);
    expect(meta.suppression.applied).toBe(true);
    expect(meta.suppression.suppressed_cells).toBeGreaterThan(0);
  });
});

describe('suppression audit on random data (fast-check)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('holds for random towns, sizes, k and viewers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.subarray(TOTTORI_CODES, { minLength: 2, maxLength: 8 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 2, max: 5 }),
        fc.constantFrom(...TOTTORI_CODES),
        async (seed, towns, maxCases, k, viewerTown) => {
          const dataDir = await tempDataDir();
          dirs.push(dataDir);
          await writeCuratedParquet(dataDir, syntheticData({ seed, towns, maxCases, years: [2022, 2023] }));
          const service = new IndicatorService({
            engine: new DuckDbEngine({ dataDir }),
            dataVersion: async () => `random-${seed}`,
            suppressionK: k,
          });
          try {
            const problems = await auditAll(service, [team, town(viewerTown), town(towns[0] as string)], k);
            expect(problems).toEqual([]);
          } finally {
            await service.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 240_000);
});
