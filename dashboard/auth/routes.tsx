import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { CHALLENGES, type Challenge, isChallenge, type SignIn } from './authenticator';
import { clientAddress } from './client-address';
import { LoginPage } from './login-page';
import { LoginThrottle } from './login-throttle';
import { safeNext } from './safe-next';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './session-cookie';

function challengeOf(form: Record<string, unknown>): Challenge | undefined {
  const { challenge, state, secret } = form;
  const known = CHALLENGES.find((c) => c === challenge);
  if (!known || typeof state !== 'string' || state === '') return undefined;
  // MFA_SETUP carries the key back only to show it again after a mistyped code; it is never sent on.
  if (known === 'MFA_SETUP' && typeof secret === 'string' && /^[A-Z2-7]{16,128}=*$/.test(secret))
    return { challenge: known, state, secret };
  return { challenge: known, state };
}

/** No account has a longer login; longer ones are refused unchecked and never echoed in full. */
const MAX_LOGIN = 128;

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
    const { auth, audit } = c.get('deps');
    // The form again, with what was typed (never the password) and why it failed.
    const refuse = (error: string, status: 401 | 429, again?: Challenge) =>
      c.html(
        <LoginPage
          csrfToken={c.get('csrfToken')}
          next={next}
          login={login.slice(0, MAX_LOGIN)}
          mode={auth.mode}
          error={error}
          challenge={again}
        />,
        status,
      );
    const address = clientAddress(c);
    // Counted before the password is checked, so concurrent guesses cannot all get through.
    const admission = throttle.admit(login, address);
    if (!admission.allowed) {
      const seconds = Math.ceil(admission.retryAfterMs / 1000);
      // Audited once per wait of the limit that refused (the login x address pair, or the address
      // whatever the login), carrying the refusals so far: the audit trail is kept 731 days under
      // Object Lock, so one entry per refusal would let an anonymous caller pile up undeletable
      // entries. Each wait needs one more counted try to open, so the entries grow with time, not traffic.
      if (admission.firstInWindow)
        await audit.append({ login: login.slice(0, MAX_LOGIN) }, 'sign_in.throttled', 'login', {
          address,
          limit: admission.limit,
          retry_after_seconds: seconds,
          refusals: admission.refusals,
        });
      c.header('Retry-After', String(seconds));
      return refuse(
        `ログインの失敗が続いたため、しばらくログインできません。約${Math.ceil(seconds / 60)}分後にもう一度お試しください。`,
        429,
      );
    }
    // The second step of a Cognito sign-in posts the challenge back with its answer.
    const challenge = challengeOf(form);
    const answer = String(
      (challenge?.challenge === 'NEW_PASSWORD_REQUIRED' ? form.new_password : form.code) ?? '',
    );
    const plausible =
      login !== '' && login.length <= MAX_LOGIN && (challenge ? answer !== '' : password !== '');
    let result: SignIn | Challenge | undefined;
    if (plausible)
      result = challenge
        ? await auth.respondToChallenge(login, challenge, answer)
        : await auth.signIn(login, password);
    // A mistyped first code keeps the registration on screen: the key is already in the user's app.
    if (!result && challenge?.challenge === 'MFA_SETUP' && challenge.secret)
      return refuse(
        '確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。続けて失敗する場合は、最初からログインし直してください。',
        401,
        challenge,
      );
    if (!result)
      return refuse(
        challenge
          ? '確認できませんでした。コードまたはパスワードを確かめて、もう一度ログインしてください。'
          : 'ログインIDまたはパスワードが正しくありません。',
        401,
      );
    admission.succeeded();
    if (isChallenge(result))
      return c.html(
        <LoginPage
          csrfToken={c.get('csrfToken')}
          next={next}
          login={login}
          mode={auth.mode}
          challenge={result}
        />,
      );
    writeSessionCookie(c, result.session, result.maxAgeSeconds);
    return c.redirect(next, 303);
  });

  routes.post('/logout', async (c) => {
    const { auth, audit } = c.get('deps');
    const session = readSessionCookie(c);
    const viewer = c.get('viewer');
    if (session) await auth.signOut(session);
    if (viewer) await audit.append(viewer, 'sign_out', 'session');
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

  return routes;
}
