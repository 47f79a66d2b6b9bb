import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { CONSULTATION_COUNTS } from '../../src/query/fields';
import type { Row } from '../../src/query/types';
import { useDemoService } from './demo-service';

/**
 * Month windows (from_month/to_month) publish a town's part-year figures to
 * the town itself and the prefecture only. For anyone else, every window
 * figure is either their own town's, or a pooled row whose towns are all
 * their own — so a window tells them nothing the year's protection did not
 * already cover, whatever months they ask for.
 */
const demo = useDemoService();
const viewers: Viewer[] = [
  { role: 'promotion_team', login: 'w-team' },
  { role: 'municipality', municipalityCode: '313726', login: 'w-hokuei' },
  { role: 'municipality', municipalityCode: '312011', login: 'w-tottori' },
];

const month = fc
  .record({
    fy: fc.integer({ min: 2021, max: 2025 }),
    a: fc.integer({ min: 0, max: 11 }),
    b: fc.integer({ min: 0, max: 11 }),
  })
  .map(({ fy, a, b }) => {
    const text = (i: number) => {
      const m = ((i + 3) % 12) + 1;
      return `${m >= 4 ? fy : fy + 1}-${String(m).padStart(2, '0')}`;
    };
    return { fromMonth: text(Math.min(a, b)), toMonth: text(Math.max(a, b)) };
  });

describe('month windows and disclosure', () => {
  it('show no other town’s part-year figure, alone or pooled, to anyone but the prefecture', async () => {
    await fc.assert(
      fc.asyncProperty(month, fc.constantFrom(...viewers), async (w, viewer) => {
        const { data } = await demo.service.get('consultations', w, viewer);
        const own = viewer.municipalityCode ?? null;
        const towns = data.filter((r: Row) => r.level === 'municipality');
        for (const r of towns) {
          if (r.municipality_code === own) continue;
          for (const f of CONSULTATION_COUNTS) expect(r[f], `${String(r.municipality_code)} ${f}`).toBeNull();
          expect(r.persons_yoy).toBeNull();
        }
        for (const r of data.filter((x: Row) => x.level === 'region' || x.level === 'prefecture')) {
          const members = towns.filter((t: Row) => r.level === 'prefecture' || t.region === r.region);
          const onlyOwn = members.every((t: Row) => t.municipality_code === own);
          if (!onlyOwn) for (const f of CONSULTATION_COUNTS) expect(r[f]).toBeNull();
        }
        // Month rows of other towns stay withheld, as in the year view.
        for (const r of data.filter((x: Row) => x.level === 'month' && x.municipality_code !== own))
          expect(r.contacts).toBeNull();
      }),
      { numRuns: 30 },
    );
  }, 300_000);
});
