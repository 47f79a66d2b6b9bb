import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { toEntitledView } from '../../src/query/entitled-view';
import { FIRST_FY, LAST_FY } from '../../src/query/filters';
import { useDemoService } from './demo-service';

/**
 * 実施状況 is served from the published grid (every FY, kept with it) by
 * selecting the window's fiscal years. That is only right while the query's
 * rows depend on the window through their FY alone (first 実施 FY, for one,
 * looks at every year): held here against the query itself, per window.
 */
const demo = useDemoService();
const viewers: Viewer[] = [
  { role: 'prefecture', login: 'pref' },
  { role: 'municipality', municipalityCode: '313726', login: 'hokuei' },
  { role: 'promotion_team', login: 'team' },
];

describe('実施状況 from the published grid', () => {
  it('equals the query run for the window, in every window of the demo years', async () => {
    const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026];
    const windows: [number | undefined, number | undefined][] = [[undefined, undefined]];
    for (const from of years) for (const to of years) if (from <= to) windows.push([from, to]);
    for (const [from, to] of windows) {
      const queried = toEntitledView(
        await demo.service.engine.run('implementation', [from ?? FIRST_FY, to ?? LAST_FY], demo.version),
        { yearOnYear: false },
      );
      for (const viewer of viewers) {
        const served = await demo.service.get(
          'implementation',
          { ...(from ? { from } : {}), ...(to ? { to } : {}) },
          viewer,
        );
        expect(served.data, `${viewer.login} ${from}–${to}`).toEqual(queried);
      }
    }
    expect(windows.length).toBeGreaterThan(30);
  }, 300_000);
});
