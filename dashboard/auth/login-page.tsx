import { raw } from 'hono/html';
import { Head, SiteHeader } from '../pages/layout';
import { CSRF_FIELD } from '../security';
import type { Challenge } from './authenticator';
import { TotpSetup } from './totp-setup';

interface LoginPageProps {
  csrfToken: string;
  next: string;
  error?: string;
  login?: string;
  mode: 'local' | 'cognito';
  /** Second step of a Cognito sign-in: the authenticator code, its first registration, or a new password. */
  challenge?: Challenge;
}

const SUBMIT: Record<Challenge['challenge'], string> = {
  SOFTWARE_TOKEN_MFA: '確認',
  MFA_SETUP: '登録してログイン',
  NEW_PASSWORD_REQUIRED: 'パスワードを設定してログイン',
};

/** The challenge step: the login and the provider's state travel back as hidden fields. */
function ChallengeForm(props: LoginPageProps & { challenge: Challenge }) {
  const { challenge, state, secret } = props.challenge;
  return (
    <form method="post" action="/login">
      <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
      <input type="hidden" name="next" value={props.next} />
      <input type="hidden" name="login" value={props.login ?? ''} />
      <input type="hidden" name="challenge" value={challenge} />
      <input type="hidden" name="state" value={state} />
      {challenge === 'MFA_SETUP' && secret ? (
        <>
          <input type="hidden" name="secret" value={secret} />
          <TotpSetup login={props.login ?? ''} secret={secret} />
        </>
      ) : null}
      {challenge !== 'NEW_PASSWORD_REQUIRED' ? (
        <p>
          <label for="code">確認コード（認証アプリに表示される6桁の数字）</label>
          <input
            id="code"
            name="code"
            inputmode="numeric"
            pattern="[0-9]{6}"
            autocomplete="one-time-code"
            required
          />
        </p>
      ) : (
        <p>
          <label for="new_password">新しいパスワード（初回ログインのため設定してください）</label>
          <input id="new_password" name="new_password" type="password" autocomplete="new-password" required />
        </p>
      )}
      <p>
        <button type="submit">{SUBMIT[challenge]}</button>
      </p>
    </form>
  );
}

/** The sign-in form. Kept beside the auth routes: it is the only page an anonymous visitor can see. */
export function LoginPage(props: LoginPageProps) {
  // JSX cannot write a doctype; without one the page renders in quirks mode.
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="ja">
        <Head title="ログイン" script={false} />
        <body>
          <SiteHeader />
          <main id="main" class="login">
            <h1>ログイン</h1>
            {props.error ? (
              <p role="alert" class="error">
                {props.error}
              </p>
            ) : null}
            {props.challenge ? (
              <ChallengeForm {...props} challenge={props.challenge} />
            ) : (
              <form method="post" action="/login">
                <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
                <input type="hidden" name="next" value={props.next} />
                <p>
                  <label for="login">ログインID</label>
                  <input id="login" name="login" autocomplete="username" required value={props.login ?? ''} />
                </p>
                <p>
                  <label for="password">パスワード</label>
                  <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                  />
                </p>
                <p>
                  <button type="submit">ログイン</button>
                </p>
              </form>
            )}
            {props.mode === 'local' ? (
              <p class="note">
                デモ環境のアカウントは、データフォルダの demo-accounts.json に記載されています。
              </p>
            ) : null}
          </main>
        </body>
      </html>
    </>
  );
}
