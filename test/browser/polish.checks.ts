import { describe, expect, it } from 'vitest';
import { TERMS } from '../../src/glossary';
import { accountFor, type Dashboard, openPage, signIn } from './harness';

const PHONE = { width: 390, height: 844 };

/** Every page a person opens, by who opens it (the upload history is a fragment, not a page). */
const PAGES: Record<'prefecture' | 'municipality', string[]> = {
  prefecture: [
    '/',
    '/overview',
    '/municipalities',
    '/municipalities/313726',
    '/municipalities/314021',
    '/compare',
    '/advocacy',
    '/advocacy/313840',
    '/submissions',
    '/upload',
    '/upload/contract',
    '/audit',
    '/disclosure',
  ],
  municipality: ['/', '/municipalities/313726', '/compare', '/submissions', '/upload'],
};

/** Document width beyond the viewport: > 0 means the page scrolls sideways. */
const sidewaysScroll = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.documentElement.scrollWidth);

/**
 * Polish a person notices (issue 13, item 9): a phone-width screen without
 * sideways scrolling, the sign-in page in standards mode with the site's
 * header, error pages that keep the navigation, and no favicon 404.
 */
export function polishChecks(dashboard: () => Dashboard): void {
  describe('at 390 px and around the edges', () => {
    for (const role of ['prefecture', 'municipality'] as const) {
      it(`every page fits 390 px without sideways scrolling (${role})`, async () => {
        const account =
          role === 'municipality'
            ? accountFor(dashboard(), 'municipality', '313726')
            : accountFor(dashboard(), 'prefecture');
        const user = await signIn(dashboard(), account, { viewport: PHONE });
        const widths: Record<string, number> = {};
        for (const path of PAGES[role]) {
          await openPage(user.page, path);
          widths[path] = await sidewaysScroll(user.page);
        }
        expect(Object.entries(widths).filter(([, w]) => w > PHONE.width)).toEqual([]);
        // No console error on any of them: the favicon request used to 404 on every page.
        expect(user.errors).toEqual([]);
        await user.context.close();
      });
    }

    it('the sign-in page is in standards mode, has the site header, fits 390 px and links a favicon that loads', async () => {
      const context = await dashboard().browser.newContext({ baseURL: dashboard().url, viewport: PHONE });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto('/login');
      expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
      expect((await page.locator('header.site-header .site-title').textContent())?.trim()).toBe(
        TERMS.siteTitle.term,
      );
      expect(await sidewaysScroll(page)).toBeLessThanOrEqual(PHONE.width);
      const icon = await page.getAttribute('link[rel="icon"]', 'href');
      expect(icon).toBeTruthy();
      expect((await page.request.get(icon as string)).status()).toBe(200);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('the site header reads the same on every page and on sign-in', async () => {
      const user = await signIn(dashboard(), accountFor(dashboard(), 'prefecture'));
      await openPage(user.page, '/');
      expect((await user.page.locator('header.site-header .site-title').textContent())?.trim()).toBe(
        TERMS.siteTitle.term,
      );
      expect(await user.page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
      await user.context.close();
    });

    it('an error page keeps the site header and navigation', async () => {
      const user = await signIn(dashboard(), accountFor(dashboard(), 'promotion_team'), { viewport: PHONE });
      const res = await user.page.goto('/municipalities/999999');
      expect(res?.status()).toBe(404);
      expect(await user.page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
      expect((await user.page.locator('header.site-header .site-title').textContent())?.trim()).toBe(
        TERMS.siteTitle.term,
      );
      const nav = await user.page.locator('nav.site-nav a').allTextContents();
      expect(nav).toEqual(expect.arrayContaining(['県全体', '市町村', '訪問準備']));
      expect(await user.page.locator('h1').textContent()).toContain('404');
      expect(await sidewaysScroll(user.page)).toBeLessThanOrEqual(PHONE.width);
      await user.context.close();
    });
  });
}
