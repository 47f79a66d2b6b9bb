import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { mulberry32 } from '../../src/demo/prng';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { OUTCOME_COUNTS } from '../../src/query/fields';
import type { IndicatorId, Row } from '../../src/query/types';
import { IndicatorService } from '../../src/service/indicator-service';
import { tempDataDir, writeCuratedParquet } from '../query/parquet-fixture';
import { syntheticData, TOTTORI_CODES } from '../query/synthetic';
import { auditPrefecture, auditTeam, auditTown, windows } from './audit-viewers';
import { DisclosureAuditor } from './auditor';
import { useDemoService } from './demo-service';

/**
 * 支援の成果 under the guarantee of docs/disclosure.md: its counts are
 * counts of people, linked to 相談実人数 (the 状態 counts sum to it) and to
 * every indicator that shows 相談実人数. The independent auditor reads
 * every window of all of them together, as a reader would, and no small
 * hidden count may be narrowed below k.
 */
const K = 3;
const IDS: IndicatorId[] = ['consultations', 'issues', 'benchmark', 'outcomes'];
const YEARS = [2021, 2022, 2023, 2024, 2025];
const prefecture = auditPrefecture('outcomes-audit-prefecture');
const team = auditTeam('outcomes-audit-team');
const town = (code: string): Viewer => auditTown(code, 'oa');

async function collect(service: IndicatorService, viewer: Viewer, years = YEARS): Promise<DisclosureAuditor> {
  const auditor = new DisclosureAuditor();
  for (const id of IDS)
    for (const w of windows(years)) auditor.add(id, (await service.get(id, w, viewer)).data);
  return auditor;
}

const demo = useDemoService();

describe('支援の成果: what a viewer not entitled to a town sees', () => {
  it.each([
    ['推進チーム', team, null],
    ['北栄町', town('313726'), '313726'],
    ['江府町', town('314030'), '314030'],
  ] as const)(
    '%s: small counts hidden, rates and medians with them, own town exact',
    async (_n, viewer, own) => {
      const exact = (await demo.service.get('outcomes', {}, prefecture)).data;
      const seen = (await demo.service.get('outcomes', {}, viewer)).data;
      expect(seen.length).toBe(exact.length);
      let hidden = 0;
      let medians = 0;
      for (const [i, row] of seen.entries()) {
        const truth = exact[i] as Row;
        expect([row.level, row.area_code, row.fiscal_year]).toEqual([
          truth.level,
          truth.area_code,
          truth.fiscal_year,
        ]);
        const suppressed = row.suppressed as string[];
        const ownRow = own !== null && row.municipality_code === own;
        if (ownRow) expect(row).toEqual({ ...truth, suppressed: [] });
        for (const f of OUTCOME_COUNTS) {
          const v = truth[f];
          // A town's own small count is not hidden from it; anyone else's is.
          if (row.level === 'municipality' && !ownRow && typeof v === 'number' && v > 0 && v < K) {
            expect(row[f], `${row.area_code} ${row.fiscal_year} ${f}`).toBeNull();
          }
          if (row[f] === null && v !== null) {
            expect(suppressed).toContain(f);
            hidden++;
          } else expect(row[f]).toBe(v);
        }
        if (suppressed.includes('closed') || suppressed.includes('persons'))
          expect(row.closure_rate).toBeNull();
        if (suppressed.includes('closed')) expect(row.median_support_days).toBeNull();
        // A median shown to someone not entitled to every case in it is of at least k cases.
        if (typeof row.median_support_days === 'number' && !ownRow) {
          medians++;
          const others = row.level === 'municipality' || own === null ? (truth.closed as number) : null;
          if (others !== null) expect(others).toBeGreaterThanOrEqual(K);
        }
      }
      expect(hidden, 'something is hidden: the check is not vacuous').toBeGreaterThan(0);
      expect(medians, 'medians are shown where they are safe').toBeGreaterThan(0);
    },
    300_000,
  );

  it.each([
    ['推進チーム', team],
    ['北栄町', town('313726')],
    ['江府町', town('314030')],
  ])(
    '%s: nothing it can obtain (every window of 相談件数推移, 課題と特性, 類似団体比較 and 支援の成果) narrows a hidden count below k',
    async (_n, viewer) => {
      const truth = (await collect(demo.service, prefecture)).keys().known;
      const auditor = await collect(demo.service, viewer);
      const { hidden } = auditor.keys();
      const outcomeKeys = [...hidden].filter((k) => k.includes('|o:'));
      console.log(
        `${viewer.login}: ${hidden.size} hidden keys, ${outcomeKeys.length} of them outcome counts`,
      );
      expect(outcomeKeys.length, 'outcome counts are among the hidden').toBeGreaterThan(0);
      expect(auditor.contradictions).toEqual([]);
      const leaks = await auditor.narrowed(truth, K);
      expect(leaks.slice(0, 5).map((l) => `${l.key}=${l.value} in [${l.lo}, ${l.hi}]`)).toEqual([]);
    },
    600_000,
  );
});

/** Generated data sets per run: 4 in CI (about 2 minutes; 12 passed in 6 minutes on 2026-12-04); OUTCOME_AUDIT_RUNS for more. */
const RUNS = Number(process.env.OUTCOME_AUDIT_RUNS ?? 4);

describe('支援の成果 on generated data (fast-check)', () => {
  it(`holds for ${RUNS} data sets with random 状態, closures and tallies: the team and a random town`, async () => {
    const years = [2022, 2023];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.subarray(TOTTORI_CODES, { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(...TOTTORI_CODES),
        async (seed, towns, maxCases, viewerTown) => {
          const data = syntheticData({ seed, towns, maxCases, years });
          // Every 状態, some closed without a date, some with none at all; tallies of both kinds.
          const rand = mulberry32(seed ^ 0x5eed);
          for (const c of data.cases ?? []) {
            const r = rand();
            c.status = r < 0.3 ? 'closed' : r < 0.55 ? 'watching' : r < 0.9 ? 'supporting' : null;
            c.closed_on =
              c.status === 'closed' && rand() < 0.85
                ? `${Number(c.fiscal_year) + 1}-03-${10 + Math.floor(rand() * 19)}`
                : null;
          }
          for (const a of data.activities ?? []) {
            a.outreach_visits = rand() < 0.7 ? Math.floor(rand() * 4) : null;
            a.participation_support = rand() < 0.7 ? Math.floor(rand() * 3) : null;
          }
          const dataDir = await tempDataDir();
          await writeCuratedParquet(dataDir, data);
          const service = new IndicatorService({
            engine: new DuckDbEngine({ dataDir }),
            dataVersion: async () => `outcomes-generated-${seed}`,
            suppressionK: K,
          });
          try {
            const truth = (await collect(service, prefecture, years)).keys().known;
            for (const viewer of [team, town(viewerTown)]) {
              const auditor = await collect(service, viewer, years);
              expect(auditor.contradictions).toEqual([]);
              const leaks = await auditor.narrowed(truth, K);
              expect(
                leaks.slice(0, 5).map((l) => `${l.key}=${l.value} in [${l.lo}, ${l.hi}]`),
                viewer.login,
              ).toEqual([]);
            }
          } finally {
            await service.close();
            await rm(dataDir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 1_800_000);
});
