import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlank } from '../normalise/text';
import { CsvSyntaxError } from './errors';
import { type CsvRecord, parseCsv, parseCsvStream } from './parse';

const cellsOf = (records: CsvRecord[]) => records.map((r) => r.cells);

async function collect(input: string | AsyncIterable<string>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of parseCsvStream(input)) out.push(r);
  return out;
}

async function* chunked(text: string, cuts: number[]): AsyncIterable<string> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield text.slice(at, cut);
    at = cut;
  }
  yield text.slice(at);
}

describe('parseCsv', () => {
  it('numbers rows as Excel does: a quoted cell with line breaks is one row', () => {
    const records = parseCsv('ケースID,課題\r\nA1,"孤独\r\nひきこもり"\r\nA2,DV\r\n');
    expect(records).toEqual([
      { row: 1, cells: ['ケースID', '課題'] },
      { row: 2, cells: ['A1', '孤独\r\nひきこもり'] },
      { row: 3, cells: ['A2', 'DV'] },
    ]);
  });

  it('reads CRLF, LF and CR line ends, even mixed', () => {
    expect(cellsOf(parseCsv('a,b\r\nc,d\ne,f\rg,h'))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('unescapes "" inside quoted cells and keeps commas there', () => {
    expect(cellsOf(parseCsv('"say ""hi"", ok",x'))).toEqual([['say "hi", ok', 'x']]);
  });

  it('returns ragged rows as they are, for validation to report', () => {
    expect(cellsOf(parseCsv('a,b,c\n1,2\n1,2,3,4\n'))).toEqual([
      ['a', 'b', 'c'],
      ['1', '2'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('drops trailing blank rows but keeps blank rows in the middle so row numbers stay true', () => {
    const records = parseCsv('a,b\r\n,\r\nc,d\r\n,\r\n\u3000, \r\n\r\n');
    expect(records.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(records[2]?.cells).toEqual(['c', 'd']);
  });

  it('keeps a trailing empty cell', () => {
    expect(cellsOf(parseCsv('a,\nb,'))).toEqual([
      ['a', ''],
      ['b', ''],
    ]);
  });

  it('strips a BOM left at the start of the text', () => {
    expect(cellsOf(parseCsv('\ufeff市町村コード,年度'))).toEqual([['市町村コード', '年度']]);
  });

  it('keeps a quote inside an unquoted cell as a character, as Excel does', () => {
    expect(cellsOf(parseCsv('身長5"2,x'))).toEqual([['身長5"2', 'x']]);
  });

  it('reports an unclosed quote with the Excel row where it starts', () => {
    const err = (() => {
      try {
        parseCsv('a,b\r\nc,d\r\ne,"f\r\ng,h\r\n');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect(err).toMatchObject({ row: 3, message: expect.stringContaining('3行目') });
  });

  it('reports text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"x"y,z\n')).toThrow(/2行目/);
  });

  it('returns nothing for an empty file', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\r\n\r\n')).toEqual([]);
  });
});

// RFC 4180 writer, quoting only when needed (or always), as Excel and other tools do.
const quote = (cell: string, always: boolean) =>
  always || /[",\r\n]|^\ufeff/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
const toCsv = (table: string[][], always: boolean, eol: string) =>
  table.map((row) => row.map((c) => quote(c, always)).join(',')).join(eol) + eol;

const cell = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ',', '"', '""', '\r\n', '\n', '\r', '孤独・孤立', '20〜29歳', ' ', '\u3000'),
);
const table = fc
  .array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 })
  // A table whose last row is blank would lose it by design.
  .filter((t) => !(t[t.length - 1] as string[]).every(isBlank));

describe('parseCsv: properties', () => {
  it('reads back any table of strings written as RFC 4180 CSV', () => {
    fc.assert(
      fc.property(table, fc.boolean(), fc.constantFrom('\r\n', '\n'), (t, always, eol) => {
        expect(cellsOf(parseCsv(toCsv(t, always, eol)))).toEqual(t);
      }),
      { numRuns: 500 },
    );
  });

  it('streams the same records as it parses, however the text is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        table.chain((t) => {
          const text = toCsv(t, false, '\r\n');
          return fc.tuple(
            fc.constant(text),
            fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }),
          );
        }),
        async ([text, cuts]) => {
          expect(await collect(chunked(text, cuts))).toEqual(parseCsv(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws anything but CsvSyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        try {
          parseCsv(s);
        } catch (e) {
          expect(e).toBeInstanceOf(CsvSyntaxError);
        }
      }),
    );
  });
});

describe('parseCsvStream', () => {
  it('holds back blank rows until a non-blank row follows, and drops them at the end', async () => {
    const records = await collect(chunked('a\r\n\r\nb\r\n\r\n,\r\n', [2, 5]));
    expect(records).toEqual([
      { row: 1, cells: ['a'] },
      { row: 2, cells: [''] },
      { row: 3, cells: ['b'] },
    ]);
  });

  it('raises CsvSyntaxError while iterating an unclosed quote', async () => {
    await expect(collect('a\r\n"b\r\n')).rejects.toBeInstanceOf(CsvSyntaxError);
  });
});
