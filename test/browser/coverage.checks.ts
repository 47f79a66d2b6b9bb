import { describe, expect, it } from 'vitest';
import { accountFor, type Dashboard, openPage, screenshot, signIn } from './harness';

const HOKUEI = '313726';

/** The chart data block the page embeds for a canvas (what the bundle draws). */
interface EmbeddedSpec {
  labels: string[];
  series: { label: string; values: (number | null)[]; partial?: boolean[]; suppressed?: boolean[] }[];
}

/**
 * 県全体 after one town's early upload for the next fiscal year (issue 12):
 * the headline stays on the last complete year, no card reads like a
 * collapse, and the new year's point is drawn hollow and labelled 速報.
 * Runs last: it adds a fiscal year to the shared demo data.
 */
export function coverageChecks(dashboard: () => Dashboard): void {
  describe('a partial next-year upload (北栄町) and the 県全体 page', () => {
    it('keeps the headline year, marks the new point 速報, and shows no −99%', async () => {
      // FY2026 runs until 2027-03-31; five cases is what a town sends early in the year.
      const fy = 2026;
      const staff = await signIn(dashboard(), accountFor(dashboard(), 'municipality', HOKUEI));
      await openPage(staff.page, '/upload');
      const rows = [1, 2, 3, 4, 5].map(
        (i) => `${HOKUEI},${fy},R8-00${i},${fy}-05-0${i},本人,40〜49歳,1,介護,支援中,`,
      );
      await staff.page.setInputFiles('#file', {
        name: '相談ケース_令和8年度.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          ['市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日', ...rows].join(
            '\r\n',
          ),
          'utf8',
        ),
      });
      await staff.page.click('form[data-upload] button[type="submit"]');
      await staff.page.locator('#upload-result.report-accepted h2').waitFor();
      await staff.context.close();

      const { page, context } = await signIn(dashboard(), accountFor(dashboard(), 'prefecture'));
      await openPage(page, '/');
      const cards = (await page.locator('ul.cards').textContent()) ?? '';
      expect(cards).not.toMatch(/−9\d\.\d%/);
      expect(cards).toContain('令和7年度');
      expect(cards).not.toContain('令和8年度');
      const note = (await page.locator('#headline-heading ~ p.note').textContent()) ?? '';
      expect(note).toMatch(/令和7年度（19市町村中\d+市町村の報告/);
      expect(note).toContain('令和8年度は速報');

      const spec = JSON.parse(
        (await page.locator('script[data-chart-for="chart-region-trend"]').textContent()) ?? '{}',
      ) as EmbeddedSpec;
      expect(spec.labels.at(-1)).toBe('令和8年度（速報）');
      const chubu = spec.series.find((s) => s.label === '中部');
      expect(chubu?.partial?.at(-1)).toBe(true);
      expect(chubu?.partial?.slice(0, -1).every((p) => p === false)).toBe(true);
      // Hollow is explained on screen and to screen readers.
      expect(await page.locator('#chart-region-trend').getAttribute('aria-label')).toContain('白抜き');
      await screenshot(page, 'prefecture-partial-next-year');
      await context.close();
    });
  });
}
