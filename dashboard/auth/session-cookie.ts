import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomSecret } from './passwords';

export const SESSION_COOKIE = 'session';
/** Anonymous visitors get a random pre-session value so the login form has a CSRF token too. */
export const PRESESSION_COOKIE = 'presession';

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

function cookieOptions(c: Context, maxAge: number) {
  return { path: '/', httpOnly: true, sameSite: 'Strict' as const, secure: isHttps(c), maxAge };
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

export function writeSessionCookie(c: Context, value: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, value, cookieOptions(c, maxAgeSeconds));
  deleteCookie(c, PRESESSION_COOKIE, { path: '/' });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The anonymous pre-session value, created on first sight. */
export function presession(c: Context): string {
  const existing = getCookie(c, PRESESSION_COOKIE);
  if (existing) return existing;
  const value = randomSecret(24);
  setCookie(c, PRESESSION_COOKIE, value, cookieOptions(c, 3600));
  return value;
}

/**
 * The per-session CSRF token: a hash of the (HttpOnly, SameSite=Strict)
 * session cookie, so another site can neither read nor compute it, and the
 * server needs no storage to check it.
 */
export function csrfTokenFor(sessionValue: string): string {
  return createHash('sha256').update(`csrf:${sessionValue}`).digest('base64url');
}
