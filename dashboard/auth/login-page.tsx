import { CSRF_FIELD } from '../security';

interface LoginPageProps {
  csrfToken: string;
  next: string;
  error?: string;
  login?: string;
  mode: 'local' | 'cognito';
}

/** The sign-in form. Kept beside the auth routes: it is the only page an anonymous visitor can see. */
export function LoginPage(props: LoginPageProps) {
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>ログイン | 重層的支援体制 モニタリング</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <header>
          <p>鳥取県 重層的支援体制整備事業・孤独・孤立対策 モニタリング</p>
        </header>
        <main id="main" class="login">
          <h1>ログイン</h1>
          {props.error ? (
            <p role="alert" class="error">
              {props.error}
            </p>
          ) : null}
          <form method="post" action="/login">
            <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
            <input type="hidden" name="next" value={props.next} />
            <p>
              <label for="login">ログインID</label>
              <input id="login" name="login" autocomplete="username" required value={props.login ?? ''} />
            </p>
            <p>
              <label for="password">パスワード</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required />
            </p>
            <p>
              <button type="submit">ログイン</button>
            </p>
          </form>
          {props.mode === 'local' ? (
            <p class="note">
              デモ環境のアカウントは、データフォルダの demo-accounts.json に記載されています。
            </p>
          ) : null}
        </main>
      </body>
    </html>
  );
}
