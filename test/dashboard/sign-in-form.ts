import type { DemoApp } from './demo-app';

/** What a browser sends through the sign-in form, over app.request. */
export const ORIGIN = 'http://localhost';

export function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export function csrfFieldOf(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match?.[1]) throw new Error('no _csrf field in the page');
  return match[1];
}

/** The Node server's request bindings (c.env), so the app sees a client address as @hono/node-server gives it. */
export function from(address: string) {
  return { incoming: { socket: { remoteAddress: address } } };
}

/** GET /login then POST it with these fields, from one client address. */
export async function postLogin(
  demo: Pick<DemoApp, 'app'>,
  fields: Record<string, string>,
  address = '127.0.0.1',
): Promise<Response> {
  const form = await demo.app.request('/login', {}, from(address));
  return demo.app.request(
    '/login',
    {
      method: 'POST',
      headers: {
        Origin: ORIGIN,
        Cookie: cookiesOf(form),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ ...fields, _csrf: csrfFieldOf(await form.text()) }).toString(),
    },
    from(address),
  );
}

/** Signs in like a browser; the session cookie and the CSRF token its pages carry. */
export async function signIn(
  demo: DemoApp,
  login: string,
  options: { next?: string; address?: string } = {},
): Promise<{ cookie: string; csrf: string; location: string | null }> {
  const password = demo.accounts.find((a) => a.login === login)?.password ?? '';
  const res = await postLogin(demo, { login, password, next: options.next ?? '/' }, options.address);
  if (res.status !== 303) throw new Error(`sign-in as ${login} answered ${res.status}`);
  const cookie = cookiesOf(res);
  const page = await demo.app.request('/submissions', { headers: { Cookie: cookie } });
  return { cookie, csrf: csrfFieldOf(await page.text()), location: res.headers.get('location') };
}
