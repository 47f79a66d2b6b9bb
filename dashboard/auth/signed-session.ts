import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A stateless session value `payload.signature` (HMAC-SHA256), used for local
 * accounts so the server keeps no session table.
 */
export interface SessionPayload {
  login: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Random per sign-in, so two sign-ins of one login in the same second are two sessions (sign-out ends one). */
  sid?: string;
}

function sign(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function encodeSession(secret: string, payload: SessionPayload): string {
  const data = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${data}.${sign(secret, data)}`;
}

export function decodeSession(secret: string, value: string, now: Date): SessionPayload | undefined {
  const [data, signature] = value.split('.');
  if (!data || !signature) return undefined;
  const expected = Buffer.from(sign(secret, data));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as SessionPayload;
    if (typeof payload.login !== 'string' || typeof payload.exp !== 'number') return undefined;
    return payload.exp * 1000 > now.getTime() ? payload : undefined;
  } catch {
    return undefined;
  }
}
