import type { Viewer } from '../../src/access/viewer';

/** A successful browser sign-in: the value to keep in the session cookie. */
export interface SignIn {
  viewer: Viewer;
  session: string;
  maxAgeSeconds: number;
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
  signIn(login: string, password: string): Promise<SignIn | undefined>;
  /** The viewer a session cookie value belongs to, or undefined when it is invalid or expired. */
  verifySession(session: string): Promise<Viewer | undefined>;
  /** Tells the identity provider a session has ended (Cognito: GlobalSignOut); nothing to do locally. */
  signOut(session: string): Promise<void>;
}
