import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDate, parseMonth } from './date';

const day = { allowMonth: false };
const month = { allowMonth: true };
const isoOf = (s: string, opts = day) => {
  const r = parseDate(s, opts);
  return r.ok ? r.value : r.code;
};

describe('parseDate: 西暦', () => {
  it.each([
    '2023-04-01',
    '2023/4/1',
    '2023.4.1',
    '2023年4月1日',
    '20230401',
    '２０２３／４／１',
    '2023/4/1 0:00',
    '2023/04/01 13:45:00',
    '2023/4/1(土)',
    '2023-04-01T00:00:00',
  ])('reads %s as 2023-04-01', (s) => {
    expect(isoOf(s)).toEqual({ date: '2023-04-01', precision: 'day' });
  });

  it('validates real calendar dates, leap years included', () => {
    expect(isoOf('2023-02-30')).toBe('invalid_date');
    expect(isoOf('2023/2/29')).toBe('invalid_date');
    expect(isoOf('2024/2/29')).toEqual({ date: '2024-02-29', precision: 'day' });
    expect(isoOf('2100/2/29')).toBe('invalid_date');
    expect(isoOf('2023/13/1')).toBe('invalid_date');
    expect(isoOf('2023/4/31')).toBe('invalid_date');
  });

  it('asks for the year when it is missing or two-digit', () => {
    expect(isoOf('4/1')).toBe('year_missing');
    expect(isoOf('23/4/1')).toBe('year_missing');
  });

  it('gives the example formats in the message', () => {
    expect(parseDate('いつか', day)).toMatchObject({
      ok: false,
      message: expect.stringContaining('2023/4/1 や R5.4.1'),
    });
  });
});

