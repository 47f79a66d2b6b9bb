import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestUpload } from '../../src/ingest/ingest';
import { localStores, type Stores } from '../../src/storage/stores';

let dataDir: string;
let stores: Stores;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'file-name-'));
  stores = localStores(dataDir);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('an uploaded file name', () => {
  it('is stored and reported without bidi, zero-width or control characters', async () => {
    // Prepare: shown as-is, this name would read "相談ケースexe.csv".
    const spoofed = '相談ケース\u202Evsc.exe\u2066\u200B\u0007';
    // Act: a file the ingest rejects still gets a report naming it.
    const report = await ingestUpload(
      stores,
      {
        bytes: new TextEncoder().encode('not,a,known\nheader,row,here\n'),
        fileName: spoofed,
        municipalityCode: '313726',
        uploader: { role: 'municipality', municipalityCode: '313726', login: 'municipality-313726' },
      },
      { maxUploadBytes: 1024 * 1024 },
    );
    // Assess: the answer and the report kept in the store.
    expect(report.file).toBe('相談ケースvsc.exe');
    const kept = await stores.curated.get(`reports/${report.upload_id}.json`);
    const stored = JSON.parse(new TextDecoder().decode(kept)) as { file: string };
    expect(stored.file).toBe('相談ケースvsc.exe');
  });
});
