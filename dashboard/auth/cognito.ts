import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Viewer } from '../../src/access/viewer';
import type { Authenticator, Challenge, SignIn } from './authenticator';
import { viewerFromGroups } from './roles';

export interface CognitoOptions {
  userPoolId: string;
  clientId: string;
  region: string;
  /** Key source; default the pool's JWKS (https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json). Tests pass a local one. */
  jwks?: JWTVerifyGetKey;
  /** Cognito's API endpoint for InitiateAuth; default the regional one. Tests point it at a local stand-in. */
  endpoint?: string;
  fetch?: typeof fetch;
}

function issuerOf(options: CognitoOptions): string {
  return `https://cognito-idp.${options.region}.amazonaws.com/${options.userPoolId}`;
}

/**
 * Cognito's access tokens carry `client_id` and `token_use: access`; its ID
 * tokens carry `aud` and `token_use: id`. Either is accepted, but only when it
 * was issued for this app's client.
 */
function issuedForClient(payload: JWTPayload, clientId: string): boolean {
  if (payload.token_use === 'access') return payload.client_id === clientId;
  if (payload.token_use === 'id')
    return Array.isArray(payload.aud) ? payload.aud.includes(clientId) : payload.aud === clientId;
  return false;
}

function loginOf(payload: JWTPayload): string {
  const name = payload.username ?? payload['cognito:username'] ?? payload.sub;
  return typeof name === 'string' ? name : '';
}

/**
 * Cloud sign-in: Cognito JWTs verified with jose against the pool's JWKS
 * (signature, issuer, expiry, token_use and client), groups mapped to roles
 * (dashboard/auth/roles.ts). The browser login form exchanges a password for
 * tokens with Cognito's InitiateAuth (USER_PASSWORD_AUTH must be enabled on
 * the app client) and keeps the access token as the session cookie; it answers
 * the SOFTWARE_TOKEN_MFA, NEW_PASSWORD_REQUIRED and MFA_SETUP challenges.
 *
 * @example const auth = createCognitoAuthenticator({ userPoolId, clientId, region: 'ap-northeast-1' });
 */
export function createCognitoAuthenticator(options: CognitoOptions): Authenticator {
  const issuer = issuerOf(options);
  const jwks = options.jwks ?? createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
  const endpoint = options.endpoint ?? `https://cognito-idp.${options.region}.amazonaws.com/`;
  const doFetch = options.fetch ?? fetch;

  async function verify(token: string): Promise<Viewer | undefined> {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer, algorithms: ['RS256'] });
      if (!issuedForClient(payload, options.clientId)) return undefined;
      const groups = payload['cognito:groups'];
      const login = loginOf(payload);
      if (!login) return undefined;
      return viewerFromGroups(login, Array.isArray(groups) ? groups.map(String) : []);
    } catch {
      return undefined; // bad signature, expired, wrong issuer, malformed: all simply "not signed in"
    }
  }

  /** One call to Cognito's identity-provider API (AWS JSON 1.1: POST /, X-Amz-Target, JSON body). */
  function call(operation: string, body: Record<string, unknown>): Promise<Response> {
    return doFetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
    });
  }

  /**
   * MFA_SETUP: a user with no authenticator yet. AssociateSoftwareToken (with the sign-in's
   * Session: there are no tokens yet) hands out the TOTP secret to show, and a new Session.
   */
  async function associate(session: string, canSetUp: string | undefined): Promise<Challenge | undefined> {
    if (!canSetUp?.includes('SOFTWARE_TOKEN_MFA')) return undefined; // SMS is not offered by the pool
    const response = await call('AssociateSoftwareToken', { Session: session });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { SecretCode?: string; Session?: string };
    if (!body.SecretCode || !body.Session) return undefined;
    return { challenge: 'MFA_SETUP', state: body.Session, secret: body.SecretCode };
  }

  /** Tokens (verified), a challenge the form can answer, or undefined for anything else. */
  async function outcome(response: Response): Promise<SignIn | Challenge | undefined> {
    if (!response.ok) return undefined;
    const body = (await response.json()) as {
      AuthenticationResult?: { AccessToken?: string; ExpiresIn?: number };
      ChallengeName?: string;
      ChallengeParameters?: Record<string, string>;
      Session?: string;
    };
    if (body.ChallengeName === 'MFA_SETUP' && body.Session)
      return associate(body.Session, body.ChallengeParameters?.MFAS_CAN_SETUP);
    if (
      (body.ChallengeName === 'SOFTWARE_TOKEN_MFA' || body.ChallengeName === 'NEW_PASSWORD_REQUIRED') &&
      body.Session
    )
      return { challenge: body.ChallengeName, state: body.Session };
    const token = body.AuthenticationResult?.AccessToken;
    const viewer = token ? await verify(token) : undefined;
    if (!token || !viewer) return undefined;
    return { viewer, session: token, maxAgeSeconds: body.AuthenticationResult?.ExpiresIn ?? 3600 };
  }

  return {
    mode: 'cognito',
    verifyBearer: verify,
    verifySession: verify,
    async signIn(login, password) {
      const response = await call('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: options.clientId,
        AuthParameters: { USERNAME: login, PASSWORD: password },
      });
      return outcome(response);
    },
    /**
     * RespondToAuthChallenge with the TOTP code or the new password; Cognito may chain another
     * challenge. MFA_SETUP: VerifySoftwareToken with the first code registers the authenticator,
     * and its new Session completes the challenge (the response needs no code of its own).
     */
    async respondToChallenge(login, { challenge, state }, answer) {
      if (challenge === 'MFA_SETUP') {
        const verified = await call('VerifySoftwareToken', { Session: state, UserCode: answer });
        if (!verified.ok) return undefined;
        const body = (await verified.json()) as { Status?: string; Session?: string };
        if (body.Status !== 'SUCCESS' || !body.Session) return undefined;
        return outcome(
          await call('RespondToAuthChallenge', {
            ChallengeName: 'MFA_SETUP',
            ClientId: options.clientId,
            Session: body.Session,
            ChallengeResponses: { USERNAME: login },
          }),
        );
      }
      const field = challenge === 'SOFTWARE_TOKEN_MFA' ? 'SOFTWARE_TOKEN_MFA_CODE' : 'NEW_PASSWORD';
      const response = await call('RespondToAuthChallenge', {
        ChallengeName: challenge,
        ClientId: options.clientId,
        Session: state,
        ChallengeResponses: { USERNAME: login, [field]: answer },
      });
      return outcome(response);
    },
    /**
     * GlobalSignOut: Cognito revokes the user's refresh tokens (the form never
     * keeps one, so RevokeToken has nothing to name) and refuses the access
     * token from now on; the app's own check (revocable.ts) refuses it here.
     */
    async signOut(session) {
      const response = await call('GlobalSignOut', { AccessToken: session });
      if (!response.ok)
        throw new Error(`Cognito GlobalSignOut answered ${response.status}: ${await response.text()}`);
    },
  };
}