describe('parseDate: 和暦', () => {
  it.each([
    ['R5.4.1', '2023-04-01'],
    ['R05/04/01', '2023-04-01'],
    ['r5-4-1', '2023-04-01'],
    ['令和5年4月1日', '2023-04-01'],
    ['令和 5 年 4 月 1 日', '2023-04-01'],
    ['令5.4.1', '2023-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R元.5.1', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['S64.1.7', '1989-01-07'],
    ['昭和60年10月1日', '1985-10-01'],
  ])('reads %s as %s', (s, iso) => {
    expect(isoOf(s)).toEqual({ date: iso, precision: 'day' });
  });

  it('rejects H31.5.1 and suggests R1.5.1', () => {
    const r = parseDate('H31.5.1', day);
    expect(r).toMatchObject({ ok: false, code: 'era_mismatch' });
    if (!r.ok) expect(r.message).toContain('R1.5.1');
  });

  it('rejects R1.4.30 (令和 starts 2019-05-01) and suggests H31.4.30', () => {
    const r = parseDate('R1.4.30', day);
    expect(r).toMatchObject({ ok: false, code: 'era_mismatch' });
    if (!r.ok) expect(r.message).toContain('H31.4.30');
  });

  it('rejects 令和0年, 平成 dates before 1989-01-08 and 昭和 after 1989-01-07', () => {
    expect(isoOf('R0.5.1')).toBe('invalid_date');
    expect(isoOf('H1.1.7')).toBe('era_mismatch');
    expect(isoOf('S64.1.8')).toBe('era_mismatch');
  });
});

describe('parseDate: Excel serial dates', () => {
  it('reads 45017 as 2023-04-01 (1900 leap-year bug accounted for)', () => {
    expect(isoOf('45017')).toEqual({ date: '2023-04-01', precision: 'day' });
    expect(isoOf('45017.5')).toEqual({ date: '2023-04-01', precision: 'day' });
    expect(isoOf('32874')).toEqual({ date: '1990-01-01', precision: 'day' });
  });

  it('refuses serials outside 1990–2100', () => {
    expect(isoOf('12345')).toBe('implausible_serial');
    expect(isoOf('99999')).toBe('implausible_serial');
  });
});

describe('parseDate: month precision', () => {
  it.each(['2023/4', '2023-04', '2023年4月', '令和5年4月', 'R5.4', '202304'])(
    'reads %s as April 2023 when allowed',
    (s) => {
      expect(isoOf(s, month)).toEqual({ date: '2023-04-01', precision: 'month' });
    },
  );

  it('says a day is needed when month precision is not allowed', () => {
    const r = parseDate('2023/4', day);
    expect(r).toMatchObject({ ok: false, code: 'day_required', message: expect.stringContaining('日まで') });
  });

  it('enforces era boundaries for months too: R1.4 and H31.5 did not exist', () => {
    expect(isoOf('R1.4', month)).toBe('era_mismatch');
    expect(isoOf('H31.5', month)).toBe('era_mismatch');
    expect(isoOf('H31.4', month)).toEqual({ date: '2019-04-01', precision: 'month' });
    expect(isoOf('R1.5', month)).toEqual({ date: '2019-05-01', precision: 'month' });
  });

  it('keeps full dates at day precision when months are allowed', () => {
    expect(isoOf('2023/4/15', month)).toEqual({ date: '2023-04-15', precision: 'day' });
  });
});

describe('parseMonth', () => {
  it('returns the first day of the month', () => {
    expect(parseMonth('令和5年4月')).toEqual({ ok: true, value: '2023-04-01' });
    expect(parseMonth('R5.12')).toEqual({ ok: true, value: '2023-12-01' });
  });

  it('cuts a full date (Excel turns 2023/4 into 2023/4/1) to its month', () => {
    expect(parseMonth('2023/4/1')).toEqual({ ok: true, value: '2023-04-01' });
    expect(parseMonth('45031')).toEqual({ ok: true, value: '2023-04-01' });
  });

  it('explains the month formats on failure', () => {
    expect(parseMonth('四月')).toMatchObject({
      ok: false,
      code: 'invalid_month',
      message: expect.stringContaining('2023/4 や R5.4'),
    });
    expect(parseMonth('2023/13')).toMatchObject({ ok: false });
  });
});

// --- property: any date 1990–2100 written in any supported way reads back as itself ---

const DAY_MS = 86_400_000;
const START = Date.UTC(1990, 0, 1);
const END = Date.UTC(2100, 11, 31);
const FULL_WIDTH = (s: string) =>
  s.replace(/[0-9/.-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const pad2 = (n: number) => String(n).padStart(2, '0');

function wareki(y: number, m: number, d: number): { letter: string; name: string; n: number } {
  const iso = `${y}-${pad2(m)}-${pad2(d)}`;
  return iso >= '2019-05-01'
    ? { letter: 'R', name: '令和', n: y - 2018 }
    : { letter: 'H', name: '平成', n: y - 1988 };
}

const formats: ((y: number, m: number, d: number, serial: number, pad: boolean) => string)[] = [
  (y, m, d) => `${y}-${pad2(m)}-${pad2(d)}`,
  (y, m, d, _, p) => `${y}/${p ? pad2(m) : m}/${p ? pad2(d) : d}`,
  (y, m, d) => `${y}.${m}.${d}`,
  (y, m, d) => `${y}年${m}月${d}日`,
  (y, m, d) => `${y}${pad2(m)}${pad2(d)}`,
  (_y, _m, _d, serial) => String(serial),
  (y, m, d, _, p) => {
    const w = wareki(y, m, d);
    return `${w.letter}${p ? pad2(w.n) : w.n}.${m}.${d}`;
  },
  (y, m, d) => {
    const w = wareki(y, m, d);
    return `${w.letter.toLowerCase()}${w.n}/${pad2(m)}/${pad2(d)}`;
  },
  (y, m, d) => {
    const w = wareki(y, m, d);
    return `${w.name}${w.n === 1 ? '元' : w.n}年${m}月${d}日`;
  },
  (y, m, d) => {
    const w = wareki(y, m, d);
    return `${w.name[0]}${w.n}.${m}.${d}`;
  },
];

describe('parseDate: properties', () => {
  it('reads back any date in 1990–2100 in every supported format', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: (END - START) / DAY_MS }),
        fc.integer({ min: 0, max: formats.length - 1 }),
        fc.boolean(),
        fc.boolean(),
        (offset, f, pad, fullWidth) => {
          const ms = START + offset * DAY_MS;
          const dt = new Date(ms);
          const iso = dt.toISOString().slice(0, 10);
          const serial = (ms - Date.UTC(1899, 11, 30)) / DAY_MS;
          const text = (formats[f] as (typeof formats)[number])(
            dt.getUTCFullYear(),
            dt.getUTCMonth() + 1,
            dt.getUTCDate(),
            serial,
            pad,
          );
          expect(parseDate(fullWidth ? FULL_WIDTH(text) : text, { allowMonth: false })).toEqual({
            ok: true,
            value: { date: iso, precision: 'day' },
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back any month in 1990–2100 in every supported month format', () => {
    const monthFormats = [
      (y: number, m: number) => `${y}/${m}`,
      (y: number, m: number) => `${y}-${pad2(m)}`,
      (y: number, m: number) => `${y}年${m}月`,
      (y: number, m: number) => `${y}${pad2(m)}`,
      (y: number, m: number) => {
        const w = wareki(y, m, 28);
        return `${w.letter}${w.n}.${m}`;
      },
      (y: number, m: number) => {
        const w = wareki(y, m, 28);
        return `${w.name}${w.n === 1 ? '元' : w.n}年${m}月`;
      },
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(...monthFormats),
        (y, m, format) => {
          const text = format(y, m);
          expect(parseMonth(text), text).toEqual({ ok: true, value: `${y}-${pad2(m)}-01` });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (s, allowMonth) => {
        parseDate(s, { allowMonth });
        parseMonth(s);
      }),
    );
  });
});
