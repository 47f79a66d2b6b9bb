import { describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import { accountFor, type Dashboard, openPage, screenshot, seriousViolations, signIn } from './harness';

/** 県の全体像, データ提出状況 and 操作記録 as the prefecture uses them. */
export function overviewChecks(dashboard: () => Dashboard): void {
  describe('県の全体像 (prefecture)', () => {
    it('shows the tile map and the programme matrix with all 19 towns; the matrix CSV has 19 rows', async () => {
      const pref = await signIn(dashboard(), accountFor(dashboard(), 'prefecture'));
      const { page, errors } = pref;
      await openPage(page, '/overview');
      const tiles = page.locator('ol.tile-map > li.tile');
      expect(await tiles.count()).toBe(19);
      const names = await tiles.locator('.tile-name').allTextContents();
      expect(names.sort()).toEqual(MUNICIPALITIES.map((m) => m.name).sort());
      // Every tile says its status in words, not by colour alone.
      for (const status of await tiles.locator('.tile-status').allTextContents())
        expect(status.trim().length).toBeGreaterThan(0);
      // West to east: 境港市 (west) is drawn left of 岩美町 (east).
      const west = await page.locator('a[data-code="312045"]').boundingBox();
      const east = await page.locator('a[data-code="313025"]').boundingBox();
      expect(west && east && west.x < east.x).toBe(true);

      const matrix = page.locator('table.programme-matrix');
      expect(await matrix.locator('tbody tr').count()).toBe(19);
      // Each cell opens the town's page.
      const links = await matrix.locator('tbody tr').first().locator('td a').count();
      expect(links).toBeGreaterThanOrEqual(10);
      // Sortable by status from the keyboard.
      const statusHeader = matrix.locator('thead th').nth(2);
      await statusHeader.locator('button').focus();
      await page.keyboard.press('Enter');
      expect(await statusHeader.getAttribute('aria-sort')).toBe('ascending');
      const ranks = await matrix
        .locator('tbody tr td:nth-of-type(2)')
        .evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.value ?? ''));
      const known = ranks.filter((r) => r !== '').map(Number);
      expect(known).toEqual([...known].sort((a, b) => a - b));

      const href = await matrix.locator('xpath=../..').locator('a[download]').getAttribute('href');
      const csv = await page.request.get(href ?? '');
      expect(csv.status()).toBe(200);
      const body = await csv.body();
      expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = body.toString('utf8').trimEnd().split('\r\n');
      expect(lines.slice(1)).toHaveLength(19);

      const tileCsv = await page.request.get(
        (await page
          .locator('#heading-tiles')
          .locator('xpath=..')
          .locator('a[download]')
          .getAttribute('href')) ?? '',
      );
      expect(tileCsv.status()).toBe(200);
      expect((await tileCsv.body()).toString('utf8').trimEnd().split('\r\n')).toHaveLength(20);
      expect(errors).toEqual([]);
      await pref.context.close();
    });

    it('fits a 390 px wide phone without sideways scrolling', async () => {
      const pref = await signIn(dashboard(), accountFor(dashboard(), 'prefecture'), {
        viewport: { width: 390, height: 844 },
      });
      await openPage(pref.page, '/overview');
      const map = await pref.page.locator('ol.tile-map').boundingBox();
      expect(map && map.x >= 0 && map.x + map.width <= 390).toBe(true);
      const tiles = await pref.page.locator('ol.tile-map > li.tile').evaluateAll((lis) =>
        lis.map((li) => {
          const r = li.getBoundingClientRect();
          return { right: r.right, overflow: li.scrollWidth - li.clientWidth };
        }),
      );
      for (const t of tiles) {
        expect(t.right).toBeLessThanOrEqual(390);
        expect(t.overflow).toBeLessThanOrEqual(0);
      }
      const pageOverflow = await pref.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(pageOverflow).toBeLessThanOrEqual(0);
      expect(await seriousViolations(pref.page)).toEqual([]);
      await screenshot(pref.page, 'overview-390');
      await pref.context.close();
    });
  });
}
