import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import type { Authenticator } from '../../dashboard/auth/authenticator';
import { revocable } from '../../dashboard/auth/revocable';
import { csrfTokenFor } from '../../dashboard/auth/session-cookie';
import { SessionRevocations } from '../../dashboard/auth/session-revocations';
import type { AppDeps } from '../../dashboard/context';
import { AuditLog } from '../../dashboard/services/audit-log';
import { VisitLogStore } from '../../dashboard/services/visit-log';
import { loadConfig } from '../../src/config';
import type { IndicatorService } from '../../src/service/indicator-service';
import { localStores } from '../../src/storage/stores';
import { createTestCognito, type TestCognito, TOTP_CODE, TOTP_SECRET } from '../helpers/cognito';
import { cookiesOf, ORIGIN, postLogin } from './sign-in-form';

let cognito: TestCognito;
let auth: Authenticator;
let access: TestCognito['access'];
let dataDir: string;

beforeAll(async () => {
  cognito = await createTestCognito();
  ({ auth, access } = cognito);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cognito-'));
});

/** The app over the Cognito stand-in, with sign-out kept in a temp folder as the cloud keeps it in S3. */
function cognitoApp() {
  // Prepare: the indicators are not touched by these tests.
  const config = { ...loadConfig({}), dataDir };
  const stores = localStores(dataDir);
  const deps: AppDeps = {
    config,
    stores,
    indicators: {} as IndicatorService,
    auth: revocable(auth, new SessionRevocations(stores.curated)),
    audit: new AuditLog(stores.curated),
    visitLog: new VisitLogStore(stores.curated),
  };
  return createApp(deps, { distDir: path.join(dataDir, 'no-assets') });
}

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('Cognito tokens on the API', () => {
  it('authenticates /api requests with a bearer JWT and refuses invalid ones with 401', async () => {
    const app = cognitoApp();
    // Act
    const ok = await app.request('/api/me', {
      headers: { Authorization: `Bearer ${await access(['promotion-team'])}` },
    });
    const bad = await app.request('/api/me', {
      headers: { Authorization: `Bearer ${await access(['prefecture'], { client_id: 'x' })}` },
    });
    // Assess
    expect(ok.status).toBe(200);
    expect((await ok.json()).data).toEqual({
      login: 'user1',
      role: 'promotion_team',
      municipality_code: null,
    });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('invalid_token');
  });
});

describe('Cognito sign-out', () => {
  it('revokes the tokens with GlobalSignOut and refuses the old cookie at once', async () => {
    // Prepare: signed in through the form.
    const app = cognitoApp();
    const signedIn = await postLogin({ app }, { login: 'hokuei', password: 'correct horse' });
    expect(signedIn.status).toBe(303);
    const cookie = cookiesOf(signedIn);
    expect((await app.request('/api/me', { headers: { Cookie: cookie } })).status).toBe(200);
    const accessToken = decodeURIComponent(cookie.replace(/^.*session=([^;]+).*$/, '$1'));
    // Act: the pages' sign-out form carries the session's CSRF token.
    const out = await app.request('/logout', {
      method: 'POST',
      headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfTokenFor(accessToken) }).toString(),
    });
    // Assess: Cognito was asked, in its own protocol, to sign the user out everywhere.
    expect(out.status).toBe(303);
    expect(cognito.calls.at(-1)).toEqual({ operation: 'GlobalSignOut', body: { AccessToken: accessToken } });
    expect(cognito.signedOut.has(accessToken)).toBe(true);
    expect((await app.request('/api/me', { headers: { Cookie: cookie } })).status).toBe(401);
    const bearer = await app.request('/api/me', { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(bearer.status).toBe(401);
  });
});

/** The hidden fields of the challenge step, as the browser would post them back. */
function challengeFields(html: string): Record<string, string> {
  const field = (name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1] ?? '';
  return {
    login: field('login'),
    next: field('next'),
    challenge: field('challenge'),
    state: field('state'),
    ...(field('secret') ? { secret: field('secret') } : {}),
  };
}

