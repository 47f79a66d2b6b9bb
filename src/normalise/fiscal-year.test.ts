import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fiscalYearEnd,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearStart,
  parseFiscalYear,
  warekiFiscalYear,
} from './fiscal-year';

describe('parseFiscalYear', () => {
  it.each([
    ['2023', 2023],
    ['2023年度', 2023],
    ['２０２３年度', 2023],
    ['FY2023', 2023],
    ['令和5年度', 2023],
    ['R5', 2023],
    ['R05', 2023],
    ['r5年度', 2023],
    ['H30', 2018],
    ['平成30年度', 2018],
    ['令和元年度', 2019],
    ['R1', 2019],
    ['平成31年度', 2019],
  ])('reads %s as %i', (s, fy) => {
    expect(parseFiscalYear(s)).toEqual({ ok: true, value: fy });
  });

  it('accepts both spellings together when they agree, as in our own labels', () => {
    expect(parseFiscalYear('令和5年度（2023年度）')).toEqual({ ok: true, value: 2023 });
    expect(parseFiscalYear('R5 (2023)')).toEqual({ ok: true, value: 2023 });
    expect(parseFiscalYear('2023(R4)')).toMatchObject({ ok: false, code: 'fiscal_year_conflict' });
  });

  it('rejects 平成32年度 and suggests 令和2年度', () => {
    expect(parseFiscalYear('H32')).toMatchObject({
      ok: false,
      code: 'era_mismatch',
      message: expect.stringContaining('令和2年度'),
    });
  });

  it('rejects implausible and unreadable years', () => {
    expect(parseFiscalYear('1980')).toMatchObject({ ok: false, code: 'implausible_fiscal_year' });
    expect(parseFiscalYear('23')).toMatchObject({ ok: false, code: 'invalid_fiscal_year' });
    expect(parseFiscalYear('R0')).toMatchObject({ ok: false });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseFiscalYear(s)));
  });
});

describe('fiscal year arithmetic', () => {
  it('puts 3/31 in the previous fiscal year and 4/1 in the new one', () => {
    expect(fiscalYearOf('2024-03-31')).toBe(2023);
    expect(fiscalYearOf('2024-04-01')).toBe(2024);
    expect(fiscalYearOf('2024-01-01')).toBe(2023);
    expect(fiscalYearOf('2023-12-31')).toBe(2023);
  });

  it('gives the first and last day', () => {
    expect(fiscalYearStart(2023)).toBe('2023-04-01');
    expect(fiscalYearEnd(2023)).toBe('2024-03-31');
  });

  it('every day between start and end belongs to that fiscal year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 0, max: 364 }), (fy, offset) => {
        const d = new Date(Date.parse(fiscalYearStart(fy)) + offset * 86_400_000).toISOString().slice(0, 10);
        expect(fiscalYearOf(d)).toBe(fy);
      }),
    );
  });
});

describe('fiscal year labels', () => {
  it('labels charts as R5 (2023), the change year as R1, earlier as 平成', () => {
    expect(fiscalYearLabel(2023)).toBe('R5 (2023)');
    expect(fiscalYearLabel(2019)).toBe('R1 (2019)');
    expect(fiscalYearLabel(2018)).toBe('H30 (2018)');
  });

  it('writes 和暦 fiscal years with 元 for the first year', () => {
    expect(warekiFiscalYear(2023)).toBe('令和5年度');
    expect(warekiFiscalYear(2019)).toBe('令和元年度');
    expect(warekiFiscalYear(2018)).toBe('平成30年度');
  });

  it('reads back its own 和暦 writing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), (fy) => {
        expect(parseFiscalYear(warekiFiscalYear(fy))).toEqual({ ok: true, value: fy });
        expect(parseFiscalYear(fiscalYearLabel(fy).split(' ')[0] as string)).toEqual({ ok: true, value: fy });
        expect(parseFiscalYear(fiscalYearLabel(fy))).toEqual({ ok: true, value: fy });
      }),
    );
  });
});
