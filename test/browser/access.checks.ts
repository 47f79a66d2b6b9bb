import { describe, expect, it } from 'vitest';
import { accountFor, type Dashboard } from './harness';

/** Who may open which page: answered by the server, whatever the menu shows. */
export function accessChecks(dashboard: () => Dashboard): void {
  const get = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${dashboard().url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
    });

  describe('page access by role', () => {
    it('keeps 訪問準備 to the prefecture and the 推進チーム', async () => {
      const staff = accountFor(dashboard(), 'municipality', '313726').token;
      const team = accountFor(dashboard(), 'promotion_team').token;
      const refused = await get('/advocacy/312045', staff);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('訪問準備のページは県と推進チームのみ利用できます。');
      expect((await get('/advocacy/312045', team)).status).toBe(200);
    });

    it('refuses the upload page to the 推進チーム, which uploads nothing', async () => {
      const team = accountFor(dashboard(), 'promotion_team').token;
      expect((await get('/upload', team)).status).toBe(403);
    });

    it('answers an unknown town with a Japanese 404', async () => {
      const pref = accountFor(dashboard(), 'prefecture').token;
      const res = await get('/municipalities/999999', pref);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('県内の市町村ではありません');
    });

    it('shows municipal staff only their own uploads’ reports', async () => {
      const staff = accountFor(dashboard(), 'municipality', '313726').token;
      const submissions = await (await get('/submissions', staff)).text();
      const other = submissions.match(/href="\/uploads\/([^"]+)"/)?.[1];
      expect(other).toBeDefined();
      expect((await get(`/uploads/${other}`, staff)).status).toBe(200);
      const yonago = accountFor(dashboard(), 'municipality', '312029').token;
      expect((await get(`/uploads/${other}`, yonago)).status).toBe(404);
    });

    it('redirects a visitor without a session to the sign-in page', async () => {
      const res = await fetch(`${dashboard().url}/compare`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toContain('/login');
    });
  });
}
