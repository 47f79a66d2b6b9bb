import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The deployed Lambda entry (functions/dashboard/handler.ts) wires the same
 * app to S3, Athena and Cognito from the environment, behind CloudFront's
 * origin secret. These requests need none of them (no token, public pages),
 * so they run offline and check the wiring, the guard and the adapter.
 */
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
let handler: Handler;
const ORIGIN_SECRET = 's'.repeat(64);

beforeAll(async () => {
  Object.assign(process.env, {
    RAW_BUCKET: 'test-raw',
    CURATED_BUCKET: 'test-curated',
    QUERY_ENGINE: 'athena',
    COGNITO_USER_POOL_ID: 'ap-northeast-1_TEST',
    COGNITO_CLIENT_ID: 'client-abc',
    AWS_REGION: 'ap-northeast-1',
    ORIGIN_SECRET,
  });
  handler = (await import('../../functions/dashboard/handler')).handler as unknown as Handler;
});

function event(
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: {
      host: 'dashboard.example',
      'x-forwarded-proto': 'https',
      'x-origin-verify': ORIGIN_SECRET,
      ...headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'dashboard.example',
      domainPrefix: 'dashboard',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '26/Nov/2026:14:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
}

const context = {} as Context;
type Result = Exclude<APIGatewayProxyResultV2, string>;
const call = async (e: APIGatewayProxyEventV2) => (await handler(e, context)) as Result;

describe('dashboard Lambda handler', () => {
  it('answers /healthz', async () => {
    const res = await call(event('GET', '/healthz'));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body ?? '')).toEqual({ ok: true });
  });

  it('answers 403 to a call that did not come through CloudFront', async () => {
    const res = await call(event('GET', '/healthz', { 'x-origin-verify': 'direct' }));
    expect(res.statusCode).toBe(403);
  });

  it('refuses the API without a token (401, Japanese message)', async () => {
    const res = await call(event('GET', '/api/indicators/consultations'));
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body ?? '').error.message).toContain('ログイン');
  });

  it('sends pages to the sign-in form, which carries the security headers', async () => {
    const page = await call(event('GET', '/municipalities/313726'));
    expect(page.statusCode).toBe(303);
    const login = await call(event('GET', '/login'));
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('ログイン');
    expect(String(login.headers?.['content-security-policy'])).toContain("script-src 'self'");
    // Behind CloudFront (HTTPS) the pre-session cookie is Secure.
    expect(login.cookies?.some((c) => /presession=.*Secure/i.test(c))).toBe(true);
  });
});
