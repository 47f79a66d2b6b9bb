import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DatasetName } from '../datasets';
import { localStores, type Stores } from '../storage/stores';
import type { IngestReport } from './report';
import { getReport, listReports, saveReport } from './upload-history';

let dir: string;
let stores: Stores;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'history-'));
  stores = localStores(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function report(
  uploadId: string,
  dataset: DatasetName,
  municipality: string,
  status: 'accepted' | 'rejected',
): IngestReport {
  return {
    upload_id: uploadId,
    file: 'ケース.csv',
    dataset,
    municipality_code: municipality,
    encoding: 'cp932',
    status,
    rows: 3,
    errors: [],
    errors_total: 0,
    warnings: [],
    warnings_total: 0,
    uploaded_at: '2026-01-01T00:00:00.000Z',
    processed_at: '2026-01-01T00:00:01.000Z',
    uploader: 'tottori-staff',
    sha256: 'a'.repeat(64),
    raw_key: `raw/${dataset}/${municipality}/x.csv`,
    partitions: [],
    partition_keys: [],
    fiscal_years: [2024],
    as_of_dates: [],
  };
}

it('saves a report and gets it back by upload id', async () => {
  const saved = report('20260101T000000000Z-aaaaaaaaaaaa', 'cases', '312011', 'rejected');
  await saveReport(stores, saved);
  expect(await getReport(stores, saved.upload_id)).toEqual(saved);
  expect(await getReport(stores, '20990101T000000000Z-ffffffffffff')).toBeUndefined();
  expect(await getReport(stores, '../state/data-version')).toBeUndefined();
});

it('replaces a report saved again under the same upload id (accepted, then with outcomes)', async () => {
  const first = report('20260101T000000000Z-aaaaaaaaaaaa', 'cases', '312011', 'accepted');
  await saveReport(stores, first);
  await saveReport(stores, { ...first, rows: 99 });
  expect((await getReport(stores, first.upload_id))?.rows).toBe(99);
  expect(await listReports(stores)).toHaveLength(1);
});

it('lists newest first, filtered by dataset and municipality, up to a limit', async () => {
  await saveReport(stores, report('20260103T000000000Z-cccccccccccc', 'visits', '312011', 'accepted'));
  await saveReport(stores, report('20260101T000000000Z-aaaaaaaaaaaa', 'cases', '312011', 'accepted'));
  await saveReport(stores, report('20260104T000000000Z-dddddddddddd', 'cases', '312029', 'rejected'));
  await saveReport(stores, report('20260102T000000000Z-bbbbbbbbbbbb', 'cases', '312011', 'rejected'));
  const ids = (r: IngestReport[]) => r.map((x) => x.upload_id.slice(0, 8));
  expect(ids(await listReports(stores))).toEqual(['20260104', '20260103', '20260102', '20260101']);
  expect(ids(await listReports(stores, { dataset: 'cases' }))).toEqual(['20260104', '20260102', '20260101']);
  expect(ids(await listReports(stores, { municipalityCode: '312011', dataset: 'cases' }))).toEqual([
    '20260102',
    '20260101',
  ]);
  expect(ids(await listReports(stores, { limit: 2 }))).toEqual(['20260104', '20260103']);
  expect(await listReports(localStores(path.join(dir, 'empty')))).toEqual([]);
});

it('reads only the matching reports for a filtered listing', async () => {
  for (let i = 0; i < 30; i++)
    await saveReport(
      stores,
      report(
        `202601${String(i + 1).padStart(2, '0')}T000000000Z-aaaaaaaaaaaa`,
        'cases',
        '312029',
        'accepted',
      ),
    );
  await saveReport(stores, report('20260301T000000000Z-bbbbbbbbbbbb', 'cases', '312011', 'accepted'));
  const gets: string[] = [];
  const curated = stores.curated;
  const counting: Stores = {
    raw: stores.raw,
    curated: Object.assign(Object.create(curated), {
      get: (key: string) => {
        gets.push(key);
        return curated.get(key);
      },
    }),
  };
  const mine = await listReports(counting, { municipalityCode: '312011' });
  expect(mine.map((r) => r.upload_id)).toEqual(['20260301T000000000Z-bbbbbbbbbbbb']);
  expect(gets).toEqual(['reports/20260301T000000000Z-bbbbbbbbbbbb.json']);
});

it('files a report rejected before its dataset was known, and lists it unfiltered', async () => {
  await saveReport(stores, {
    ...report('20260101T000000000Z-aaaaaaaaaaaa', 'cases', '312011', 'rejected'),
    dataset: null,
  });
  expect(await listReports(stores, { dataset: 'cases' })).toEqual([]);
  expect(await listReports(stores, { municipalityCode: '312011' })).toHaveLength(1);
  expect(await listReports(stores)).toHaveLength(1);
});
