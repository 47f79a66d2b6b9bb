import type { Authenticator } from './authenticator';
import type { SessionRevocations } from './session-revocations';

/**
 * The authenticator with sign-out that holds: a session (or the same
 * Cognito token sent as a bearer) that was signed out is refused before it
 * is even verified, so its cookie and the CSRF token derived from it stop
 * working at once. The identity provider is told too (Cognito: GlobalSignOut);
 * if that fails the session is still ended here, and the failure logged.
 *
 * @example deps.auth = revocable(auth, new SessionRevocations(stores.curated));
 */
export function revocable(auth: Authenticator, revocations: SessionRevocations): Authenticator {
  return {
    mode: auth.mode,
    signIn: (login, password) => auth.signIn(login, password),
    respondToChallenge: (login, challenge, answer) => auth.respondToChallenge(login, challenge, answer),
    async verifyBearer(token) {
      return (await revocations.isRevoked(token)) ? undefined : auth.verifyBearer(token);
    },
    async verifySession(session) {
      return (await revocations.isRevoked(session)) ? undefined : auth.verifySession(session);
    },
    async signOut(session) {
      await revocations.revoke(session);
      await auth.signOut(session).catch((error: unknown) =>
        console.error(
          JSON.stringify({
            level: 'error',
            message: 'identity provider sign-out failed; the session is revoked here only',
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
      );
    },
  };
}
