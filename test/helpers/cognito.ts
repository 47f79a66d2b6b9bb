import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import type { Authenticator } from '../../dashboard/auth/authenticator';
import { createCognitoAuthenticator } from '../../dashboard/auth/cognito';

export const REGION = 'ap-northeast-1';
export const POOL = 'ap-northeast-1_TEST';
export const CLIENT = 'client-abc';
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;

export interface TokenOptions {
  key?: CryptoKey;
  issuer?: string;
  expiresIn?: string | number;
}

export interface TestCognito {
  auth: Authenticator;
  /** A key the pool's JWKS does not know, for forged tokens. */
  otherKey: CryptoKey;
  token(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  /** An access token for user1 in these groups. */
  access(groups: string[], extra?: JWTPayload): Promise<string>;
}

/**
 * A local stand-in for a Cognito user pool: its own signing key and JWKS,
 * and an InitiateAuth endpoint that knows one user (hokuei / correct horse,
 * group municipality-313726). Nothing leaves the process.
 */
export async function createTestCognito(): Promise<TestCognito> {
  const pair = await generateKeyPair('RS256');
  const otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const token = (claims: JWTPayload, options: TokenOptions = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(options.issuer ?? ISSUER)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(options.key ?? pair.privateKey);
  const access = (groups: string[], extra: JWTPayload = {}) =>
    token({ token_use: 'access', client_id: CLIENT, username: 'user1', 'cognito:groups': groups, ...extra });
  const initiateAuth: typeof fetch = async (_url, init) => {
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
  const auth = createCognitoAuthenticator({
    userPoolId: POOL,
    clientId: CLIENT,
    region: REGION,
    jwks: createLocalJWKSet({ keys: [jwk] }),
    fetch: initiateAuth,
  });
  return { auth, otherKey, token, access };
}
