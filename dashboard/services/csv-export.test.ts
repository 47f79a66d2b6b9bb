import { describe, expect, it } from 'vitest';
import { neutraliseFormula, SUPPRESSED_MARK, toCsv } from './csv-export';

describe('toCsv', () => {
  it('starts with a BOM, uses CRLF and the Japanese header labels in the given order', () => {
    const csv = toCsv([{ persons: 41, municipality_code: '313726' }], ['municipality_code', 'persons']);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['市町村コード,相談実人数', '313726,41', '']);
  });

  it('neutralises text cells that a spreadsheet would run as formulas', () => {
    const csv = toCsv(
      [{ area_name: '=HYPERLINK("http://x")' }, { area_name: '+1' }, { area_name: '@SUM(A1)' }],
      ['area_name'],
    );
    const cells = csv.slice(1).split('\r\n').slice(1, 4);
    expect(cells).toEqual([`"'=HYPERLINK(""http://x"")"`, "'+1", "'@SUM(A1)"]);
  });

  it('leaves negative numbers as numbers', () => {
    const csv = toCsv([{ persons_yoy: -0.25 }], ['persons_yoy']);
    expect(csv.slice(1).split('\r\n')[1]).toBe('-0.25');
  });

  it('marks suppressed figures as 秘匿 and keeps true blanks empty', () => {
    const csv = toCsv(
      [{ persons: null, contacts: null, suppressed: ['persons'] }],
      ['persons', 'contacts', 'suppressed'],
    );
    expect(csv.slice(1).split('\r\n')[1]).toBe(`${SUPPRESSED_MARK},,相談実人数`);
  });

  it('refuses a field that has no column rather than appending it unlabelled', () => {
    expect(() => toCsv([{ persons: 1, surprise: 2 }], ['persons'])).toThrow(/surprise/);
  });

  it('quotes commas, quotes and line breaks', () => {
    const csv = toCsv([{ area_name: 'a,"b"\nc' }], ['area_name']);
    expect(csv.slice(1).split('\r\n')[1]).toBe('"a,""b""\nc"');
  });
});

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+81', '-2', '@x', '\tcmd'])('prefixes %j with an apostrophe', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('北栄町')).toBe('北栄町');
  });
});
