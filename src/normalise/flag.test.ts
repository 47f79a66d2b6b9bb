import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MARU_BATSU, SUMI_MI } from '../datasets/vocabularies';
import { parseFlag } from './flag';

describe('parseFlag', () => {
  it('reads ○/〇/有 as true and ×/無 as false', () => {
    for (const s of ['○', '〇', '有', 'あり', 'YES', 'Ｙ', '1'])
      expect(parseFlag(MARU_BATSU, s)).toEqual({ ok: true, value: true });
    for (const s of ['×', '無', 'なし', 'No', '０'])
      expect(parseFlag(MARU_BATSU, s)).toEqual({ ok: true, value: false });
  });

  it('reads 済/未 for the hearing column', () => {
    expect(parseFlag(SUMI_MI, ' 済 ')).toEqual({ ok: true, value: true });
    expect(parseFlag(SUMI_MI, '未')).toEqual({ ok: true, value: false });
  });

  it('tells the person which marks to use', () => {
    expect(parseFlag(SUMI_MI, 'たぶん')).toMatchObject({
      ok: false,
      code: 'unknown_flag',
      message: expect.stringContaining('「済」か「未」'),
    });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseFlag(MARU_BATSU, s)));
  });
});
