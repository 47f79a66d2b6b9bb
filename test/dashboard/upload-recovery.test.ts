import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import { type DemoAccount, ensureDemoAccounts } from '../../dashboard/auth/demo-accounts';
import type { AppDeps } from '../../dashboard/context';
import { localDeps } from '../../dashboard/services/deps';
import { auditUpload } from '../../dashboard/services/upload-audit';
import { recoverLocalUploads } from '../../dashboard/services/upload-recovery';
import type { Viewer } from '../../src/access/viewer';
import { loadConfig } from '../../src/config';
import { ingestUpload } from '../../src/ingest/ingest';
import { listPending, type PendingUpload, savePending } from '../../src/ingest/upload-history';

/**
 * Local restart (`npm start` runs recoverLocalUploads before serving): an
 * upload a crash cut off after its raw file was kept is run again, one cut
 * off before is reported rejected, both get the audit entry they missed,
 * and the history the app serves then tells the truth about them.
 */
const CODE = '313726';
const LOGIN = `municipality-${CODE}`;
const uploader: Viewer = { role: 'municipality', municipalityCode: CODE, login: LOGIN };
const CASES = [
  '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日',
  `${CODE},2023,R-001,2023-05-01,本人,40〜49歳,1,介護,支援中,`,
].join('\r\n');

let dataDir: string;
let deps: AppDeps;
let accounts: DemoAccount[];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'upload-recovery-'));
  accounts = (await ensureDemoAccounts(dataDir)).accounts;
  deps = await localDeps({ ...loadConfig({}), dataDir });
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The pid of a process that has exited: what a crashed server leaves in its marks. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

/** Hands a mark to a process that is gone, as after a crash and restart. */
async function orphan(pending: PendingUpload): Promise<void> {
  await savePending(deps.stores, { ...pending, owner: { ...pending.owner, pid: deadPid() } });
}

function getUpload(id: string) {
  const token = accounts.find((a) => a.login === LOGIN)?.token;
  return createApp(deps).request(`/api/uploads/${id}`, { headers: { Authorization: `Bearer ${token}` } });
}

describe('recoverLocalUploads', () => {
  it('completes an upload cut off after its raw file was kept, and rolls back one cut off before', async () => {
    // Prepare: an upload stopped once checked (its raw file kept), and a mark with nothing kept
    const stopped = ingestUpload(
      deps.stores,
      { bytes: new TextEncoder().encode(CASES), fileName: 'cases.csv', municipalityCode: CODE, uploader },
      {
        maxUploadBytes: deps.config.maxUploadBytes,
        settle: auditUpload(deps.audit),
        onStep: (step) => {
          if (step === 'checked') throw new Error('crash');
        },
      },
    );
    await expect(stopped).rejects.toThrow('crash');
    const [cut] = await listPending(deps.stores);
    if (!cut) throw new Error('the stopped upload left no pending mark');
    expect(cut.raw_key).not.toBe('');
    await orphan(cut);
    const early: PendingUpload = {
      ...cut,
      upload_id: '20260101T000000000Z-0123456789ab',
      raw_key: '',
      file: 'early.csv',
    };
    await orphan(early);

    // Act
    await recoverLocalUploads(deps);

    // Assess: nothing left pending; each report true and readable through the app
    expect(await listPending(deps.stores)).toEqual([]);
    const completed = await getUpload(cut.upload_id);
    expect(completed.status).toBe(200);
    expect((await completed.json()).data).toMatchObject({ status: 'accepted', rows: 1 });
    const rolledBack = await getUpload(early.upload_id);
    expect(rolledBack.status).toBe(200);
    const report = (await rolledBack.json()).data;
    expect(report).toMatchObject({ status: 'rejected', rows: 0 });
    expect(report.errors[0].code).toBe('interrupted');
    // Each gets the audit entry the crash cut off, marked as recovered
    const entries = await deps.audit.list({ action: 'upload' });
    expect(entries.map((e) => [e.target, e.detail.status, e.detail.recovered]).sort()).toEqual(
      [
        [cut.upload_id, 'accepted', true],
        [early.upload_id, 'rejected', true],
      ].sort(),
    );
  });

  it('leaves alone an upload whose process still runs', async () => {
    // Prepare: a mark owned by this very process (an upload in progress)
    const live: PendingUpload = {
      upload_id: '20260101T000000000Z-ba9876543210',
      raw_key: '',
      file: 'live.csv',
      municipality_code: CODE,
      uploader,
      uploaded_at: new Date().toISOString(),
      started_at: new Date().toISOString(),
      owner: { host: os.hostname(), pid: process.pid },
    };
    await savePending(deps.stores, live);

    // Act
    await recoverLocalUploads(deps);

    // Assess
    expect((await listPending(deps.stores)).map((p) => p.upload_id)).toEqual([live.upload_id]);
  });
});
