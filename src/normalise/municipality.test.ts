import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from '../datasets/municipalities';
import { checkDigit, isPrefectureCode, parseMunicipality } from './municipality';

describe('checkDigit', () => {
  it.each(MUNICIPALITIES.map((m) => [m.name, m.code]))('verifies the code of %s (%s)', (_name, code) => {
    expect(checkDigit(code.slice(0, 5))).toBe(code[5]);
  });

  it('verifies 鳥取県 310000', () => {
    expect(checkDigit('31000')).toBe('0');
  });
});

describe('parseMunicipality', () => {
  it.each(MUNICIPALITIES.map((m) => [m.name, m.code]))(
    'reads %s by 6-digit code, 5-digit code and name',
    (name, code) => {
      expect(parseMunicipality(code)).toEqual({ ok: true, value: code });
      expect(parseMunicipality(code.slice(0, 5))).toEqual({ ok: true, value: code });
      expect(parseMunicipality(name)).toEqual({ ok: true, value: code });
      expect(parseMunicipality(`鳥取県${name}`)).toEqual({ ok: true, value: code });
    },
  );

  it('accepts 全角 digits, the 郡 prefix and the name without 市/町/村', () => {
    expect(parseMunicipality('３１３７２６')).toEqual({ ok: true, value: '313726' });
    expect(parseMunicipality('東伯郡北栄町')).toEqual({ ok: true, value: '313726' });
    expect(parseMunicipality('鳥取県東伯郡北栄町')).toEqual({ ok: true, value: '313726' });
    expect(parseMunicipality('北栄')).toEqual({ ok: true, value: '313726' });
    expect(parseMunicipality('日吉津')).toEqual({ ok: true, value: '313840' });
    expect(parseMunicipality(' 米子市 ')).toEqual({ ok: true, value: '312029' });
  });

  it('gives a wrong check digit its own message, suggesting the right code', () => {
    const r = parseMunicipality('313727');
    expect(r).toMatchObject({ ok: false, code: 'check_digit_mismatch' });
    if (!r.ok) expect(r.message).toContain('313726（北栄町）');
  });

  it('rejects codes and names outside Tottori as unknown', () => {
    expect(parseMunicipality('131016')).toMatchObject({ ok: false, code: 'unknown_municipality' }); // 千代田区
    expect(parseMunicipality('13101')).toMatchObject({ ok: false, code: 'unknown_municipality' });
    expect(parseMunicipality('松江市')).toMatchObject({ ok: false, code: 'unknown_municipality' });
  });

  it('tells the person that 310000 is the prefecture, not a municipality', () => {
    expect(parseMunicipality('310000')).toMatchObject({ ok: false, code: 'prefecture_code' });
  });

  it('uses the list it is given', () => {
    const only = MUNICIPALITIES.filter((m) => m.code === '312011');
    expect(parseMunicipality('312011', only)).toEqual({ ok: true, value: '312011' });
    expect(parseMunicipality('米子市', only)).toMatchObject({ ok: false, code: 'unknown_municipality' });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseMunicipality(s)));
  });
});

describe('isPrefectureCode', () => {
  it('recognises 鳥取県 by code and name, and nothing else', () => {
    for (const s of ['310000', '31000', '鳥取県', '３１００００']) expect(isPrefectureCode(s)).toBe(true);
    for (const s of ['312011', '鳥取市', '']) expect(isPrefectureCode(s)).toBe(false);
  });
});
