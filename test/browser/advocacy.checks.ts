import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accountFor, type Dashboard, openPage, seriousViolations, signIn } from './harness';

const SAKAIMINATO = '312045'; // 移行準備 in the demo's latest year: the visit-log round trip
const HIYOSHIZU = '313840'; // 日吉津村: 未実施 in the demo's latest year — the pack the bar names

/** A4 portrait less the 12 mm margins of print.css, at 96 px per inch. */
const A4_CONTENT = { width: Math.round((186 / 25.4) * 96), height: Math.round((273 / 25.4) * 96) };

/** Pages in a PDF Chromium wrote: its page objects (`/Type /Page`, not the `/Pages` tree). */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

/** The pack chart's drawn box (CSS pixels) and its bitmap, as width / height ratios. */
function chartShape(page: Page) {
  return page.$eval('#chart-seniors', (el) => {
    const c = el as HTMLCanvasElement;
    const box = c.getBoundingClientRect();
    return { box: box.width / box.height, bitmap: c.width / c.height, width: box.width };
  });
}

/** 訪問準備 as the 推進チーム uses it: the printed A4 handout and the visit log. */
export function advocacyChecks(dashboard: () => Dashboard): void {
  describe('訪問準備 (推進チーム)', () => {
    it('prints a 未実施 town’s pack on exactly one A4 page, nothing internal, the chart undistorted', async () => {
      const team = await signIn(dashboard(), accountFor(dashboard(), 'promotion_team'));
      const { page } = team;
      await openPage(page, `/advocacy/${HIYOSHIZU}`);
      // Something internal to leave out: a logged visit with its 記録者.
      const secret = '内部メモ：課長は慎重、来年度予算は未定';
      await page.fill('#visited_on', '2026-10-15');
      await page.fill('#met_with', secret);
      await page.fill('#next_steps', '次回は部長同席で説明する');
      await Promise.all([
        page.waitForURL(/saved=1/),
        page.click('form[action$="/visits"] button[type="submit"]'),
      ]);
      await page.waitForFunction(() => document.body.dataset.chartsReady === 'true');
      // innerText, not textContent: it leaves out what CSS hides, as paper does.
      // biome-ignore lint/performance/useDomNodeTextContent: what is rendered is the point
      const screenText = await page.evaluate(() => document.body.innerText);
      expect(screenText).toContain(secret);
      expect(screenText).toMatch(/前回の推進チーム訪問: 2026年10月15日/);

      // The handout's content, on screen: three key messages, the subsidy as the briefing words it, a contact.
      expect(await page.locator('.pack-messages li').count()).toBe(3);
      expect(await page.locator('.pack-messages').textContent()).toContain('本村は');
      expect(await page.locator('#subsidy-heading + p').textContent()).toContain(
        'アウトリーチ支援、多機関協働事業に対する国・県3/4補助など',
      );
      expect(await page.locator('.pack-contact').textContent()).toContain('孤独・孤立対策課');
      expect(await page.locator('#near-heading ~ table').textContent()).toContain('全国');
      const screen = await chartShape(page);
      expect(screen.width).toBeGreaterThan(500);

      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize(A4_CONTENT);
      await page.waitForTimeout(200); // Chart.js follows the box on its next resize callback.
      // biome-ignore lint/performance/useDomNodeTextContent: only what prints counts
      const printed = await page.evaluate(() => document.body.innerText);
      for (const internal of [secret, '記録者', '訪問記録', '前回の推進チーム訪問', 'データ版'])
        expect(printed, internal).not.toContain(internal);
      // No data-version string of any shape (e.g. 20260424T004000000Z-c3f7a3fdb8d6.2c0dd209).
      expect(printed).not.toMatch(/\d{8}T\d{6,9}Z-[0-9a-f]{6,}/);
      expect(printed).toContain('3つのポイント');
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);
      const print = await chartShape(page);
      // Same shape on paper as on screen (within 5%), and the bitmap is never stretched into it.
      expect(Math.abs(print.box / screen.box - 1)).toBeLessThan(0.05);
      expect(Math.abs(print.box / print.bitmap - 1)).toBeLessThan(0.05);
      expect(Math.abs(screen.box / screen.bitmap - 1)).toBeLessThan(0.05);

      // What Chromium actually prints: exactly one A4 page.
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdfPageCount(pdf)).toBe(1);
      await team.context.close();
    });

    it('records a visit through the form, lists it as text, and corrects it', async () => {
      const team = await signIn(dashboard(), accountFor(dashboard(), 'promotion_team'));
      const { page, errors } = team;
      await openPage(page, `/advocacy/${SAKAIMINATO}`);
      await page.fill('#visited_on', '2024-05-20');
      await page.fill('#met_with', '福祉課長 <b>太字</b>');
      await page.fill('#next_steps', '庁内検討会を6月に開く');
      // A follow-up before the visit comes back with the Japanese reason and the typed values kept.
      await page.fill('#follow_up_on', '2024-05-01');
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/visits')),
        page.click('form[action$="/visits"] button[type="submit"]'),
      ]);
      await page.waitForFunction(() => document.body.dataset.chartsReady === 'true');
      expect(await page.locator('#follow_up_on-error').textContent()).toBe(
        'フォローアップ日は訪問日以降の日付にしてください。',
      );
      expect(await page.inputValue('#met_with')).toBe('福祉課長 <b>太字</b>');
      expect(await seriousViolations(page)).toEqual([]);
      await page.fill('#follow_up_on', '2024-06-30');
      await Promise.all([
        page.waitForURL(/saved=1/),
        page.click('form[action$="/visits"] button[type="submit"]'),
      ]);
      await page.waitForFunction(() => document.body.dataset.chartsReady === 'true');
      expect(await page.locator('[role="status"]').textContent()).toContain('保存しました');
      const log = page.locator('table', { has: page.locator('caption', { hasText: '訪問記録' }) });
      expect(await log.locator('tbody th, tbody td').allTextContents()).toEqual(
        expect.arrayContaining([
          '2024年5月20日',
          '福祉課長 <b>太字</b>',
          '庁内検討会を6月に開く',
          '2024年6月30日',
        ]),
      );

      // The team corrects the entry from the page; the log shows the new text and who corrected it.
      const actions = page.locator('details.visit-actions', { hasText: '2024年5月20日' });
      await actions.locator('summary').click();
      await actions.locator('textarea[name="next_steps"]').fill('庁内検討会を7月に開く');
      await actions.locator('input[name="reason"]').first().fill('開催月の誤り');
      await Promise.all([
        page.waitForURL(/saved=corrected/),
        actions.locator('form').first().locator('button[type="submit"]').click(),
      ]);
      await page.waitForFunction(() => document.body.dataset.chartsReady === 'true');
      const corrected = await log.locator('tbody').textContent();
      expect(corrected).toContain('庁内検討会を7月に開く');
      expect(corrected).toContain('訂正: promotion-team');
      expect(await seriousViolations(page)).toEqual([]);
      // The refused form's 400 is logged by Chromium as a failed resource; nothing else may be.
      expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
      await team.context.close();
    });
  });
}
