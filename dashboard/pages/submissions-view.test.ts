import { describe, expect, it } from 'vitest';
import type { IngestReport } from '../../src/ingest/report';
import { submissionMatrix } from './submissions-view';

const report = (over: Partial<IngestReport>): IngestReport => ({
  upload_id: '20240501T000000000Z-aaaaaaaaaaaa',
  file: 'x.csv',
  dataset: 'cases',
  municipality_code: '313726',
  encoding: 'cp932',
  status: 'accepted',
  rows: 10,
  errors: [],
  errors_total: 0,
  warnings: [],
  warnings_total: 0,
  uploaded_at: '2024-05-01T00:00:00.000Z',
  processed_at: '2024-05-01T00:00:01.000Z',
  uploader: 'demo-313726',
  sha256: 'a'.repeat(64),
  raw_key: 'raw/cases/313726/x.csv',
  partitions: [],
  partition_keys: [],
  fiscal_years: [],
  as_of_dates: [],
  ...over,
});

const partition = (p: string) => ({
  key: `curated/${p}/data.parquet`,
  partition: p,
  rows: 1,
  action: 'written' as const,
});

describe('submissionMatrix', () => {
  const now = new Date('2025-06-01T00:00:00Z'); // FY2025: FY2024 is the last completed year

  it('shows the newest period held and the last upload, even when that upload was rejected', () => {
    const rows = submissionMatrix(
      [
        report({ upload_id: 'u3', status: 'rejected', errors_total: 4, uploaded_at: '2025-05-10T00:00:00Z' }),
        report({ upload_id: 'u2', partitions: [partition('municipality_code=313726/fiscal_year=2024')] }),
        report({ upload_id: 'u1', partitions: [partition('municipality_code=313726/fiscal_year=2023')] }),
      ],
      now,
    );
    const cell = rows.find((r) => r.code === '313726')?.cells.cases;
    expect(cell?.latestPeriod).toEqual({ fiscalYear: 2024 });
    expect(cell?.last).toMatchObject({ uploadId: 'u3', status: 'rejected', errors: 4 });
    expect(cell?.stale).toBe(false);
  });

  it('flags a town whose newest year is older than the last completed year', () => {
    const rows = submissionMatrix(
      [report({ partitions: [partition('municipality_code=313726/fiscal_year=2022')] })],
      now,
    );
    expect(rows.find((r) => r.code === '313726')?.cells.cases.stale).toBe(true);
    // A town that never submitted is not stale, just empty.
    expect(rows.find((r) => r.code === '312011')?.cells.cases).toEqual({
      latestPeriod: null,
      last: null,
      stale: false,
    });
  });

  it('credits each town with a prefecture-wide upload of its partitions', () => {
    const rows = submissionMatrix(
      [
        report({
          upload_id: 'p1',
          dataset: 'population',
          municipality_code: '310000',
          partitions: [
            partition('municipality_code=312011/as_of=2024-04-01'),
            partition('municipality_code=312029/as_of=2023-04-01'),
          ],
        }),
      ],
      now,
    );
    expect(rows.find((r) => r.code === '312011')?.cells.population).toMatchObject({
      latestPeriod: { asOf: '2024-04-01' },
      last: { uploadId: 'p1' },
      stale: false,
    });
    expect(rows.find((r) => r.code === '312029')?.cells.population.stale).toBe(true);
    expect(rows.find((r) => r.code === '310000')?.cells.population).toMatchObject({
      last: { uploadId: 'p1' },
      latestPeriod: { asOf: '2024-04-01' },
    });
  });
});
