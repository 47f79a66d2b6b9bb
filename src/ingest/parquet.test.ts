import { describe, expect, it } from 'vitest';
import { readParquet } from '../../test/storage/parquet-reader';
import { getDataset } from '../datasets';
import { duckdbType, parquetColumns } from '../datasets/schema';
import { writeParquet } from './parquet';

const lineage = {
  uploadId: '20260405T060708009Z-abcdef012345',
  rawKey: "raw/cases/312011/20260405T060708009Z_abcdef012345_相談'ケース.csv",
  sha256: 'abcdef0123456789'.repeat(4),
  uploadedAt: '2026-04-05T06:07:08.009Z',
};

const caseRow = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  municipality_code: '312011',
  fiscal_year: 2024,
  case_id: 'C-001',
  opened_on: '2024-05-01',
  referral_route: 'self',
  age_band: 'age_40s',
  household_size: 3,
  issues: ['poverty', 'isolation'],
  status: 'ongoing',
  closed_on: null,
  opened_on_precision: 'day',
  ...overrides,
});

describe('writeParquet', () => {
  it('writes exactly the dataset schema, without the partition keys', async () => {
    for (const name of ['cases', 'visits'] as const) {
      const dataset = getDataset(name);
      const { columns } = await readParquet(await writeParquet(dataset, [], lineage));
      expect(columns).toEqual(
        parquetColumns(dataset).map((c) => ({ name: c.name, type: duckdbType(c.storage) })),
      );
      expect(columns.map((c) => c.name)).not.toContain('municipality_code');
    }
  });

  it('round-trips every kind of value: text with tabs, quotes and newlines, nulls, empty lists, dates', async () => {
    const rows = [
      caseRow(),
      caseRow({
        case_id: 'C-002',
        household_size: null,
        issues: [],
        status: null,
        opened_on_precision: 'month',
      }),
      caseRow({ case_id: 'tab\there "quoted"\nnext line', closed_on: '2025-03-31', issues: ['debt'] }),
      caseRow({ case_id: '', opened_on: new Date('2024-06-30T00:00:00Z'), issues: null }),
    ];
    const { rows: back } = await readParquet(await writeParquet(getDataset('cases'), rows, lineage));
    expect(back).toEqual([
      { ...strip(rows[0]) },
      { ...strip(rows[1]) },
      { ...strip(rows[2]) },
      { ...strip(rows[3]), opened_on: '2024-06-30' },
    ]);
  });

  it('records the lineage in the Parquet key-value metadata', async () => {
    const { keyValues } = await readParquet(
      await writeParquet(getDataset('cases'), [caseRow(), caseRow()], lineage),
    );
    expect(keyValues).toEqual({
      upload_id: lineage.uploadId,
      raw_key: lineage.rawKey,
      sha256: lineage.sha256,
      uploaded_at: lineage.uploadedAt,
    });
  });

  it('writes booleans and integers of a dataset with flags', async () => {
    const dataset = getDataset('visits');
    const row = {
      municipality_code: '312011',
      as_of: '2025-03-31',
      jichikai_id: 'J1',
      jichikai_name: '湖山町「北」',
      households: 120,
      visited_households: 0,
      status: 'in_progress',
      completed_on: null,
      hearing_done: false,
      concern_households: null,
      referrals: 2,
    };
    const { rows } = await readParquet(
      await writeParquet(dataset, [row, { ...row, jichikai_id: 'J2', hearing_done: true }], lineage),
    );
    expect(rows.map((r) => [r.jichikai_name, r.hearing_done, r.households])).toEqual([
      ['湖山町「北」', false, 120],
      ['湖山町「北」', true, 120],
    ]);
  });

  it('refuses values of the wrong type instead of writing something else', async () => {
    await expect(
      writeParquet(getDataset('cases'), [caseRow({ household_size: '3' })], lineage),
    ).rejects.toThrow(/household_size/);
    await expect(
      writeParquet(getDataset('cases'), [caseRow({ opened_on: '2024/05/01' })], lineage),
    ).rejects.toThrow(/opened_on/);
  });
});

function strip(row: Record<string, unknown> | undefined): Record<string, unknown> {
  const { municipality_code: _m, fiscal_year: _f, ...rest } = row ?? {};
  return rest;
}
