import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../dashboard/services/audit-log';
import type { Viewer } from '../../src/access/viewer';
import { type IngestOptions, type IngestStep, ingestUpload } from '../../src/ingest/ingest';
import { partitionKey, uploadIdFor } from '../../src/ingest/layout';
import { recoverInterruptedUploads } from '../../src/ingest/recover';
import type { IngestReport } from '../../src/ingest/report';
import { getReport, listPending } from '../../src/ingest/upload-history';
import { readDataVersion } from '../../src/storage/data-version';
import { LocalStore } from '../../src/storage/local-store';
import { localStores } from '../../src/storage/stores';
import { readParquet } from '../storage/parquet-reader';

/**
 * A process killed with SIGKILL at any step of an upload leaves a data
 * folder that reads consistently (every Parquet object whole, each
 * partition the previous upload's rows or the new ones), and a report that
 * never says accepted for data readers do not see. On restart, recovery
 * completes the upload (or rolls it back when nothing of it was kept) and
 * makes its report and audit entry true.
 *
 * Each test starts from its own copy of a folder holding a previous upload,
 * and fails unless its kill landed where it meant to: a child stopped by the
 * ingest's step hook (frozen, not exiting) is killed there; the two kills
 * in the middle of a write are aimed by watching the files appear.
 */
const root = path.resolve(__dirname, '../..');
const CODE = '312011';
const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const uploader: Viewer = { role: 'municipality', municipalityCode: CODE, login: 'crash-test' };
const TARGETS = [partitionKey('cases', CODE, '2023'), partitionKey('cases', CODE, '2024')];
const OPTIONS = { maxUploadBytes: 1024 * 1024 * 1024 };
/** Rows per fiscal year: small for the step kills (two partitions), large to aim at a write in progress. */
const SMALL = 1_000;
const BIG = 150_000;

let work: string;
let smallFile: string;
let bigFile: string;
let childScript: string;
let runs = 0;

function csv(prefix: string, perYear: number, years: readonly number[]): string {
  const lines = [HEADER];
  for (const fy of years)
    for (let i = 0; i < perYear; i++)
      lines.push(
        `${CODE},${fy},${prefix}${fy}-${i},${fy}/06/${String((i % 28) + 1).padStart(2, '0')},本人,19歳以下,2,孤独・生活困窮,,`,
      );
  return `${lines.join('\r\n')}\r\n`;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'crash-'));
  smallFile = path.join(work, 'small.csv');
  bigFile = path.join(work, 'big.csv');
  await writeFile(smallFile, csv('NEW', SMALL, [2023, 2024]));
  await writeFile(bigFile, csv('NEW', BIG, [2024]));
  // The child runs the real ingest, and freezes its whole thread (no event
  // loop, no other partition moving on) once it reaches the step asked for.
  childScript = path.join(work, 'ingest-child.mts');
  await writeFile(
    childScript,
    `import { readFileSync } from 'node:fs';
const { ingestUpload } = await import(${JSON.stringify(path.join(root, 'src/ingest/ingest.ts'))});
const { localStores } = await import(${JSON.stringify(path.join(root, 'src/storage/stores.ts'))});
const { AuditLog } = await import(${JSON.stringify(path.join(root, 'dashboard/services/audit-log.ts'))});
const [file, dataDir, uploadedAt, stopAt] = process.argv.slice(2);
const stores = localStores(dataDir);
const audit = new AuditLog(stores.curated);
const report = await ingestUpload(stores, {
  bytes: readFileSync(file), fileName: 'new.csv', municipalityCode: '${CODE}',
  uploader: { role: 'municipality', municipalityCode: '${CODE}', login: 'crash-child' },
  uploadedAt: new Date(uploadedAt),
}, {
  maxUploadBytes: 1024 * 1024 * 1024,
  settle: (r, who) => audit.append(who, 'upload', r.upload_id, { status: r.status }).then(() => undefined),
  onStep: (step) => {
    if (step !== stopAt) return;
    process.stdout.write('at:' + step + '\\n'); // synchronous on a pipe
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
console.log('done:' + report.status);
`,
  );
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Run {
  dataDir: string;
  uploadId: string;
  /** The step the child said it stopped at, or the moment the watcher saw. */
  landedAt: string | undefined;
  signal: NodeJS.Signals | null;
  stdout: string;
  versionBefore: string;
}

/** A fresh folder holding only the previous upload: no test sees another's state. */
async function freshDataDir(name: string): Promise<string> {
  const dataDir = path.join(work, name);
  const previous = await ingestUpload(
    localStores(dataDir),
    {
      bytes: new TextEncoder().encode(csv('OLD', 6, [2023, 2024])),
      fileName: 'old.csv',
      municipalityCode: CODE,
      uploader,
      uploadedAt: new Date('2026-01-01T00:00:00Z'),
    },
    OPTIONS,
  );
  expect(previous.status).toBe('accepted');
  return dataDir;
}

