import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Authenticator } from './authenticator';
import { createCognitoAuthenticator } from './cognito';

const REGION = 'ap-northeast-1';
const POOL = 'ap-northeast-1_TEST';
const CLIENT = 'client-abc';
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;

let privateKey: CryptoKey;
let otherKey: CryptoKey;
let auth: Authenticator;

async function token(
  claims: JWTPayload,
  options: { key?: CryptoKey; issuer?: string; expiresIn?: string | number } = {},
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
  otherKey = (await generateKeyPair('RS256')).privateKey;
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
});

describe('Cognito authenticator', () => {
  it('maps the pool groups to the three roles', async () => {
    expect(await auth.verifyBearer(await access(['prefecture']))).toEqual({
      role: 'prefecture',
      login: 'user1',
    });
    expect(await auth.verifyBearer(await access(['promotion-team']))).toEqual({
      role: 'promotion_team',
      login: 'user1',
    });
    expect(await auth.verifyBearer(await access(['municipality-313726']))).toEqual({
      role: 'municipality',
      municipalityCode: '313726',
      login: 'user1',
    });
  });

  it('accepts an ID token issued for this client', async () => {
    const id = await token({
      token_use: 'id',
      aud: CLIENT,
      'cognito:username': 'u2',
      'cognito:groups': ['prefecture'],
    });
    expect(await auth.verifyBearer(id)).toEqual({ role: 'prefecture', login: 'u2' });
  });

  it.each([
    ['another client', () => access(['prefecture'], { client_id: 'someone-else' })],
    [
      'an ID token for another audience',
      () => token({ token_use: 'id', aud: 'x', 'cognito:groups': ['prefecture'] }),
    ],
    [
      'a token without token_use',
      () => token({ client_id: CLIENT, username: 'u', 'cognito:groups': ['prefecture'] }),
    ],
    [
      'another issuer',
      () => token({ token_use: 'access', client_id: CLIENT, username: 'u' }, { issuer: 'https://evil' }),
    ],
    [
      'a key not in the JWKS',
      () => token({ token_use: 'access', client_id: CLIENT, username: 'u' }, { key: otherKey }),
    ],
    [
      'an expired token',
      () =>
        token(
          { token_use: 'access', client_id: CLIENT, username: 'u', 'cognito:groups': ['prefecture'] },
          { expiresIn: Math.floor(Date.now() / 1000) - 60 },
        ),
    ],
    ['no known group', () => access(['staff'])],
    ['an unknown town', () => access(['municipality-999999'])],
    ['two towns at once', () => access(['municipality-313726', 'municipality-312011'])],
  ])('refuses %s', async (_label, make) => {
    expect(await auth.verifyBearer(await make())).toBeUndefined();
  });

  it('refuses garbage', async () => {
    expect(await auth.verifyBearer('not-a-jwt')).toBeUndefined();
  });

  it('signs in with InitiateAuth and keeps the access token as the session', async () => {
    const result = await auth.signIn('hokuei', 'correct horse');
    expect(result?.viewer).toEqual({ role: 'municipality', municipalityCode: '313726', login: 'hokuei' });
    expect(await auth.verifySession(result?.session ?? '')).toEqual(result?.viewer);
    expect(await auth.signIn('hokuei', 'wrong')).toBeUndefined();
  });
});
