import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { LoginPage } from './login-page';
import { LoginThrottle } from './login-throttle';
import { safeNext } from './safe-next';
import { clearSessionCookie, writeSessionCookie } from './session-cookie';

/** GET/POST /login and POST /logout (form posts, CSRF-checked by dashboard/security.ts). */
export function authRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const throttle = new LoginThrottle();

  routes.get('/login', (c) => {
    if (c.get('viewer')) return c.redirect(safeNext(c.req.query('next'), c.req.url), 303);
    return c.html(
      <LoginPage
        csrfToken={c.get('csrfToken')}
        next={safeNext(c.req.query('next'), c.req.url)}
        mode={c.get('deps').auth.mode}
      />,
    );
  });

  routes.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const login = typeof form.login === 'string' ? form.login.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next, c.req.url);
    const { auth } = c.get('deps');
    // The form again, with what was typed (never the password) and why it failed.
    const refuse = (error: string, status: 401 | 429) =>
      c.html(
        <LoginPage csrfToken={c.get('csrfToken')} next={next} login={login} mode={auth.mode} error={error} />,
        status,
      );
    if (throttle.isLocked(login))
      return refuse('パスワードの誤りが続いたため、このログインIDは15分間ログインできません。', 429);
    const result = login && password ? await auth.signIn(login, password) : undefined;
    if (!result) {
      if (login) throttle.recordFailure(login);
      return refuse('ログインIDまたはパスワードが正しくありません。', 401);
    }
    throttle.recordSuccess(login);
    writeSessionCookie(c, result.session, result.maxAgeSeconds);
    return c.redirect(next, 303);
  });

  routes.post('/logout', (c) => {
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

  return routes;
}
