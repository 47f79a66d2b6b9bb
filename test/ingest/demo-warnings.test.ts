import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUploader } from '../../src/demo/ensure';
import { DEFAULT_DEMO_SEED, generateDemoExtracts } from '../../src/demo/generate';
import { ingestUpload } from '../../src/ingest/ingest';
import type { IngestReport } from '../../src/ingest/report';
import { type TempData, tempData } from '../fixtures/extracts/helpers';

/**
 * What `npm start` shows when it loads the demo: every file accepted, and
 * no warning that a person could not act on — a blank 終結日 on an open
 * case, 完了日 before completion or 推進チーム訪問日 in a year without a visit.
 */

let data: TempData;
let reports: IngestReport[];
beforeAll(async () => {
  data = await tempData();
  reports = [];
  for (const file of generateDemoExtracts(DEFAULT_DEMO_SEED))
    reports.push(
      await ingestUpload(
        data.stores,
        {
          bytes: file.bytes,
          fileName: file.fileName,
          dataset: file.dataset,
          municipalityCode: file.municipalityCode,
          uploader: demoUploader(file),
          uploadedAt: new Date(file.uploadedAt),
        },
        { maxUploadBytes: 50 * 1024 * 1024 },
      ),
    );
}, 240_000);
afterAll(async () => {
  await data.cleanup();
});

describe('the demo load', () => {
  it('accepts every file', () => {
    expect(reports.filter((r) => r.status !== 'accepted').map((r) => r.file)).toEqual([]);
  });

  it('warns of no blank that the row itself explains', () => {
    const blanks = reports.flatMap((r) =>
      r.warnings.filter((w) => w.code === 'optional_blank').map((w) => `${r.file}: ${w.message}`),
    );
    expect(blanks).toEqual([]);
  });
});
