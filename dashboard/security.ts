import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context';
import { AppError } from './errors';

/**
 * Security headers for every response. The pages load one bundle from
 * /assets (no inline scripts: chart data travels in
 * <script type="application/json"> blocks, which are never executed).
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: 'max-age=63072000; includeSubDomains',
    xFrameOptions: 'DENY',
  });
}

/** Name of the hidden form field carrying the token; fetch() calls send the header instead. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

/**
 * CSRF protection for requests authenticated by cookie: the origin check of
 * hono/csrf, then the per-session token (form field `_csrf` or header
 * `X-CSRF-Token`). Requests carrying an Authorization header are exempt:
 * browsers never attach one on their own, so they cannot be forged.
 * `allowedOrigins` adds the public origin when a proxy (CloudFront) rewrites Host.
 */
export function csrfProtection(allowedOrigins: readonly string[] = []): MiddlewareHandler<AppEnv> {
  const originCheck = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || allowedOrigins.includes(origin),
  });
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.req.header('authorization') !== undefined) return next();
    await originCheck(c, async () => {});
    let token = c.req.header(CSRF_HEADER);
    if (token === undefined && FORM_TYPES.test(c.req.header('content-type') ?? '')) {
      const field = (await c.req.parseBody())[CSRF_FIELD];
      token = typeof field === 'string' ? field : undefined;
    }
    const expected = c.get('csrfToken');
    if (!expected || token !== expected)
      throw new AppError(
        403,
        'csrf',
        'フォームの有効期限が切れました。ページを再読み込みしてからもう一度送信してください。',
      );
    return next();
  };
}
