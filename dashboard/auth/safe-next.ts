/** A path and nothing else: one leading slash, then no backslash, no control or space characters. */
const PLAIN_PATH = /^\/(?![/\\])[^\\\s\p{Cc}\p{Cf}]*$/u;

/**
 * Where to go after signing in: `next` only when it is a path on this very
 * origin, else `/`. A prefix check is not enough: browsers drop tabs and
 * newlines and read `\` as `/`, so `/\t/evil.example` becomes
 * `//evil.example`. The value is therefore refused outright if it holds
 * anything but a plain path, then parsed against the request's origin with
 * the URL parser and kept only if the origin is unchanged; what is returned
 * is the parser's own serialisation, never the raw text.
 *
 * @example safeNext('/compare?year=2024', 'http://localhost/login') // '/compare?year=2024'
 */
export function safeNext(value: unknown, requestUrl: string): string {
  if (typeof value !== 'string' || !PLAIN_PATH.test(value)) return '/';
  const origin = new URL(requestUrl).origin;
  let target: URL;
  try {
    target = new URL(value, origin);
  } catch {
    return '/';
  }
  if (target.origin !== origin) return '/';
  return `${target.pathname}${target.search}${target.hash}`;
}