/**
 * Runs the child ingest and SIGKILLs it: when it reports reaching `stopAt`,
 * or when `watch` (polling the folders) sees its moment.
 */
async function runAndKill(
  name: string,
  file: string,
  stopAt: IngestStep | '-',
  watch?: (files: string[], tmpFiles: string[]) => string | undefined,
): Promise<Run> {
  const dataDir = await freshDataDir(name);
  const versionBefore = await readDataVersion(localStores(dataDir));
  const tmp = path.join(work, `tmp-${name}`);
  await mkdir(tmp, { recursive: true });
  // A minute apart per run, after the previous upload: each its own upload id.
  const uploadedAt = new Date(Date.parse('2026-02-01T00:00:00.000Z') + ++runs * 60_000);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, file, dataDir, uploadedAt.toISOString(), stopAt],
    {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp, DUCKDB_HOME: path.join(tmp, 'duckdb') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let landedAt: string | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const at = /^at:(.+)$/m.exec(stdout)?.[1];
    if (at && !landedAt) {
      landedAt = at;
      child.kill('SIGKILL');
    }
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const deadline = Date.now() + 90_000;
  while (watch && !done && Date.now() < deadline) {
    const seen = watch(...(await Promise.all([listAll(dataDir), listAll(tmp)])));
    if (seen) {
      landedAt = seen;
      child.kill('SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(0, deadline - Date.now()));
  const signal = await exited;
  clearTimeout(timer);
  const uploadId = uploadIdFor(
    uploadedAt,
    createHash('sha256')
      .update(await readFile(file))
      .digest('hex'),
  );
  return { dataDir, uploadId, landedAt, signal, stdout, versionBefore };
}

async function listAll(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true })).map(String);
  } catch {
    return [];
  }
}

/** The kill landed: the child died by SIGKILL, where it was meant to, before finishing. */
function expectKilledAt(run: Run, where: string): void {
  expect(run.landedAt).toBe(where);
  expect(run.signal).toBe('SIGKILL');
  expect(run.stdout).not.toContain('done:');
}

type Held = 'previous' | 'new' | 'none';

/** Every Parquet object reads whole; what each target partition holds. */
async function partitionsHeld(dataDir: string, rowsPerYear: number): Promise<Held[]> {
  const store = new LocalStore(dataDir);
  for (const object of (await store.list('')).filter((o) => o.key.endsWith('.parquet'))) {
    const content = await readParquet(store.localPath(object.key) as string);
    // A put killed between its two renames leaves the object whole but without its
    // metadata: publication takes such a staged copy for no claim, and rewrites such a partition.
    const rowCount = (await store.head(object.key))?.metadata['row-count'];
    if (rowCount !== undefined) expect(Number(rowCount)).toBe(content.rows.length);
  }
  const held: Held[] = [];
  for (const key of TARGETS) {
    if (!(await store.head(key))) {
      held.push('none');
      continue;
    }
    const ids = (await readParquet(store.localPath(key) as string)).rows.map((r) => String(r.case_id));
    if (ids.length === 6 && ids.every((id) => id.startsWith('OLD'))) held.push('previous');
    else if (ids.length === rowsPerYear && ids.every((id) => id.startsWith('NEW'))) held.push('new');
    else throw new Error(`${key} holds a mix: ${ids.length} rows`);
  }
  return held;
}

/**
 * The report, if any, is true of what readers see: accepted only when every
 * partition it wrote holds its rows and the data version moved.
 */
async function expectReportTrue(
  run: Run,
  report: IngestReport | undefined,
  rowsPerYear: number,
): Promise<Held[]> {
  const held = await partitionsHeld(run.dataDir, rowsPerYear);
  const version = await readDataVersion(localStores(run.dataDir));
  if (report?.status === 'accepted') {
    const years = report.partitions.map((p) => p.partition.split('=').pop());
    for (const fy of years)
      expect(held[TARGETS.findIndex((k) => k.includes(`fiscal_year=${fy}`))]).toBe('new');
    expect(version).not.toBe(run.versionBefore);
  }
  if (report?.status === 'rejected') {
    expect(held.every((h) => h === 'previous')).toBe(true);
  }
  return held;
}

