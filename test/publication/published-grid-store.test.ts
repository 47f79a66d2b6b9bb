import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import {
  PUBLISHED_GRID_PREFIX,
  publishedGridKey,
  publishedPatternsKey,
  readPublishedPatterns,
  writePublishedGrid,
  writePublishedPatterns,
} from '../../src/publication/grid-store';
import { protect } from '../../src/publication/protect';
import { PUBLISHED_TABLES } from '../../src/publication/published-grid';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import type { QueryEngine } from '../../src/query/engine';
import { AREA_LEVELS, INDICATOR_IDS } from '../../src/query/types';
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
    expect(new Set(builder.engine.ran)).toEqual(new Set(PUBLISHED_TABLES));
    expect(await store.head(publishedGridKey('v1'))).toBeDefined();

    const reader = serviceOver({ write: false });
    for (const viewer of viewers)
      for (const id of INDICATOR_IDS) {
        const built = await builder.service.get(id, { from: 2022, to: 2025 }, viewer);
        // Each level first, read alone from the stored table where the class's view only selects rows.
        for (const level of AREA_LEVELS) {
          const servedLevel = await reader.service.get(id, { from: 2022, to: 2025, level }, viewer);
          expect(servedLevel.data, `${viewer.login} ${id} ${level}`).toEqual(
            built.data.filter((r) => r.level === level),
          );
        }
        const served = await reader.service.get(id, { from: 2022, to: 2025 }, viewer);
        expect(served.data, `${viewer.login} ${id}`).toEqual(built.data);
        expect(served.meta.suppression).toEqual(built.meta.suppression);
      }
    // Not one query: 実施状況 too is kept with the grid.
    expect(reader.engine.ran).toEqual([]);
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

  it('carries the patterns the publisher proved: the same as a fresh proof, and what a reader serves', async () => {
    const publisher = serviceOver({ write: true, version: 'p1' });
    await publisher.service.publish({ provePatterns: true, classes: [null, '313726'] });
    const stored = await readPublishedPatterns(store, 'p1');
    expect(Object.keys(stored?.classes ?? {}).sort()).toEqual(['', '313726']);

    // Restored from the store, each equals what protect() proves afresh.
    const reader = serviceOver({ write: false, version: 'p1' });
    const { grid } = await reader.service.grid('p1');
    for (const own of [null, '313726']) {
      const restored = await grid.protection(own);
      const fresh = await protect(grid.cells, { ownTown: own }, 3);
      expect(restored.hidden).toEqual(fresh.hidden);
      expect(restored.primary).toEqual(fresh.primary);
      expect(restored.withheld).toEqual(fresh.withheld);
    }

    // And a reader serves the stored pattern, not its own proof: one more hidden cell shows as 秘匿.
    const team = stored?.classes[''];
    if (!team) throw new Error('no team pattern stored');
    const shown = await reader.service.get('consultations', { from: 2025, to: 2025 }, viewers[2] as Viewer);
    const row = shown.data.find((r) => r.level === 'prefecture');
    const cell = `p|${row?.fiscal_year}|contacts`;
    expect(row?.suppressed).not.toContain('contacts');
    await writePublishedPatterns(store, {
      ...(stored as NonNullable<typeof stored>),
      version: 'p2',
      classes: { '': { ...team, complementary: [...team.complementary, cell] } },
    });
    await store.put(publishedGridKey('p2'), (await store.get(publishedGridKey('p1'))) as Uint8Array);
    // The grid object says which version it is: p1's bytes are not served as p2 …
    const other = serviceOver({ write: false, version: 'p2' });
    await other.service.get('consultations', { from: 2025, to: 2025 }, viewers[0] as Viewer);
    expect(other.engine.ran).toContain('consultations');
    // … and the patterns p2 names are served by whoever holds p2's grid.
    const tampered = (
      await other.service.get('consultations', { from: 2025, to: 2025 }, viewers[2] as Viewer)
    ).data;
    expect(tampered.find((r) => r.level === 'prefecture')?.suppressed).toContain('contacts');
    expect(await store.head(publishedPatternsKey('p2'))).toBeDefined();
  }, 300_000);

  it('keeps the newest two grids', async () => {
    for (const version of ['a1', 'a2', 'a3']) {
      await writePublishedGrid(store, version, new Uint8Array([0]));
      await new Promise((r) => setTimeout(r, 20));
    }
    const kept = (await store.list(PUBLISHED_GRID_PREFIX)).map((o) => o.key);
    expect(kept.sort()).toEqual([publishedGridKey('a2'), publishedGridKey('a3')]);
    // A version's patterns go with its grid.
    await writePublishedPatterns(store, { version: 'a3', k: 3, classes: {} });
    await writePublishedGrid(store, 'a4', new Uint8Array([0]));
    expect((await store.list(PUBLISHED_GRID_PREFIX)).map((o) => o.key).sort()).toEqual([
      publishedGridKey('a3'),
      publishedPatternsKey('a3'),
      publishedGridKey('a4'),
    ]);
    await writePublishedGrid(store, 'a5', new Uint8Array([0]));
    expect(await store.head(publishedPatternsKey('a3'))).toBeUndefined();
    expect(() => publishedGridKey('../state/data-version')).toThrow(/not a data version/);
  });
});
