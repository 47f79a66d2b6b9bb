import { describe, expect, it } from 'vitest';
import { accountFor, type Dashboard, openPage, screenshot, seriousViolations, signIn } from './harness';

const HOKUEI = '313726';

/** アップロード as municipal staff use it: a broken file's report, then a good file's effect. */
export function uploadChecks(dashboard: () => Dashboard): void {
  describe('アップロード (北栄町 staff)', () => {
    const csv = (rows: string[]) =>
      Buffer.from(['市町村コード,年度,ケースID,受付日,相談経路,年齢階級,課題', ...rows].join('\r\n'), 'utf8');

    it('shows the Japanese errors of a broken file right away, and a good file changes the numbers shown', async () => {
      const staff = await signIn(dashboard(), accountFor(dashboard(), 'municipality', HOKUEI));
      const { page, errors } = staff;
      const personsFy2022 = async () => {
        await openPage(page, `/municipalities/${HOKUEI}`);
        const table = page.locator('table', {
          has: page.locator('caption', { hasText: '北栄町の相談実績' }),
        });
        const row = table.locator('tr', { has: page.locator('th', { hasText: '令和4年度' }) });
        return (await row.locator('td').first().textContent())?.trim();
      };
      expect(await personsFy2022()).toBe('41');

      await openPage(page, '/upload');
      await page.setInputFiles('#file', {
        name: 'broken.csv',
        mimeType: 'text/csv',
        buffer: csv(['313726,2022,T-1,2022-13-45,本人,40〜49歳,ひきこもり']),
      });
      await page.click('form[data-upload] button[type="submit"]');
      const result = page.locator('#upload-result');
      await result.locator('h2').waitFor();
      expect(await result.locator('h2').textContent()).toContain('取り込めませんでした');
      const problem = await result.locator('tbody tr').first().locator('td').allTextContents();
      expect(problem[0]).toBe('2');
      expect(problem[3]).toMatch(/[ぁ-んァ-ン一-龥]/);
      await screenshot(page, 'upload-rejected');

      // データ提出状況 links the rejected upload to its full report.
      await openPage(page, '/submissions');
      await Promise.all([
        page.waitForURL(/\/uploads\//),
        page.locator('a', { hasText: '取込エラー' }).first().click(),
      ]);
      expect(await page.locator('h1').textContent()).toContain('broken.csv');
      expect(await page.locator('tbody tr').first().locator('th').textContent()).toBe('2');
      expect(await seriousViolations(page)).toEqual([]);

      await openPage(page, '/upload');

      // This time dropped onto the drop zone, as people drag a file from Explorer.
      const good = csv([
        '313726,2022,T-1,2022-05-01,本人,40〜49歳,ひきこもり',
        '313726,2022,T-2,2022-06-01,関係機関,75歳以上,独居・認知症',
        '313726,2022,T-3,2022-07-01,家族・親族,50〜59歳,8050',
      ]).toString('utf8');
      await page.evaluate((text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'good.csv', { type: 'text/csv' }));
        document
          .querySelector('[data-drop-zone]')
          ?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }, good);
      expect(await page.locator('#chosen-file').textContent()).toBe('選択中: good.csv');
      await page.click('form[data-upload] button[type="submit"]');
      await page.locator('#upload-result.report-accepted h2').waitFor();
      expect(await result.locator('h2').textContent()).toContain('取り込みました');
      // What it replaced, and the history refreshed in place with the new upload on top (JST).
      expect(await result.locator('caption', { hasText: '前回の提出からの変化' }).count()).toBe(1);
      const newest = page.locator('#upload-history table').nth(1).locator('tbody tr').first();
      await newest.locator('td', { hasText: 'good.csv' }).waitFor();
      expect(await newest.textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
      expect(await newest.textContent()).toContain('相談実人数');

      expect(await personsFy2022()).toBe('3');
      // The rejected upload's 422 is the API saying "rejected", which Chromium logs as a failed resource.
      expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
      await staff.context.close();
    });
  });
}
