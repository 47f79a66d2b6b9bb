import { describe, expect, it } from 'vitest';
import { ORIGIN_SECRET_HEADER, withOriginSecret } from './origin-guard';

const SECRET = 'a'.repeat(48);
const app = async (event: { headers?: Record<string, string> }) => ({
  statusCode: 200,
  body: event.headers?.path ?? '',
});

describe('withOriginSecret', () => {
  it('passes requests that carry the secret to the app', async () => {
    const handler = withOriginSecret(app, SECRET);
    const response = await handler({ headers: { [ORIGIN_SECRET_HEADER]: SECRET, path: '/x' } }, {});
    expect(response).toEqual({ statusCode: 200, body: '/x' });
  });

  it('answers 403 to direct calls and wrong secrets without reaching the app', async () => {
    let reached = false;
    const handler = withOriginSecret(async () => {
      reached = true;
      return { statusCode: 200 };
    }, SECRET);
    expect(await handler({ headers: {} }, {})).toMatchObject({ statusCode: 403 });
    expect(await handler({ headers: { [ORIGIN_SECRET_HEADER]: `${SECRET}x` } }, {})).toMatchObject({
      statusCode: 403,
    });
    expect(await handler({ headers: null }, {})).toMatchObject({ statusCode: 403 });
    expect(reached).toBe(false);
  });

  it('refuses to start without a real secret', () => {
    expect(() => withOriginSecret(app, undefined)).toThrow(/ORIGIN_SECRET/);
    expect(() => withOriginSecret(app, 'short')).toThrow(/ORIGIN_SECRET/);
  });
});
