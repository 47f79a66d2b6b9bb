import { timingSafeEqual } from 'node:crypto';

/** The header CloudFront adds to every request it forwards to the dashboard function. */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

interface UrlEvent {
  headers?: Record<string, string | undefined> | null;
}

const FORBIDDEN = {
  statusCode: 403,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'CloudFront 経由でアクセスしてください。',
};

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Wraps a function-URL handler so that only requests carrying CloudFront's
 * origin secret reach it; anything calling the function URL directly gets
 * 403. (Origin access control would sign requests instead, but Lambda then
 * requires browsers to send a SHA-256 of every POST body, which HTML forms
 * cannot.)
 *
 * @example
 * export const handler = withOriginSecret(appHandler, loadConfig().originSecret);
 */
export function withOriginSecret<E, C, R>(
  inner: (event: E, context: C) => Promise<R>,
  expected: string | undefined,
): (event: E, context: C) => Promise<R | typeof FORBIDDEN> {
  // Refuse to run unguarded: a missing secret is a deployment error, not "open".
  if (!expected || expected.length < 32) throw new Error('ORIGIN_SECRET is missing or too short');
  return async (event, context) => {
    // Function URL events (payload v2) carry lower-cased headers.
    const headers = (event as UrlEvent).headers;
    if (!sameSecret(headers?.[ORIGIN_SECRET_HEADER] ?? undefined, expected)) return FORBIDDEN;
    return inner(event, context);
  };
}
