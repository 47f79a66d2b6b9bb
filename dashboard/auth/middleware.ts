import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { csrfTokenFor, presession, readSessionCookie } from './session-cookie';

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Resolves who is asking — API bearer token (local token or Cognito JWT) or
 * browser session cookie — and sets `viewer` (undefined when anonymous) and
 * `csrfToken`. A bearer token that does not verify is a 401 straight away
 * rather than a silent fall-back to anonymous.
 */
export function identify(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { auth } = c.get('deps');
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      const viewer = token ? await auth.verifyBearer(token) : undefined;
      if (!viewer) throw new AppError(401, 'invalid_token', 'アクセストークンが無効です。');
      c.set('viewer', viewer);
      c.set('csrfToken', '');
      return next();
    }
    const session = readSessionCookie(c);
    const viewer = session ? await auth.verifySession(session) : undefined;
    c.set('viewer', viewer);
    if (viewer && session) c.set('csrfToken', csrfTokenFor(session));
    else c.set('csrfToken', isApiPath(c.req.path) ? '' : csrfTokenFor(presession(c)));
    return next();
  };
}

const PUBLIC_PATHS = ['/login', '/healthz', '/favicon.ico'];

/** Everything but the sign-in page, health check and assets needs a viewer: 401 for /api, redirect for pages. */
export function requireViewer(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (PUBLIC_PATHS.includes(path) || path.startsWith('/assets/')) return next();
    if (c.get('viewer')) return next();
    if (isApiPath(path))
      throw new AppError(401, 'unauthenticated', 'ログインが必要です（Authorization: Bearer トークン）。');
    if (c.req.method !== 'GET') throw new AppError(401, 'unauthenticated', 'ログインが必要です。');
    const asked = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(asked.pathname + asked.search)}`, 303);
  };
}
