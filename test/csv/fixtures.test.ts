import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsv } from '../../src/csv/decode';
import { parseCsv } from '../../src/csv/parse';
import { activities } from '../../src/datasets/activities';
import { cases } from '../../src/datasets/cases';
import type { Column, Dataset } from '../../src/datasets/types';
import { parseDate, parseMonth } from '../../src/normalise/date';
import { parseFiscalYear } from '../../src/normalise/fiscal-year';
import { parseMunicipality } from '../../src/normalise/municipality';
import { parseInteger } from '../../src/normalise/number';
import type { Parsed } from '../../src/normalise/parsed';
import { isBlank, normaliseHeader, normaliseText } from '../../src/normalise/text';
import { matchTerm, parseTerms } from '../../src/normalise/vocabulary';

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve('test/fixtures/csv', name)));

/** Enough of validation to read typical files end to end with this module's pieces. */
function read(column: Column, text: string): Parsed<unknown> {
  const t = column.type;
  switch (t.kind) {
    case 'municipality':
      return parseMunicipality(text);
    case 'fiscal_year':
      return parseFiscalYear(text);
    case 'int':
      return parseInteger(text);
    case 'date': {
      const r = parseDate(text, t);
      return r.ok ? { ok: true, value: r.value.date } : r;
    }
    case 'month':
      return parseMonth(text);
    case 'enum':
      return matchTerm(t.vocabulary, text);
    case 'multi_enum':
      return parseTerms(t.vocabulary, text);
    case 'string':
      return { ok: true, value: normaliseText(text) };
    case 'flag':
      throw new Error('no flag columns in these fixtures');
  }
}

function rowsOf(dataset: Dataset, bytes: Uint8Array) {
  const { text, encoding } = decodeCsv(bytes);
  const [header, ...records] = parseCsv(text);
  const columns = (header?.cells ?? []).map((h) =>
    dataset.columns.find((c) =>
      [c.header, ...c.aliases].some((a) => normaliseHeader(a) === normaliseHeader(h)),
    ),
  );
  const rows = records
    .filter((r) => !r.cells.every(isBlank))
    .map((r) => ({
      row: r.row,
      values: Object.fromEntries(
        r.cells.flatMap((cell, i) => {
          const column = columns[i];
          if (!column || isBlank(cell)) return [];
          const parsed = read(column, cell);
          return [[column.name, parsed.ok ? parsed.value : `${parsed.code}: ${parsed.message}`]];
        }),
      ),
    }));
  return { encoding, columns: columns.map((c) => c?.name), rows };
}

describe('a Shift_JIS 相談ケース file typed the way people type it', () => {
  const { encoding, columns, rows } = rowsOf(cases, fixture('cases_cp932_variants.csv'));

  it('is read as CP932 and every header variant finds its column', () => {
    expect(encoding).toBe('cp932');
    expect(columns).toEqual(cases.columns.map((c) => c.name));
  });

  it('normalises 全角 digits, 和暦, serial dates, names, synonyms and multi-line cells', () => {
    expect(rows).toEqual([
      {
        row: 2,
        values: {
          municipality_code: '313726',
          fiscal_year: 2023,
          case_id: 'A-001',
          opened_on: '2023-04-03',
          referral_route: 'agency_other', // 関係機関, one of the earlier routes
          age_band: '40s',
          household_size: 3,
          issues: ['isolation', 'hikikomori'],
          status: 'supporting',
        },
      },
      {
        row: 3,
        values: {
          municipality_code: '313726',
          fiscal_year: 2023,
          case_id: 'A-002',
          opened_on: '2023-05-01',
          referral_route: 'community', // 民生委員
          age_band: '20s',
          household_size: 1,
          issues: ['eighty_fifty', 'mental_health'],
          status: 'watching',
        },
      },
      {
        row: 4,
        values: {
          municipality_code: '313726',
          fiscal_year: 2023,
          case_id: 'A-003',
          opened_on: '2023-04-01',
          referral_route: 'self_family', // 本人
          age_band: '75_plus',
          household_size: 2,
          issues: ['abuse_dv'],
          status: 'closed',
          closed_on: '2023-12-28',
        },
      },
      {
        row: 5,
        values: {
          municipality_code: '313726',
          fiscal_year: 2023,
          case_id: 'A-004',
          opened_on: '2022-11-30',
          referral_route: 'self_family', // 家族
          age_band: 'unknown',
          issues: ['hoarding', 'animal_hoarding'],
          status: 'closed',
          closed_on: '2024-03-31',
        },
      },
    ]);
  });
});

describe('a UTF-8 (BOM) 月次活動実績 file', () => {
  it('reads months in three forms and counts with separators and units', () => {
    const { encoding, rows } = rowsOf(activities, fixture('activities_utf8_bom.csv'));
    expect(encoding).toBe('utf-8-bom');
    expect(rows.map((r) => r.values)).toEqual([
      {
        municipality_code: '313726',
        month: '2023-04-01',
        new_persons: 3,
        contacts: 25,
        support_meetings: 4,
        meeting_cases: 5,
      },
      {
        municipality_code: '313726',
        month: '2023-05-01',
        new_persons: 1002,
        contacts: 10,
        support_meetings: 2,
        juso_meetings: 0,
        meeting_cases: 1,
      },
      {
        municipality_code: '313726',
        month: '2023-06-01',
        new_persons: 0,
        contacts: 0,
        support_meetings: 0,
        juso_meetings: 0,
        meeting_cases: 0,
      },
    ]);
  });
});
