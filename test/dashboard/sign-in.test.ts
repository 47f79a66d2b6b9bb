import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp, PREF } from './demo-app';
import { ORIGIN, postLogin, signIn } from './sign-in-form';

/** Sign-in hardening over HTTP: where `next=` may lead, the throttle, sign-out, caching. */
let demo: DemoApp;

beforeAll(async () => {
  demo = await createDemoApp();
}, 240_000);

afterAll(async () => {
  await demo?.cleanup();
});

/** Where a browser would go: the Location resolved against the page's own URL. */
function landsOn(location: string | null): string {
  return new URL(location ?? '', 'http://localhost/login').origin;
}

const OFF_SITE = [
  '/%09/evil.example',
  '//evil.example',
  '/\\evil.example',
  'https:evil.example',
  '/%2F%2Fevil.example',
  '/\t/evil.example/phish',
  'https://evil.example/',
  '/ /evil.example',
  '/\n/evil.example',
  'javascript:alert(1)',
];

describe('next= after sign-in', () => {
  it.each(OFF_SITE)('never leads off-site from the form: %j', async (next) => {
    // Act: the value typed into the hidden field, as a crafted page would post it.
    const { location } = await signIn(demo, PREF, { next });
    // Assess
    expect(landsOn(location)).toBe('http://localhost');
  });

  it.each(OFF_SITE)('never leads off-site from the query of a signed-in visit: %j', async (next) => {
    // Prepare: the query as a link would carry it (percent escapes decoded by the server).
    const { cookie } = await signIn(demo, PREF);
    // Act
    const res = await demo.app.request(`/login?next=${next}`, { headers: { Cookie: cookie } });
    // Assess
    expect(res.status).toBe(303);
    expect(landsOn(res.headers.get('location'))).toBe('http://localhost');
  });

  it('keeps a same-site path with its query', async () => {
    const { location } = await signIn(demo, PREF, { next: '/compare?year=2024' });
    expect(location).toBe('/compare?year=2024');
  });
});
describe('Cache-Control', () => {
  it('is no-store on everything that depends on who is signed in', async () => {
    // Prepare
    const { cookie } = await signIn(demo, PREF);
    // Act + Assess: both ways of being signed in.
    for (const headers of [{ Cookie: cookie }, demo.bearer(PREF)]) {
      for (const path of ['/', '/submissions', '/api/me', '/api/uploads', '/api/audit', '/login']) {
        const res = await demo.app.request(path, { headers });
        expect(res.status, path).toBeLessThan(400);
        expect(res.headers.get('cache-control'), path).toContain('no-store');
      }
    }
  });

  it('is no-store on indicator JSON, fresh or revalidated (the ETag still saves the body)', async () => {
    // Prepare
    const path = '/api/indicators/consultations';
    const fresh = await demo.app.request(path, { headers: demo.bearer(PREF) });
    const etag = fresh.headers.get('etag') ?? '';
    // Act
    const revalidated = await demo.app.request(path, {
      headers: { ...demo.bearer(PREF), 'If-None-Match': etag },
    });
    // Assess: exactly no-store, not a `private, no-cache` a browser may keep on disk.
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('cache-control')).toBe('no-store');
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-control')).toBe('no-store');
  });

  it('is no-store on the sign-in page and on errors too', async () => {
    expect((await demo.app.request('/login')).headers.get('cache-control')).toContain('no-store');
    const missing = await demo.app.request('/api/nothing-here', { headers: demo.bearer(PREF) });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toContain('no-store');
  });

  it('refuses a wrong password without a cacheable answer', async () => {
    const res = await postLogin(demo, { login: PREF, password: 'wrong' }, '10.9.9.9');
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toContain('no-store');
  });
});

