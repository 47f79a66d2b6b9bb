import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import type { Authenticator } from '../../dashboard/auth/authenticator';
import { createCognitoAuthenticator } from '../../dashboard/auth/cognito';

export const REGION = 'ap-northeast-1';
export const POOL = 'ap-northeast-1_TEST';
export const CLIENT = 'client-abc';
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`;
export const ENDPOINT = `https://cognito-idp.${REGION}.amazonaws.com/`;

export interface TokenOptions {
  key?: CryptoKey;
  issuer?: string;
  expiresIn?: string | number;
}

/** One call the stand-in received: the operation (from X-Amz-Target) and its JSON body. */
export interface CognitoCall {
  operation: string;
  body: Record<string, unknown>;
}

export interface TestCognito {
  auth: Authenticator;
  /** A key the pool's JWKS does not know, for forged tokens. */
  otherKey: CryptoKey;
  token(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  /** An access token for user1 in these groups. */
  access(groups: string[], extra?: JWTPayload): Promise<string>;
  /** Every call made to the Cognito endpoint, in order. */
  calls: CognitoCall[];
  /** Access tokens signed out with GlobalSignOut: Cognito refuses them (and their refresh tokens) from then on. */
  signedOut: Set<string>;
}

/** Users of the stand-in pool: password, groups, and what InitiateAuth asks next. */
const USERS: Record<string, { password: string; groups: string[]; challenge?: string }> = {
  hokuei: { password: 'correct horse', groups: ['municipality-313726'] },
  'pref-mfa': { password: 'battery staple', groups: ['prefecture'], challenge: 'SOFTWARE_TOKEN_MFA' },
  'new-staff': { password: 'temporary 1', groups: ['promotion-team'], challenge: 'NEW_PASSWORD_REQUIRED' },
  'first-mfa': { password: 'no device yet', groups: ['prefecture'], challenge: 'MFA_SETUP' },
};
export const TOTP_CODE = '123456';
/** The TOTP secret AssociateSoftwareToken hands out (base32, as Cognito sends it). */
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSW';

/** Cognito's error shape: HTTP 400 with `__type` and `message` (as the AWS JSON 1.1 protocol sends them). */
function awsError(type: string, message: string): Response {
  return new Response(JSON.stringify({ __type: type, message }), {
    status: 400,
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': type },
  });
}

function awsJson(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/x-amz-json-1.1' } });
}

/**
 * A local stand-in for a Cognito user pool: its own signing key and JWKS,
 * and the identity-provider endpoint as AWS speaks it (POST /, X-Amz-Target
 * `AWSCognitoIdentityProviderService.<Operation>`, Content-Type
 * `application/x-amz-json-1.1`, JSON bodies; errors as 400 + `__type`):
 * InitiateAuth (USER_PASSWORD_AUTH), RespondToAuthChallenge
 * (SOFTWARE_TOKEN_MFA, NEW_PASSWORD_REQUIRED, MFA_SETUP),
 * AssociateSoftwareToken and VerifySoftwareToken (with a Session),
 * GlobalSignOut. Users: hokuei (no challenge), pref-mfa (TOTP code 123456),
 * new-staff (must set a new password), first-mfa (no authenticator yet:
 * MFA_SETUP, then code 123456). Nothing leaves the process.
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

  const calls: CognitoCall[] = [];
  const signedOut = new Set<string>();
  /** Session value → user, for challenges in progress. */
  const pending = new Map<string, string>();
  /** MFA_SETUP: sessions handed out by AssociateSoftwareToken, and those VerifySoftwareToken accepted a code for. */
  const associated = new Set<string>();
  const verified = new Set<string>();
  let sessions = 0;
  const newSession = (username: string) => {
    const session = `session-${++sessions}-${'x'.repeat(40)}`;
    pending.set(session, username);
    return session;
  };

  const authenticated = async (username: string) => {
    const user = USERS[username];
    const accessToken = await token({
      token_use: 'access',
      client_id: CLIENT,
      username,
      jti: crypto.randomUUID(),
      scope: 'aws.cognito.signin.user.admin',
      'cognito:groups': user?.groups ?? [],
    });
    return awsJson({
      AuthenticationResult: {
        AccessToken: accessToken,
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        RefreshToken: `refresh-${username}`,
        IdToken: 'id-token-unused',
      },
      ChallengeParameters: {},
    });
  };
  const challenge = (name: string, username: string) => {
    const session = newSession(username);
    const parameters: Record<string, string> =
      name === 'NEW_PASSWORD_REQUIRED'
        ? { USER_ID_FOR_SRP: username, requiredAttributes: '[]', userAttributes: '{"email_verified":"true"}' }
        : name === 'MFA_SETUP'
          ? { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: username }
          : { USER_ID_FOR_SRP: username };
    return awsJson({ ChallengeName: name, Session: session, ChallengeParameters: parameters });
  };

