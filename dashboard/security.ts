import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../src/config';
import type { AppEnv } from './context';
import { AppError } from './errors';

/**
 * Security headers for every response. The pages load one bundle from
 * /assets (no inline scripts: chart data travels in
 * <script type="application/json"> blocks, which are never executed).
 * `uploadOrigins` are the only other origins fetch() may reach: the raw
 * bucket, which browsers PUT presigned uploads to on AWS.
 */
export function securityHeaders(uploadOrigins: readonly string[] = []): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", ...uploadOrigins],
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

/**
 * `Cache-Control: no-store` on every response that passes through it: pages,
 * JSON, CSV, redirects and errors all depend on who is signed in, and a
 * shared or back-button cache must not keep them. Registered after the
 * static assets, which are the only responses it does not touch (they are
 * not fingerprinted yet, so they get no long-lived caching either).
 */
export function noStore(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  };
}

/** The raw bucket's virtual-hosted origin, which presigned upload URLs point at; none locally. */
export function rawBucketOrigins(config: Pick<Config, 'rawBucket' | 'awsRegion'>): string[] {
  if (!config.rawBucket) return [];
  const region = config.awsRegion ? `.${config.awsRegion}` : '';
  return [`https://${config.rawBucket}.s3${region}.amazonaws.com`];
}

/** Name of the hidden form field carrying the token; fetch() calls send the header instead. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
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
    // Anonymous posts anywhere but the sign-in form are refused (401) next; never parse their bodies.
    if (!c.get('viewer') && c.req.path !== '/login') return next();
    await originCheck(c, async () => {});
    let token = c.req.header(CSRF_HEADER);
    if (token === undefined && FORM_TYPES.test(c.req.header('content-type') ?? '')) {
      const field = (await c.req.parseBody())[CSRF_FIELD];
      token = typeof field === 'string' ? field : undefined;
    }
    if (!sameToken(token, c.get('csrfToken')))
      throw new AppError(
        403,
        'csrf',
        'フォームの有効期限が切れました。ページを再読み込みしてからもう一度送信してください。',
      );
    return next();
  };
}

/** Multipart framing and the small form fields on top of an uploaded file. */
const MULTIPART_OVERHEAD = 64 * 1024;
const FORM_LIMIT = 1024 * 1024;

/**
 * Caps every request body before anything reads it (hono/body-limit): the
 * upload route at Config.maxUploadBytes plus multipart overhead, everything
 * else (forms, JSON) at 1 MB. Runs before the CSRF check, which may parse forms.
 */
export function requestSizeLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const { maxUploadBytes } = c.get('deps').config;
    const isUpload = c.req.path === '/api/uploads';
    const limit = isUpload ? maxUploadBytes + MULTIPART_OVERHEAD : FORM_LIMIT;
    return bodyLimit({
      maxSize: limit,
      onError: () => {
        const mb = Math.floor((isUpload ? maxUploadBytes : FORM_LIMIT) / 1024 / 1024);
        throw new AppError(
          413,
          'payload_too_large',
          isUpload
            ? `ファイルが大きすぎます（上限 ${mb} MB）。`
            : `送信内容が大きすぎます（上限 ${mb} MB）。`,
        );
      },
    })(c, next);
  };
}
