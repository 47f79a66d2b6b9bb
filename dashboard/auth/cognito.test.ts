import { beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, createTestCognito, type TestCognito } from '../../test/helpers/cognito';
import type { Authenticator, SignIn } from './authenticator';

let cognito: TestCognito;
let auth: Authenticator;
let otherKey: CryptoKey;
const token: TestCognito['token'] = (...args) => cognito.token(...args);
const access: TestCognito['access'] = (...args) => cognito.access(...args);

beforeAll(async () => {
  cognito = await createTestCognito();
  ({ auth, otherKey } = cognito);
});

describe('Cognito authenticator', () => {
  it('maps the pool groups to the three roles', async () => {
    expect(await auth.verifyBearer(await access(['prefecture']))).toEqual({
      role: 'prefecture',
      login: 'user1',
    });
    expect(await auth.verifyBearer(await access(['promotion-team']))).toEqual({
      role: 'promotion_team',
      login: 'user1',
    });
    expect(await auth.verifyBearer(await access(['municipality-313726']))).toEqual({
      role: 'municipality',
      municipalityCode: '313726',
      login: 'user1',
    });
  });

  it('accepts an ID token issued for this client', async () => {
    const id = await token({
      token_use: 'id',
      aud: CLIENT,
      'cognito:username': 'u2',
      'cognito:groups': ['prefecture'],
    });
    expect(await auth.verifyBearer(id)).toEqual({ role: 'prefecture', login: 'u2' });
  });

  it.each([
    ['another client', () => access(['prefecture'], { client_id: 'someone-else' })],
    [
      'an ID token for another audience',
      () => token({ token_use: 'id', aud: 'x', 'cognito:groups': ['prefecture'] }),
    ],
    [
      'a token without token_use',
      () => token({ client_id: CLIENT, username: 'u', 'cognito:groups': ['prefecture'] }),
    ],
    [
      'another issuer',
      () => token({ token_use: 'access', client_id: CLIENT, username: 'u' }, { issuer: 'https://evil' }),
    ],
    [
      'a key not in the JWKS',
      () => token({ token_use: 'access', client_id: CLIENT, username: 'u' }, { key: otherKey }),
    ],
    [
      'an expired token',
      () =>
        token(
          { token_use: 'access', client_id: CLIENT, username: 'u', 'cognito:groups': ['prefecture'] },
          { expiresIn: Math.floor(Date.now() / 1000) - 60 },
        ),
    ],
    ['no known group', () => access(['staff'])],
    ['an unknown town', () => access(['municipality-999999'])],
    ['two towns at once', () => access(['municipality-313726', 'municipality-312011'])],
  ])('refuses %s', async (_label, make) => {
    expect(await auth.verifyBearer(await make())).toBeUndefined();
  });

  it('refuses garbage', async () => {
    expect(await auth.verifyBearer('not-a-jwt')).toBeUndefined();
  });

  it('signs in with InitiateAuth and keeps the access token as the session', async () => {
    const result = (await auth.signIn('hokuei', 'correct horse')) as SignIn | undefined;
    expect(result?.viewer).toEqual({ role: 'municipality', municipalityCode: '313726', login: 'hokuei' });
    expect(await auth.verifySession(result?.session ?? '')).toEqual(result?.viewer);
    expect(await auth.signIn('hokuei', 'wrong')).toBeUndefined();
  });
});
