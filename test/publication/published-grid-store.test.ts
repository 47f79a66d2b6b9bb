import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import {
  PUBLISHED_GRID_PREFIX,
  publishedGridKey,
  writePublishedGrid,
} from '../../src/publication/grid-store';
import { GRID_INDICATORS } from '../../src/publication/published-grid';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import type { QueryEngine } from '../../src/query/engine';
import { INDICATOR_IDS } from '../../src/query/types';
import { IndicatorService } from '../../src/service/indicator-service';
import { LocalStore } from '../../src/storage/local-store';
import { demoDataDir } from '../query/demo-data';

/**
 * The grid is built once after ingest and stored; every other instance
 * serves its slices from the stored grid without running the grid's
 * queries, and serves exactly what the instance that built it serves.
 */
const viewers: Viewer[] = [
  { role: 'prefecture', login: 'pref' },
  { role: 'municipality', municipalityCode: '313726', login: 'hokuei' },
  { role: 'promotion_team', login: 'team' },
];

/** An engine that records which queries it ran. */
function counted(engine: QueryEngine): QueryEngine & { ran: string[] } {
  const ran: string[] = [];
  return Object.assign(Object.create(engine) as QueryEngine, {
    ran,
    run: (id: string, params: readonly number[], version: string) => {
      ran.push(id);
      return engine.run(id, params, version);
    },
  });
}

let dataDir: string;
let store: LocalStore;
const services: IndicatorService[] = [];
const serviceOver = (opts: { write: boolean; version?: string; k?: number; warn?: (e: object) => void }) => {
  const engine = counted(new DuckDbEngine({ dataDir }));
  const service = new IndicatorService({
    engine,
    dataVersion: async () => opts.version ?? 'v1',
    suppressionK: opts.k ?? 3,
    publishedGrids: { store, write: opts.write },
    ...(opts.warn ? { warn: opts.warn } : {}),
  });
  services.push(service);
  return { service, engine };
};

beforeAll(async () => {
  dataDir = await demoDataDir();
  store = new LocalStore(dataDir);
}, 180_000);
afterAll(async () => {
  for (const s of services) await s.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the published grid, stored after ingest', () => {
  it('is built and stored by publish(), and served by another instance without the grid queries', async () => {
    const builder = serviceOver({ write: true });
    expect(await builder.service.publish()).toBe('v1');
    expect(new Set(builder.engine.ran)).toEqual(new Set(GRID_INDICATORS));
    expect(await store.head(publishedGridKey('v1'))).toBeDefined();

    const reader = serviceOver({ write: false });
    for (const viewer of viewers)
      for (const id of INDICATOR_IDS) {
        const built = await builder.service.get(id, { from: 2022, to: 2025 }, viewer);
        const served = await reader.service.get(id, { from: 2022, to: 2025 }, viewer);
        expect(served.data, `${viewer.login} ${id}`).toEqual(built.data);
        expect(served.meta.suppression).toEqual(built.meta.suppression);
      }
    // Only 実施状況, which is not part of the grid, was queried.
    expect(new Set(reader.engine.ran)).toEqual(new Set(['implementation']));
  }, 300_000);

  it('is built again, never served, when stored for another k or unreadable; a reader does not write', async () => {
    const otherK = serviceOver({ write: false, k: 5 });
    await otherK.service.get('consultations', {}, viewers[0] as Viewer);
    expect(otherK.engine.ran).toContain('consultations');

    await store.put(publishedGridKey('v2'), new Uint8Array([1, 2, 3]));
    const warnings: object[] = [];
    const broken = serviceOver({ write: false, version: 'v2', warn: (e) => warnings.push(e) });
    const { data } = await broken.service.get('issues', {}, viewers[1] as Viewer);
    expect(data.length).toBeGreaterThan(0);
    expect(broken.engine.ran).toContain('issues');
    expect(warnings).toEqual([
      expect.objectContaining({ event: 'published_grid_unreadable', version: 'v2' }),
    ]);
    // Still the broken bytes: a read-only instance never stores what it built.
    expect((await store.get(publishedGridKey('v2')))?.length).toBe(3);
  }, 300_000);

  it('keeps the newest two grids', async () => {
    for (const version of ['a1', 'a2', 'a3']) {
      await writePublishedGrid(store, version, new Uint8Array([0]));
      await new Promise((r) => setTimeout(r, 20));
    }
    const kept = (await store.list(PUBLISHED_GRID_PREFIX)).map((o) => o.key);
    expect(kept.sort()).toEqual([publishedGridKey('a2'), publishedGridKey('a3')]);
    expect(() => publishedGridKey('../state/data-version')).toThrow(/not a data version/);
  });
});