describe('Cognito challenges on the sign-in form', () => {
  it('asks for the authenticator code (SOFTWARE_TOKEN_MFA) and signs in only with the right one', async () => {
    // Prepare
    const app = cognitoApp();
    const first = await postLogin(
      { app },
      { login: 'pref-mfa', password: 'battery staple', next: '/compare' },
    );
    const html = await first.text();
    expect(first.status).toBe(200);
    expect(html).toContain('確認コード');
    const fields = challengeFields(html);
    expect(fields.challenge).toBe('SOFTWARE_TOKEN_MFA');
    // Act
    const wrong = await postLogin({ app }, { ...fields, code: '000000' }, '192.0.2.50');
    const right = await postLogin({ app }, { ...fields, code: '123456' }, '192.0.2.50');
    // Assess: RespondToAuthChallenge as AWS receives it.
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/compare');
    expect(cognito.calls.at(-1)).toMatchObject({
      operation: 'RespondToAuthChallenge',
      body: {
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ClientId: 'client-abc',
        Session: fields.state,
        ChallengeResponses: { USERNAME: 'pref-mfa', SOFTWARE_TOKEN_MFA_CODE: '123456' },
      },
    });
    const me = await app.request('/api/me', { headers: { Cookie: cookiesOf(right) } });
    expect((await me.json()).data).toMatchObject({ login: 'pref-mfa', role: 'prefecture' });
  });

  it('registers a first authenticator (MFA_SETUP): shows the key, checks the first code, signs in', async () => {
    // Prepare: a user with no authenticator yet, in a pool that requires TOTP.
    const app = cognitoApp();
    const first = await postLogin(
      { app },
      { login: 'first-mfa', password: 'no device yet', next: '/compare' },
    );
    const html = await first.text();
    const fields = challengeFields(html);
    // Assess: the key to type into an authenticator app, as text and as an otpauth:// URI, nothing external.
    expect(first.status).toBe(200);
    expect(html).toContain('認証アプリの登録');
    expect(html).toContain(TOTP_SECRET.replace(/(.{4})(?=.)/g, '$1 '));
    expect(html).toContain(
      `otpauth://totp/${encodeURIComponent('Tottori-Monitoring:first-mfa')}?secret=${TOTP_SECRET}`,
    );
    expect(html).not.toMatch(/<img|https?:\/\/(?!localhost)[^"]*qr/i);
    expect(fields.challenge).toBe('MFA_SETUP');
    expect(cognito.calls.slice(-2)).toEqual([
      expect.objectContaining({ operation: 'InitiateAuth' }),
      { operation: 'AssociateSoftwareToken', body: { Session: expect.stringMatching(/^session-/) } },
    ]);
    // Act: a mistyped first code, then the right one.
    const wrong = await postLogin({ app }, { ...fields, code: '000000' }, '192.0.2.51');
    const wrongHtml = await wrong.text();
    const right = await postLogin({ app }, { ...fields, code: TOTP_CODE }, '192.0.2.51');
    // Assess: the mistake keeps the same key on screen; the right code verifies, then completes the challenge.
    expect(wrong.status).toBe(401);
    expect(wrongHtml).toContain(TOTP_SECRET.replace(/(.{4})(?=.)/g, '$1 '));
    expect(challengeFields(wrongHtml)).toEqual(fields);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/compare');
    const [verify, respond] = cognito.calls.slice(-2);
    expect(verify).toMatchObject({
      operation: 'VerifySoftwareToken',
      body: { Session: fields.state, UserCode: TOTP_CODE },
    });
    expect(respond).toMatchObject({
      operation: 'RespondToAuthChallenge',
      body: {
        ChallengeName: 'MFA_SETUP',
        ClientId: 'client-abc',
        ChallengeResponses: { USERNAME: 'first-mfa' },
      },
    });
    expect(respond?.body.Session).not.toBe(fields.state);
    // Intent: the secret is shown to the user only; it is never sent back to Cognito.
    expect(JSON.stringify(cognito.calls.slice(-3))).not.toContain(TOTP_SECRET);
    const me = await app.request('/api/me', { headers: { Cookie: cookiesOf(right) } });
    expect((await me.json()).data).toMatchObject({ login: 'first-mfa', role: 'prefecture' });
  });

  it('asks a new user for a new password (NEW_PASSWORD_REQUIRED), then signs in', async () => {
    const app = cognitoApp();
    const first = await postLogin({ app }, { login: 'new-staff', password: 'temporary 1' });
    const html = await first.text();
    expect(html).toContain('新しいパスワード');
    const fields = challengeFields(html);
    const done = await postLogin({ app }, { ...fields, new_password: 'a much longer passphrase' });
    expect(done.status).toBe(303);
    expect(cognito.calls.at(-1)).toMatchObject({
      operation: 'RespondToAuthChallenge',
      body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', ChallengeResponses: { USERNAME: 'new-staff' } },
    });
  });
});
