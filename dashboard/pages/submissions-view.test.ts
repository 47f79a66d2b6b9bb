import { describe, expect, it } from 'vitest';
import type { IngestReport } from '../../src/ingest/report';
import { SubmissionHistory, townFacts } from './submissions-view';

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

const partitionAs = (p: string, action: 'written' | 'unchanged' | 'kept_newer') => ({
  ...partition(p),
  action,
});

describe('SubmissionHistory', () => {
  it('keeps the last upload per dataset, even a rejected one, and links it only when readable', () => {
    const h = new SubmissionHistory(['313726', '310000'], (r) => r.upload_id !== 'u3');
    h.add(
      report({ upload_id: 'u3', status: 'rejected', errors_total: 4, uploaded_at: '2025-05-10T00:00:00Z' }),
    );
    h.add(report({ upload_id: 'u2', partitions: [partition('municipality_code=313726/fiscal_year=2024')] }));
    const last = h.of('313726').last.cases;
    expect(last).toEqual({ at: '2025-05-10T00:00:00Z', status: 'rejected' });
    expect(h.of('313726').last.activities).toBeNull();
  });

  it('dates each year’s case list by its newest accepted upload in Japan time, ignoring unapplied ones', () => {
    const h = new SubmissionHistory(['313726']);
    // Newest first. 2023-10-31T15:30Z is already 11月1日 in Japan.
    h.add(
      report({
        upload_id: 'u3',
        uploaded_at: '2024-06-01T00:00:00Z',
        partitions: [partitionAs('municipality_code=313726/fiscal_year=2023', 'kept_newer')],
      }),
    );
    h.add(
      report({
        upload_id: 'u2',
        uploaded_at: '2023-10-31T15:30:00Z',
        partitions: [partition('municipality_code=313726/fiscal_year=2023')],
      }),
    );
    h.add(
      report({
        upload_id: 'u1',
        uploaded_at: '2023-06-01T00:00:00Z',
        partitions: [partition('municipality_code=313726/fiscal_year=2023')],
      }),
    );
    expect(h.of('313726').casesTakenOn.get(2023)).toBe('2023-11-01');
  });

  it('credits each town with a prefecture-wide upload of its partitions and keeps it as 鳥取県’s own', () => {
    const h = new SubmissionHistory(['312011', '312029', '310000']);
    h.add(
      report({
        upload_id: 'p1',
        dataset: 'population',
        municipality_code: '310000',
        partitions: [
          partition('municipality_code=312011/as_of=2024-04-01'),
          partitionAs('municipality_code=312029/as_of=2023-04-01', 'unchanged'),
        ],
      }),
    );
    expect([...h.of('312011').populationAsOf]).toEqual(['2024-04-01']);
    expect([...h.of('312029').populationAsOf]).toEqual(['2023-04-01']);
    expect(h.of('312011').last.population).toMatchObject({ uploadId: 'p1' });
    expect(h.of('310000').last.population).toMatchObject({ uploadId: 'p1' });
  });
});

describe('townFacts', () => {
  it('reads the statuses of the town and the months its tallies hold', () => {
    const h = new SubmissionHistory(['313726']);
    const facts = townFacts(
      h.of('313726'),
      [
        { level: 'municipality', municipality_code: '313726', fiscal_year: 2024, status: 'implementing' },
        { level: 'municipality', municipality_code: '312011', fiscal_year: 2024, status: 'planned' },
        { level: 'prefecture', municipality_code: null, fiscal_year: 2024, status: null },
      ],
      [
        { level: 'month', municipality_code: '313726', month: '2024-04-01', contacts: null },
        { level: 'month', municipality_code: '312011', month: '2024-05-01' },
        { level: 'municipality', municipality_code: '313726', month: null },
      ],
    );
    expect([...facts.statusByYear]).toEqual([[2024, 'implementing']]);
    expect([...facts.activityMonths]).toEqual(['2024-04-01']);
  });
});
