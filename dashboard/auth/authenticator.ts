import type { Viewer } from '../../src/access/viewer';

/** A successful browser sign-in: the value to keep in the session cookie. */
export interface SignIn {
  viewer: Viewer;
  session: string;
  maxAgeSeconds: number;
}

export const CHALLENGES = ['SOFTWARE_TOKEN_MFA', 'NEW_PASSWORD_REQUIRED', 'MFA_SETUP'] as const;

/**
 * A sign-in that needs one more answer (Cognito): an authenticator code, a
 * new password, or (MFA_SETUP) the first code of an authenticator being registered.
 */
export interface Challenge {
  challenge: (typeof CHALLENGES)[number];
  /** The provider's opaque, short-lived value for this sign-in (Cognito's Session); posted back with the answer. */
  state: string;
  /** MFA_SETUP only: the TOTP secret (base32) the user types into an authenticator app. */
  secret?: string;
}

export function isChallenge(result: SignIn | Challenge | undefined): result is Challenge {
  return result !== undefined && 'challenge' in result;
}

/**
 * Turns credentials into a Viewer. Two implementations share this seam:
 * local accounts (dashboard/auth/local-accounts.ts: <dataDir>/accounts.json)
 * and Cognito (dashboard/auth/cognito.ts: JWTs checked against the pool's JWKS).
 */
export interface Authenticator {
  readonly mode: 'local' | 'cognito';
  /** The viewer an API bearer token belongs to, or undefined when it is not valid. */
  verifyBearer(token: string): Promise<Viewer | undefined>;
  /** Checks a login form; undefined when the login or password is wrong. */
  signIn(login: string, password: string): Promise<SignIn | Challenge | undefined>;
  /** Answers a challenge (the code, or the new password); undefined when the answer is refused. */
  respondToChallenge(
    login: string,
    challenge: Challenge,
    answer: string,
  ): Promise<SignIn | Challenge | undefined>;
  /** The viewer a session cookie value belongs to, or undefined when it is invalid or expired. */
  verifySession(session: string): Promise<Viewer | undefined>;
  /** Tells the identity provider a session has ended (Cognito: GlobalSignOut); nothing to do locally. */
  signOut(session: string): Promise<void>;
}
