import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../dashboard/server';
import { createDemoApp, type DemoApp, HOKUEI, PREF, TEAM } from './demo-app';
import { ORIGIN, postLogin, signIn as signInAs } from './sign-in-form';

/** Browser sign-in, CSRF, security headers, text escaping, and the app on a real @hono/node-server. */
let demo: DemoApp;

beforeAll(async () => {
  demo = await createDemoApp();
}, 240_000);

afterAll(async () => {
  await demo?.cleanup();
});

const password = (login: string): string => demo.accounts.find((a) => a.login === login)?.password ?? '';

/** Signs in through the login form like a browser; the session cookie and the pages' CSRF token. */
const signIn = (login: string, next = '/') => signInAs(demo, login, { next });

describe('sign-in form', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and redirects to the page asked for', async () => {
    const res = await postLogin(demo, { login: PREF, password: password(PREF), next: '/compare' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/compare');
    const session = res.headers.getSetCookie().find((c) => c.startsWith('session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
  });

  it('refuses a wrong password with a Japanese message', async () => {
    const res = await postLogin(demo, { login: PREF, password: 'wrong' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('ログインIDまたはパスワードが正しくありません');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(false);
  });

  it('locks a login for a while after repeated wrong passwords, even against the right one', async () => {
    const login = 'municipality-314030';
    const attempt = (tried: string) => postLogin(demo, { login, password: tried });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const locked = await attempt(password(login));
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('しばらくログインできません');
  });

  it('never redirects off-site after sign-in', async () => {
    const res = await postLogin(demo, { login: PREF, password: password(PREF), next: '//evil.example/' });
    expect(res.headers.get('location')).toBe('/');
  });

  it('lets a signed-in municipality see its page and signs out', async () => {
    const { cookie, csrf } = await signIn(HOKUEI, '/municipalities/313726');
    const page = await demo.app.request('/municipalities/313726', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('北栄町');
    const out = await demo.app.request('/logout', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(/Max-Age=0/);
  });
});

describe('CSRF', () => {
  it('refuses a form post from another origin', async () => {
    const { cookie, csrf } = await signIn(TEAM);
    const res = await demo.app.request('/api/visit-log', {
      method: 'POST',
      headers: {
        Origin: 'https://evil.example',
        Cookie: cookie,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: csrf, municipality_code: '313254' }).toString(),
    });
    expect(res.status).toBe(403);
  });

  it('refuses a same-origin cookie post without the per-session token, accepts it with the token', async () => {
    const { cookie, csrf } = await signIn(TEAM);
    const entry = {
      municipality_code: '313254',
      visited_on: '2024-05-20',
      met_with: '福祉課長',
      next_steps: '次回、移行準備事業の説明',
      follow_up_on: '2024-06-30',
    };
    const post = (headers: Record<string, string>) =>
      demo.app.request('/api/visit-log', {
        method: 'POST',
        headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(entry),
      });
    const without = await post({});
    expect(without.status).toBe(403);
    expect((await without.json()).error.code).toBe('csrf');
    expect((await post({ 'X-CSRF-Token': 'guess' })).status).toBe(403);
    const ok = await post({ 'X-CSRF-Token': csrf });
    expect(ok.status).toBe(201);
    expect((await ok.json()).data).toMatchObject({ ...entry, recorded_by: TEAM });
  });
});

describe('request size', () => {
  it('refuses anonymous posts with 401 without reading them', async () => {
    const res = await demo.app.request('/api/uploads', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `_csrf=x&file=${'a'.repeat(2 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(401);
  });

  it('caps form and JSON bodies outside uploads at 1 MB (413, Japanese)', async () => {
    const res = await demo.app.request('/api/visit-log', {
      method: 'POST',
      headers: { ...demo.bearer(TEAM), 'Content-Type': 'application/json' },
      body: JSON.stringify({ next_steps: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toContain('大きすぎます');
  });
});

describe('visit log', () => {
  it('stores notes as typed and the 訪問準備 page shows them as text, never as markup', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const res = await demo.app.request('/api/visit-log', {
      method: 'POST',
      headers: { ...demo.bearer(TEAM), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        municipality_code: '313254',
        visited_on: '2024-07-01',
        met_with: hostile,
        next_steps: '=HYPERLINK("http://evil")',
        follow_up_on: null,
      }),
    });
    expect(res.status).toBe(201);
    const list = await demo.app.request('/api/visit-log?municipality=313254', { headers: demo.bearer(PREF) });
    expect((await list.json()).data.some((e: { met_with: string }) => e.met_with === hostile)).toBe(true);

    const page = await demo.app.request('/advocacy/313254', { headers: demo.bearer(TEAM) });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const audit = await demo.app.request('/api/audit?action=visit_log.create', {
      headers: demo.bearer(PREF),
    });
    expect((await audit.json()).data[0]).toMatchObject({ login: TEAM, action: 'visit_log.create' });
  });

  it('refuses an invalid entry with a Japanese message naming the field', async () => {
    const res = await demo.app.request('/api/visit-log', {
      method: 'POST',
      headers: { ...demo.bearer(TEAM), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        municipality_code: '313254',
        visited_on: '2024-02-30',
        met_with: 'x',
        next_steps: 'y',
      }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('訪問日');
  });
});

describe('security headers', () => {
  it('sends a CSP without inline scripts, and frame and referrer protection, on pages and API', async () => {
    for (const res of [
      await demo.app.request('/login'),
      await demo.app.request('/api/me', { headers: demo.bearer(PREF) }),
    ]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('renders pages with no inline script (only JSON data blocks and the bundle)', async () => {
    const html = await (await demo.app.request('/', { headers: demo.bearer(PREF) })).text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/src="\/assets\/|type="application\/json"/);
  });
});

describe('over a real @hono/node-server on 127.0.0.1', () => {
  it('serves the API to a bearer token and refuses anonymous requests', async () => {
    const server = await startServer(demo.app, 0);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/indicators/implementation`)).status).toBe(401);
      const res = await fetch(`${server.url}/api/indicators/implementation`, { headers: demo.bearer(PREF) });
      expect(res.status).toBe(200);
      expect((await res.json()).meta.indicator).toBe('implementation');
    } finally {
      await server.close();
    }
  });
});