describe('sign-in throttle', () => {
  it('checks at most 5 of 40 concurrent wrong passwords for one login, refuses the rest, audits the first refusal', async () => {
    // Prepare: count the password checks the authenticator is asked for.
    const login = 'municipality-312029';
    const auth = demo.deps.auth;
    const signInOriginal = auth.signIn.bind(auth);
    let verified = 0;
    auth.signIn = (name, password) => {
      if (name === login) verified++;
      return signInOriginal(name, password);
    };
    try {
      // Act
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          postLogin(demo, { login, password: `guess-${i}` }, '203.0.113.7'),
        ),
      );
      // Assess
      const statuses = answers.map((r) => r.status);
      expect(verified).toBe(5);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(35);
      const refused = answers.find((r) => r.status === 429);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused?.text()).toContain('しばらくログインできません');
      const audit = await demo.app.request('/api/audit?action=sign_in.throttled&limit=100', {
        headers: demo.bearer(PREF),
      });
      const entries = (await audit.json()).data.filter((e: { login: string }) => e.login === login);
      // One entry per (login, address) per throttle window, not one per refusal: the audit trail
      // is kept 731 days under Object Lock, so an anonymous caller must not be able to fill it.
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        role: null,
        detail: { address: '203.0.113.7', limit: 'login_and_address', refusals: 1 },
      });
    } finally {
      auth.signIn = signInOriginal;
    }
  });

  it('refuses the right password from the attacking address, but lets it in from another one', async () => {
    // Prepare: the login under attack from one address.
    const login = 'municipality-313025';
    for (let i = 0; i < 8; i++) await postLogin(demo, { login, password: `guess-${i}` }, '203.0.113.8');
    const password = demo.accounts.find((a) => a.login === login)?.password ?? '';
    // Act
    const fromAttacker = await postLogin(demo, { login, password }, '203.0.113.8');
    const fromOffice = await postLogin(demo, { login, password }, '192.0.2.10');
    // Assess
    expect(fromAttacker.status).toBe(429);
    expect(fromOffice.status).toBe(303);
    expect(fromOffice.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(true);
  });

  it('slows one address trying many logins, whatever the login, and audits that once per window', async () => {
    // Act: 20 allowed, then 30 more logins the address limit refuses.
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++)
      statuses.push((await postLogin(demo, { login: `nobody-${i}`, password: 'x' }, '203.0.113.9')).status);
    // Assess
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const audit = await demo.app.request('/api/audit?action=sign_in.throttled&limit=200', {
      headers: demo.bearer(PREF),
    });
    const entries = (await audit.json()).data.filter(
      (e: { detail: { address: string } }) => e.detail.address === '203.0.113.9',
    );
    // Intent: a fresh login per request cannot buy a fresh audit entry; the address's window is one.
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ login: 'nobody-20', detail: { limit: 'address', refusals: 1 } });
  });
});

describe('sign-out', () => {
  it('ends the session at once: the old cookie gets 401 from the API and the sign-in page for HTML', async () => {
    // Prepare
    const { cookie, csrf } = await signIn(demo, PREF);
    expect((await demo.app.request('/api/me', { headers: { Cookie: cookie } })).status).toBe(200);
    // Act
    const out = await demo.app.request('/logout', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    // Assess: the browser is told to forget the cookie, and the server forgets it too.
    expect(out.status).toBe(303);
    const api = await demo.app.request('/api/me', { headers: { Cookie: cookie } });
    expect(api.status).toBe(401);
    const page = await demo.app.request('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('stops the old CSRF token working with the old cookie', async () => {
    const { cookie, csrf } = await signIn(demo, 'promotion-team');
    await demo.app.request('/logout', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    const replay = await demo.app.request('/api/visit-log', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({
        municipality_code: '313254',
        visited_on: '2024-05-20',
        met_with: '福祉課長',
        next_steps: '再訪',
        follow_up_on: null,
      }),
    });
    expect(replay.status).toBe(401);
  });

  it('leaves other sessions of the same (shared, per-town) login signed in, and audits the sign-out', async () => {
    const first = await signIn(demo, 'municipality-313726');
    const second = await signIn(demo, 'municipality-313726');
    await demo.app.request('/logout', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: first.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: first.csrf }).toString(),
    });
    expect((await demo.app.request('/api/me', { headers: { Cookie: second.cookie } })).status).toBe(200);
    const audit = await demo.app.request('/api/audit?action=sign_out', { headers: demo.bearer(PREF) });
    expect((await audit.json()).data[0]).toMatchObject({ login: 'municipality-313726', action: 'sign_out' });
  });
});