/** Restart: recovery runs with the dashboard's audit; afterwards everything about the upload is true. */
async function restartAndCheck(
  run: Run,
  rowsPerYear: number,
  expected: 'completed' | 'rolled_back' | 'settled',
) {
  const stores = localStores(run.dataDir);
  const audit = new AuditLog(stores.curated);
  const options: IngestOptions = {
    ...OPTIONS,
    settle: async (r, who) => {
      await audit.append(who, 'upload', r.upload_id, { status: r.status, recovered: true });
    },
  };
  const recovered = await recoverInterruptedUploads(stores, options);
  expect(recovered.map((r) => [r.report.upload_id, r.outcome])).toEqual([[run.uploadId, expected]]);
  expect(await listPending(stores)).toEqual([]);
  const report = await getReport(stores, run.uploadId);
  expect(report?.status).toBe(expected === 'rolled_back' ? 'rejected' : 'accepted');
  const held = await expectReportTrue(run, report, rowsPerYear);
  if (expected === 'rolled_back') expect(held).toEqual(['previous', 'previous']);
  const entries = (await audit.list({ action: 'upload' })).filter((e) => e.target === run.uploadId);
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) expect(entry.detail.status).toBe(report?.status);
  // Nothing left to do on the next restart.
  expect(await recoverInterruptedUploads(stores, options)).toEqual([]);
  return report;
}

describe('crash safety: SIGKILL at each step of an upload, then a restart', () => {
  const steps: { step: IngestStep; recovery: 'completed' | 'rolled_back' | 'settled' }[] = [
    { step: 'pending', recovery: 'rolled_back' }, // nothing kept yet
    { step: 'raw-kept', recovery: 'completed' },
    { step: 'checked', recovery: 'completed' },
    { step: 'staged', recovery: 'completed' }, // one partition's claim stored
    { step: 'partition-written', recovery: 'completed' }, // one partition new, the other not yet
    { step: 'published', recovery: 'completed' },
    { step: 'version-bumped', recovery: 'completed' },
    { step: 'report-saved', recovery: 'settled' }, // the report is true; its audit entry is missing
    { step: 'settled', recovery: 'settled' }, // audited, still marked pending
  ];

  for (const { step, recovery } of steps)
    it(`killed at "${step}": the report is never ahead of the data; a restart ${recovery.replace('_', ' ')} it`, async () => {
      const run = await runAndKill(`step-${step}`, smallFile, step);
      expectKilledAt(run, step);
      const stores = localStores(run.dataDir);
      const before = await getReport(stores, run.uploadId);
      // Until the report is saved there is none to be false.
      expect(before === undefined).toBe(step !== 'report-saved' && step !== 'settled');
      await expectReportTrue(run, before, SMALL);
      const report = await restartAndCheck(run, SMALL, recovery);
      if (recovery !== 'rolled_back')
        expect(await partitionsHeld(run.dataDir, SMALL)).toEqual(['new', 'new']);
      if (recovery === 'rolled_back') expect(report?.errors[0]?.code).toBe('interrupted');
    }, 120_000);
});

describe('crash safety: SIGKILL in the middle of a write', () => {
  it('killed while the raw file is being written: nothing published, rolled back on restart', async () => {
    const run = await runAndKill('mid-raw', bigFile, '-', (files) =>
      files.some((f) => f.startsWith('raw') && f.endsWith('.tmp')) ? 'raw-being-written' : undefined,
    );
    expectKilledAt(run, 'raw-being-written');
    expect(await getReport(localStores(run.dataDir), run.uploadId)).toBeUndefined();
    expect(await partitionsHeld(run.dataDir, BIG)).toEqual(['previous', 'previous']);
    // The kill may land just after the rename; recovery follows what is there.
    const stores = localStores(run.dataDir);
    const [pending] = await listPending(stores);
    expect(pending?.raw_key).toMatch(/^raw\/cases\/312011\/.*_new\.csv$/);
    const kept = (await stores.raw.head(pending?.raw_key ?? '')) !== undefined;
    const report = await restartAndCheck(run, BIG, kept ? 'completed' : 'rolled_back');
    expect(report?.status).toBe(kept ? 'accepted' : 'rejected');
  }, 180_000);

  it('killed while DuckDB writes the Parquet files: the previous data stays until recovery completes it', async () => {
    const run = await runAndKill('mid-parquet', bigFile, '-', (_files, tmpFiles) =>
      // Row by row the rows go through a TSV beside the Parquet; in bulk (a
      // file this size) DuckDB writes every partition under out/.
      tmpFiles.some((f) => f.includes('juso-parquet-') || /juso-bulk-[^/]*\/out\//.test(f))
        ? 'parquet-being-written'
        : undefined,
    );
    expectKilledAt(run, 'parquet-being-written');
    expect(await getReport(localStores(run.dataDir), run.uploadId)).toBeUndefined();
    expect(await partitionsHeld(run.dataDir, BIG)).toEqual(['previous', 'previous']);
    const report = await restartAndCheck(run, BIG, 'completed');
    expect(report?.rows).toBe(BIG);
    expect(await partitionsHeld(run.dataDir, BIG)).toEqual(['previous', 'new']);
  }, 180_000);
});
