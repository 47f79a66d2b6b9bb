import { describe, expect, it } from 'vitest';
import { getDataset } from '../datasets';
import { encodeRows, RowEncoder, TsvRows } from './tsv';

const caseRow = (id: string) => ({
  municipality_code: '313726',
  fiscal_year: 2023,
  case_id: id,
  opened_on: '2023-04-01',
  referral_route: 'self',
  age_band: '40s',
  household_size: null,
  issues: Object.freeze(['isolation', 'poverty']),
  status: null,
  closed_on: null,
  opened_on_precision: 'day',
});

const text = (chunks: readonly Uint8Array[]) =>
  Buffer.concat(chunks.map((c) => Buffer.from(c))).toString('utf8');

describe('TSV rows', () => {
  it('writes one line per row in Parquet column order, blanks empty, lists marked', () => {
    const encoded = encodeRows(getDataset('cases'), [caseRow('C1'), { ...caseRow('C2'), issues: [] }]);
    expect(encoded.rowCount).toBe(2);
    expect(text(encoded.chunks)).toBe(
      'C1\t2023-04-01\tself\t40s\t\t\u001eisolation\u001fpoverty\t\t\tday\nC2\t2023-04-01\tself\t40s\t\t""\t\t\tday\n'.replace(
        '""',
        '\u001e',
      ),
    );
  });

  it('keeps every line whole across 1 MiB chunks, Japanese included', () => {
    const rows = new TsvRows(new RowEncoder(getDataset('cases')));
    const quoted = 'ID\t"改行\nあり"';
    for (let i = 0; i < 40_000; i++)
      rows.append({ ...caseRow(`C${i}`), status: i === 39_999 ? quoted : null });
    const encoded = rows.finish();
    expect(encoded.chunks.length).toBeGreaterThan(1);
    const lines = text(encoded.chunks).split('\n');
    // 40,000 lines, one more break inside the last row's quoted value, and the empty tail.
    expect(lines.length).toBe(40_002);
    expect(lines[12_345]?.startsWith('C12345\t')).toBe(true);
    expect(text(encoded.chunks).endsWith(`\t"ID\t""改行\nあり"""\t\tday\n`)).toBe(true);
  });

  it('holds nothing once discarded', () => {
    const rows = new TsvRows(new RowEncoder(getDataset('cases')));
    rows.append(caseRow('C1'));
    rows.discard();
    expect(rows.finish().chunks).toEqual([]);
  });
});
