import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { ingestUpload } from '../../src/ingest/ingest';
import { partitionKey } from '../../src/ingest/layout';
import { LocalStore } from '../../src/storage/local-store';
import { localStores } from '../../src/storage/stores';
import { readParquet } from '../storage/parquet-reader';

/**
 * A process killed with SIGKILL in the middle of an ingest (while the raw
 * file is being written, while DuckDB writes Parquet, while publishing)
 * leaves a data folder that still reads consistently: every Parquet object
 * is whole, and the partition holds either the previous upload's rows or
 * the new ones — never a mix, never a torn file. Running the upload again
 * (what a retry does) completes it.
 */
const root = path.resolve(__dirname, '../..');
const CODE = '312011';
const ROWS = 150_000;
const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const uploader: Viewer = { role: 'municipality', municipalityCode: CODE, login: 'crash-test' };
const target = partitionKey('cases', CODE, '2024');

let work: string;
let dataDir: string;
let bigFile: string;
let childScript: string;
let previousIds: string[];

function csv(prefix: string, count: number): string {
  const lines = [HEADER];
  for (let i = 0; i < count; i++)
    lines.push(
      `${CODE},2024,${prefix}${i},2024/06/${String((i % 28) + 1).padStart(2, '0')},本人,19歳以下,2,孤独・生活困窮,,`,
    );
  return `${lines.join('\r\n')}\r\n`;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'crash-'));
  dataDir = path.join(work, 'data');
  bigFile = path.join(work, 'big.csv');
  await writeFile(bigFile, csv('NEW', ROWS));
  // The child imports the real ingest by absolute path; run as one node process so SIGKILL hits the writer itself.
  childScript = path.join(work, 'ingest-child.mts');
  await writeFile(
    childScript,
    `import { readFileSync } from 'node:fs';
const { ingestUpload } = await import(${JSON.stringify(path.join(root, 'src/ingest/ingest.ts'))});
const { localStores } = await import(${JSON.stringify(path.join(root, 'src/storage/stores.ts'))});
const [file, dataDir, uploadedAt] = process.argv.slice(2);
const report = await ingestUpload(localStores(dataDir), {
  bytes: readFileSync(file), fileName: 'big.csv', municipalityCode: '${CODE}',
  uploader: { role: 'municipality', municipalityCode: '${CODE}', login: 'crash-child' },
  uploadedAt: new Date(uploadedAt),
}, { maxUploadBytes: 1024 * 1024 * 1024 });
console.log(report.status);
`,
  );
  const previous = await ingestUpload(
    localStores(dataDir),
    {
      bytes: new TextEncoder().encode(csv('OLD', 12)),
      fileName: 'old.csv',
      municipalityCode: CODE,
      uploader,
      uploadedAt: new Date('2026-01-01T00:00:00Z'),
    },
    { maxUploadBytes: 1024 * 1024 },
  );
  expect(previous.status).toBe('accepted');
  previousIds = Array.from({ length: 12 }, (_, i) => `OLD${i}`);
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs the child ingest and SIGKILLs it as soon as `shouldKill` sees the moment. */
async function runAndKill(
  name: string,
  uploadedAt: string,
  shouldKill: (files: string[], tmpFiles: string[]) => boolean,
): Promise<{ killed: boolean }> {
  const tmp = path.join(work, `tmp-${name}`);
  await mkdir(tmp, { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', childScript, bigFile, dataDir, uploadedAt],
    {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp, DUCKDB_HOME: path.join(tmp, 'duckdb') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const deadline = Date.now() + 60_000;
  while (!done && Date.now() < deadline) {
    const [files, tmpFiles] = await Promise.all([listAll(dataDir), listAll(tmp)]);
    if (shouldKill(files, tmpFiles)) {
      child.kill('SIGKILL');
      await exited;
      return { killed: true };
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill('SIGKILL');
  await exited;
  return { killed: false };
}

async function listAll(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true })).map(String);
  } catch {
    return [];
  }
}

/** Every Parquet object reads whole; returns the partition's case ids. */
async function checkConsistent(): Promise<string[]> {
  const store = new LocalStore(dataDir);
  const parquet = (await store.list('')).filter((o) => o.key.endsWith('.parquet'));
  expect(parquet.length).toBeGreaterThan(0);
  for (const object of parquet) {
    const content = await readParquet(store.localPath(object.key));
    expect(Number((await store.head(object.key))?.metadata['row-count'])).toBe(content.rows.length);
  }
  const held = await readParquet(store.localPath(target));
  return held.rows.map((r) => String(r.case_id));
}

const isPrevious = (ids: string[]) =>
  ids.length === previousIds.length && ids.every((id) => id.startsWith('OLD'));
const isNew = (ids: string[]) => ids.length === ROWS && ids.every((id) => id.startsWith('NEW'));

describe('crash safety (SIGKILL mid-ingest)', () => {
  it('keeps the previous data when killed while the raw file is being written', async () => {
    const run = await runAndKill('raw', '2026-02-01T00:00:00.000Z', (files) =>
      files.some((f) => f.startsWith('raw') && f.endsWith('.tmp')),
    );
    const ids = await checkConsistent();
    expect(run.killed ? isPrevious(ids) : isNew(ids)).toBe(true);
  }, 90_000);

  it('keeps the previous data when killed while DuckDB writes the Parquet file', async () => {
    const run = await runAndKill('parquet', '2026-02-02T00:00:00.000Z', (_files, tmpFiles) =>
      // Row by row the rows go through a TSV beside the Parquet; in bulk (a file this
      // size) DuckDB writes every partition under out/.
      tmpFiles.some((f) => f.includes('juso-parquet-') || /juso-bulk-[^/]*\/out\//.test(f)),
    );
    expect(run.killed).toBe(true);
    expect(isPrevious(await checkConsistent())).toBe(true);
  }, 90_000);

  it('holds either the previous or the new rows, whole, when killed while publishing', async () => {
    const run = await runAndKill('publish', '2026-02-03T00:00:00.000Z', (files) =>
      files.some((f) => f.startsWith('staging') && f.endsWith('.parquet') && f.includes('20260203')),
    );
    const ids = await checkConsistent();
    expect(isPrevious(ids) || isNew(ids)).toBe(true);
    expect(run.killed || isNew(ids)).toBe(true);
  }, 90_000);

  it('completes when the killed upload is run again', async () => {
    const { readFile } = await import('node:fs/promises');
    const report = await ingestUpload(
      localStores(dataDir),
      {
        bytes: new Uint8Array(await readFile(bigFile)),
        fileName: 'big.csv',
        municipalityCode: CODE,
        uploader,
        uploadedAt: new Date('2026-02-03T00:00:00.000Z'),
      },
      { maxUploadBytes: 1024 * 1024 * 1024 },
    );
    expect(report.status).toBe('accepted');
    expect(isNew(await checkConsistent())).toBe(true);
  }, 90_000);
});