  const operations: Record<string, (body: Record<string, unknown>) => Promise<Response>> = {
    async InitiateAuth(body) {
      const parameters = body.AuthParameters as Record<string, string> | undefined;
      if (body.AuthFlow !== 'USER_PASSWORD_AUTH' || body.ClientId !== CLIENT || !parameters)
        return awsError('InvalidParameterException', 'Missing required parameter');
      const user = USERS[parameters.USERNAME ?? ''];
      if (!user || user.password !== parameters.PASSWORD)
        return awsError('NotAuthorizedException', 'Incorrect username or password.');
      return user.challenge
        ? challenge(user.challenge, parameters.USERNAME ?? '')
        : authenticated(parameters.USERNAME ?? '');
    },
    async RespondToAuthChallenge(body) {
      const responses = body.ChallengeResponses as Record<string, string> | undefined;
      const username = pending.get(String(body.Session));
      if (body.ClientId !== CLIENT || !responses || !username || responses.USERNAME !== username)
        return awsError('NotAuthorizedException', 'Invalid session for the user.');
      if (
        body.ChallengeName === 'SOFTWARE_TOKEN_MFA' &&
        USERS[username]?.challenge === 'SOFTWARE_TOKEN_MFA'
      ) {
        if (responses.SOFTWARE_TOKEN_MFA_CODE !== TOTP_CODE)
          return awsError('CodeMismatchException', 'Invalid code received for user');
      } else if (body.ChallengeName === 'MFA_SETUP' && USERS[username]?.challenge === 'MFA_SETUP') {
        // Only the session VerifySoftwareToken returned completes the setup.
        if (!verified.has(String(body.Session)))
          return awsError('NotAuthorizedException', 'Invalid session for the user.');
      } else if (
        body.ChallengeName === 'NEW_PASSWORD_REQUIRED' &&
        USERS[username]?.challenge === 'NEW_PASSWORD_REQUIRED'
      ) {
        if ((responses.NEW_PASSWORD ?? '').length < 12)
          return awsError('InvalidPasswordException', 'Password does not conform to policy');
      } else return awsError('InvalidParameterException', 'Unexpected challenge');
      pending.delete(String(body.Session));
      return authenticated(username);
    },
    /** With a Session (a user signing in for the first time), not an AccessToken: no SigV4, no tokens yet. */
    async AssociateSoftwareToken(body) {
      const username = pending.get(String(body.Session));
      if (!username || USERS[username]?.challenge !== 'MFA_SETUP' || 'AccessToken' in body)
        return awsError('NotAuthorizedException', 'Invalid session for the user.');
      pending.delete(String(body.Session));
      const session = newSession(username);
      associated.add(session);
      return awsJson({ SecretCode: TOTP_SECRET, Session: session });
    },
    /** A wrong code leaves the session usable for another try (unproven against the real service). */
    async VerifySoftwareToken(body) {
      const session = String(body.Session);
      const username = pending.get(session);
      if (!username || !associated.has(session))
        return awsError('NotAuthorizedException', 'Invalid session for the user.');
      if (body.UserCode !== TOTP_CODE)
        return awsError('CodeMismatchException', 'Invalid code received for user');
      pending.delete(session);
      const next = newSession(username);
      verified.add(next);
      return awsJson({ Status: 'SUCCESS', Session: next });
    },
    async GlobalSignOut(body) {
      const accessToken = String(body.AccessToken ?? '');
      if (!accessToken || signedOut.has(accessToken))
        return awsError('NotAuthorizedException', 'Access Token has been revoked');
      signedOut.add(accessToken);
      return awsJson({});
    },
  };

  const endpoint: typeof fetch = async (url, init) => {
    const headers = new Headers(init?.headers);
    const target = headers.get('x-amz-target') ?? '';
    const operation = target.replace(/^AWSCognitoIdentityProviderService\./, '');
    if (
      String(url) !== ENDPOINT ||
      init?.method !== 'POST' ||
      headers.get('content-type') !== 'application/x-amz-json-1.1' ||
      operation === target
    )
      return awsError('UnknownOperationException', 'Unknown operation');
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ operation, body });
    const handle = operations[operation];
    return handle ? handle(body) : awsError('UnknownOperationException', `Unknown operation ${operation}`);
  };

  const auth = createCognitoAuthenticator({
    userPoolId: POOL,
    clientId: CLIENT,
    region: REGION,
    jwks: createLocalJWKSet({ keys: [jwk] }),
    fetch: endpoint,
  });
  return { auth, otherKey, token, access, calls, signedOut };
}
