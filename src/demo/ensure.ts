import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Viewer } from '../access/viewer';
import type { Config } from '../config';
import { PREFECTURE_CODE } from '../datasets/municipalities';
import { ingestUpload } from '../ingest/ingest';
import type { IngestReport } from '../ingest/report';
import { localStores } from '../storage/stores';
import { DEFAULT_DEMO_SEED, generateDemoExtracts } from './generate';
import type { DemoFile } from './render';

/** Folder under the data dir where the demo extracts are kept for people to open. */
export const DEMO_EXTRACTS_DIR = 'demo-extracts';

/**
 * Written into DEMO_EXTRACTS_DIR once every demo file went through the ingest:
 * a load interrupted half-way (Ctrl-C during npm start) is resumed next time
 * instead of leaving a partial demo that looks complete.
 */
export const DEMO_COMPLETE_MARKER = '.ingested';

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * Writes every demo extract as a real file under `dir` and returns the paths.
 *
 * @example await writeDemoExtracts('/tmp/extracts') // ['/tmp/extracts/313726_北栄町_相談ケース_令和3年度.csv', …]
 */
export async function writeDemoExtracts(dir: string, seed: number = DEFAULT_DEMO_SEED): Promise<string[]> {
  return writeFiles(dir, generateDemoExtracts(seed));
}

async function writeFiles(dir: string, files: readonly DemoFile[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const file of files) {
    const target = path.join(dir, file.fileName);
    await writeFile(target, file.bytes);
    paths.push(target);
  }
  return paths;
}

/** Towns upload as their own staff; the prefecture uploads its files itself. */
export function demoUploader(file: DemoFile): Viewer {
  return file.municipalityCode === PREFECTURE_CODE
    ? { role: 'prefecture', login: 'demo-prefecture' }
    : {
        role: 'municipality',
        municipalityCode: file.municipalityCode,
        login: `demo-${file.municipalityCode}`,
      };
}

export interface EnsureDemoOptions {
  seed?: number;
  /** Generate and ingest even when curated data exists (re-ingesting identical files changes nothing). */
  force?: boolean;
  onProgress?: (done: number, total: number, file: string) => void;
}

/**
 * When the data folder holds no curated data yet (or a previous demo load was
 * interrupted; identical files already ingested are then left unchanged): generates the demo
 * extracts, writes them under `<dataDir>/demo-extracts/`, and ingests each
 * through the real ingest (same path as an upload from the dashboard), in
 * delivery order. Returns every file's ingest report; a rejected one is
 * reported, not thrown, so the caller can show it.
 *
 * @example const { generated, reports } = await ensureDemoData(loadConfig());
 */
export async function ensureDemoData(
  config: Config,
  options: EnsureDemoOptions = {},
): Promise<{ generated: boolean; reports: IngestReport[] }> {
  const stores = localStores(config.dataDir);
  const dir = path.join(config.dataDir, DEMO_EXTRACTS_DIR);
  const interrupted = (await exists(dir)) && !(await exists(path.join(dir, DEMO_COMPLETE_MARKER)));
  if (!options.force && !interrupted && (await stores.curated.list('curated/')).length > 0)
    return { generated: false, reports: [] };
  const files = generateDemoExtracts(options.seed ?? DEFAULT_DEMO_SEED);
  await writeFiles(dir, files);
  const reports: IngestReport[] = [];
  for (const file of files) {
    reports.push(
      await ingestUpload(
        stores,
        {
          bytes: file.bytes,
          fileName: file.fileName,
          dataset: file.dataset,
          municipalityCode: file.municipalityCode,
          uploader: demoUploader(file),
          uploadedAt: new Date(file.uploadedAt),
        },
        { maxUploadBytes: config.maxUploadBytes },
      ),
    );
    options.onProgress?.(reports.length, files.length, file.fileName);
  }
  await writeFile(path.join(dir, DEMO_COMPLETE_MARKER), `${reports.length}\n`);
  return { generated: true, reports };
}
