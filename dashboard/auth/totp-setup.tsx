/** How the account appears in the user's authenticator app; ASCII so the URI stays typeable. */
const ISSUER = 'Tottori-Monitoring';

/**
 * The otpauth:// URI (Key URI Format) an authenticator app accepts: pasted or
 * opened on the phone; no QR code, so the secret never goes to an outside service.
 *
 * @example otpauthUri('first-mfa', 'JBSWY3DPEHPK3PXP') // otpauth://totp/Tottori-Monitoring%3Afirst-mfa?secret=JBSWY3DPEHPK3PXP&issuer=Tottori-Monitoring&…
 */
export function otpauthUri(login: string, secret: string): string {
  const label = encodeURIComponent(`${ISSUER}:${login}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(ISSUER)}&algorithm=SHA1&digits=6&period=30`;
}

/** The secret in groups of four, as authenticator apps' "enter a key" screens show it. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** MFA_SETUP: what to type into an authenticator app before the first code can be entered. */
export function TotpSetup(props: { login: string; secret: string }) {
  const uri = otpauthUri(props.login, props.secret);
  return (
    <section aria-labelledby="totp-setup">
      <h2 id="totp-setup">認証アプリの登録</h2>
      <p>
        このシステムでは、パスワードに加えて認証アプリ（Google Authenticator、Microsoft Authenticator
        など）の確認コードが必要です。最初の1回だけ、次の手順で登録してください。
      </p>
      <ol>
        <li>スマートフォンの認証アプリで「セットアップキーを入力」（または「キーを入力」）を選びます。</li>
        <li>
          アカウント名に「{props.login}」、キーに次の文字列を入力し、種類は「時間ベース」を選びます。
          <p>
            <code class="totp-secret">{grouped(props.secret)}</code>
          </p>
        </li>
        <li>アプリに表示された6桁の確認コードを下の欄に入力し、「登録してログイン」を押します。</li>
      </ol>
      <p>
        URIを読み込めるアプリでは、次の内容を登録に使うこともできます（
        <a href={uri}>この端末のアプリで開く</a>）。
      </p>
      <p>
        <code class="totp-uri">{uri}</code>
      </p>
      <p class="note">このキーは登録にだけ使います。他の人に見せたり、メールで送ったりしないでください。</p>
    </section>
  );
}
