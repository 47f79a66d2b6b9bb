import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import type { Authenticator } from '../../dashboard/auth/authenticator';
import type { AppDeps } from '../../dashboard/context';
import { AuditLog } from '../../dashboard/services/audit-log';
import { VisitLogStore } from '../../dashboard/services/visit-log';
import { loadConfig } from '../../src/config';
import type { IndicatorService } from '../../src/query/indicator-service';
import { localStores } from '../../src/storage/stores';
import { createTestCognito, type TestCognito } from '../helpers/cognito';

let auth: Authenticator;
let access: TestCognito['access'];
let dataDir: string;

beforeAll(async () => {
  ({ auth, access } = await createTestCognito());
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cognito-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('Cognito tokens on the API', () => {
  it('authenticates /api requests with a bearer JWT and refuses invalid ones with 401', async () => {
    // Prepare: the indicators are not touched by /api/me.
    const config = { ...loadConfig({}), dataDir };
    const stores = localStores(dataDir);
    const deps: AppDeps = {
      config,
      stores,
      indicators: {} as IndicatorService,
      auth,
      audit: new AuditLog(stores.curated),
      visitLog: new VisitLogStore(stores.curated),
    };
    const app = createApp(deps);
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
