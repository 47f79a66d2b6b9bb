import { describe, expect, it } from 'vitest';
import { accountFor, type Dashboard, openPage, seriousViolations, signIn } from './harness';

const SAKAIMINATO = '312045'; // not implementing in the demo: the 推進チーム's visit target

/** 訪問準備 as the 推進チーム uses it: the printed A4 pack and the visit log. */
export function advocacyChecks(dashboard: () => Dashboard): void {
  describe('訪問準備 (推進チーム)', () => {
    it('prints as an A4 pack with the data date and suppression note', async () => {
      const team = await signIn(dashboard(), accountFor(dashboard(), 'promotion_team'));
      await openPage(team.page, `/advocacy/${SAKAIMINATO}`);
      const note = await team.page.locator('.note').first().textContent();
      expect(note).toContain('データ時点');
      expect(note).toMatch(/秘匿/);
      expect(await team.page.locator('#subsidy-heading + p').textContent()).toContain('3/4');
      await team.page.emulateMedia({ media: 'print' });
      await team.page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
      const overflow = await team.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await team.page.locator('nav.site-nav').isVisible()).toBe(false);
      expect(await team.page.locator('form[action$="/visits"]').isVisible()).toBe(false);
      // On paper the chart's numbers print with it, though the table was closed on screen.
      expect(await team.page.locator('details.data-table table').first().isVisible()).toBe(true);
      const pdf = await team.page.pdf({ format: 'A4', printBackground: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(4);
      await team.context.close();
    });

    it('records a visit through the form and lists it as text', async () => {
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
        expect.arrayContaining(['2024-05-20', '福祉課長 <b>太字</b>', '庁内検討会を6月に開く', '2024-06-30']),
      );
      // The refused form's 400 is logged by Chromium as a failed resource; nothing else may be.
      expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
      await team.context.close();
    });
  });
}
