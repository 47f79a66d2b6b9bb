import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import type { Authenticator } from '../../dashboard/auth/authenticator';
import { createCognitoAuthenticator } from '../../dashboard/auth/cognito';
import type { AppDeps } from '../../dashboard/context';
import { AuditLog } from '../../dashboard/services/audit-log';
import { VisitLogStore } from '../../dashboard/services/visit-log';
import { loadConfig } from '../../src/config';
import type { IndicatorService } from '../../src/query/indicator-service';
import { localStores } from '../../src/storage/stores';

const REGION = 'ap-northeast-1';
const POOL = 'ap-northeast-1_TEST';
const CLIENT = 'client-abc';
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;

let privateKey: CryptoKey;
let auth: Authenticator;
let dataDir: string;

async function token(
  claims: JWTPayload,
  options: { key?: CryptoKey; issuer?: string; expiresIn?: string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(options.issuer ?? ISSUER)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(options.key ?? privateKey);
}

const access = (groups: string[], extra: JWTPayload = {}) =>
  token({ token_use: 'access', client_id: CLIENT, username: 'user1', 'cognito:groups': groups, ...extra });

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  // Prepare: a stand-in for Cognito's InitiateAuth that knows one user.
  const fakeCognito: typeof fetch = async (_url, init) => {
    const body = JSON.parse(String(init?.body));
    const target = new Headers(init?.headers).get('x-amz-target');
    if (target !== 'AWSCognitoIdentityProviderService.InitiateAuth' || body.ClientId !== CLIENT)
      return new Response('{}', { status: 400 });
    if (body.AuthParameters.USERNAME !== 'hokuei' || body.AuthParameters.PASSWORD !== 'correct horse')
      return new Response(JSON.stringify({ __type: 'NotAuthorizedException' }), { status: 400 });
    const accessToken = await token({
      token_use: 'access',
      client_id: CLIENT,
      username: 'hokuei',
      'cognito:groups': ['municipality-313726'],
    });
    return Response.json({ AuthenticationResult: { AccessToken: accessToken, ExpiresIn: 3600 } });
  };
  auth = createCognitoAuthenticator({
    userPoolId: POOL,
    clientId: CLIENT,
    region: REGION,
    jwks: createLocalJWKSet({ keys: [jwk] }),
    fetch: fakeCognito,
  });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cognito-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('Cognito tokens on the API', () => {
  it('authenticates /api requests with a bearer JWT and refuses invalid ones with 401', async () => {
    // Prepare: the indicators are not touched by /api/me.
    const config = { ...loadConfig({}), dataDir };
    const stores = localStores(dataDir);
    const deps: AppDeps = {
      config,
      stores,
      indicators: {} as IndicatorService,
      auth,
      audit: new AuditLog(stores.curated),
      visitLog: new VisitLogStore(stores.curated),
    };
    const app = createApp(deps);
    // Act
    const ok = await app.request('/api/me', {
      headers: { Authorization: `Bearer ${await access(['promotion-team'])}` },
    });
    const bad = await app.request('/api/me', {
      headers: { Authorization: `Bearer ${await access(['prefecture'], { client_id: 'x' })}` },
    });
    // Assess
    expect(ok.status).toBe(200);
    expect((await ok.json()).data).toEqual({
      login: 'user1',
      role: 'promotion_team',
      municipality_code: null,
    });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('invalid_token');
  });
});
