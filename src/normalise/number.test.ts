import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRange, parseInteger } from './number';

describe('parseInteger', () => {
  it.each([
    ['0', 0],
    ['1234', 1234],
    ['1,234', 1234],
    ['1，234', 1234],
    ['１２３４', 1234],
    ['１，２３４件', 1234],
    ['12人', 12],
    ['3回', 3],
    ['5世帯', 5],
    [' 7 ', 7],
    ['12.0', 12],
    ['-3', -3],
    ['▲3', -3],
  ])('reads %s as %i', (s, n) => {
    expect(parseInteger(s)).toEqual({ ok: true, value: n });
  });

  it.each(['1.5', '0.5件', 'abc', '1,23', '12,3456', '十二', '1 2', '1e3'])(
    'rejects %s with a Japanese message',
    (s) => {
      const r = parseInteger(s);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe('not_integer');
        expect(r.message).toContain('整数で入力してください');
      }
    },
  );

  it('refuses numbers beyond safe integers instead of rounding them', () => {
    expect(parseInteger('99999999999999999999')).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('reads back any safe integer written with or without thousands separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.boolean(), (n, grouped) => {
        const s = grouped ? n.toLocaleString('en-US') : String(n);
        expect(parseInteger(s)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseInteger(s)));
  });
});

describe('checkRange', () => {
  it('accepts the bounds themselves', () => {
    expect(checkRange(1, 1, 20)).toEqual({ ok: true, value: 1 });
    expect(checkRange(20, 1, 20)).toEqual({ ok: true, value: 20 });
  });

  it('names the accepted range when outside it', () => {
    expect(checkRange(0, 1, 20)).toMatchObject({ ok: false, code: 'below_min' });
    expect(checkRange(21, 1, 20)).toMatchObject({
      ok: false,
      code: 'above_max',
      message: expect.stringContaining('1〜20'),
    });
    expect(checkRange(-1, 0)).toMatchObject({ ok: false, message: expect.stringContaining('0以上') });
  });

  it('has no upper bound when max is omitted', () => {
    expect(checkRange(10 ** 9, 0)).toEqual({ ok: true, value: 10 ** 9 });
  });
});
