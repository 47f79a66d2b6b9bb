import { describe, expect, it } from 'vitest';
import { isBlank, matchKey, normaliseHeader, normaliseText } from './text';

describe('normaliseText', () => {
  it('folds 全角 digits, letters and spaces and trims 全角 space and NBSP', () => {
    expect(normaliseText('\u3000ＡＢＣ　１２３\u00a0')).toBe('ABC 123');
  });

  it('folds every wave dash to the canonical 〜 used by vocabulary labels', () => {
    for (const s of ['20〜29歳', '20～29歳', '20~29歳', '20〰29歳', '20∼29歳'])
      expect(normaliseText(s)).toBe('20〜29歳');
  });

  it('collapses inner whitespace runs, including line breaks, to one space', () => {
    expect(normaliseText('孤独 \t\n　孤立')).toBe('孤独 孤立');
  });

  it('turns 半角カナ into 全角 and drops zero-width characters', () => {
    expect(normaliseText('ﾋｷｺﾓﾘ\u200b')).toBe('ヒキコモリ');
  });
});

describe('normaliseHeader', () => {
  it('removes all whitespace and required/optional marks', () => {
    expect(normaliseHeader(' 市町村 コード（必須）')).toBe('市町村コード');
    expect(normaliseHeader('※受付日')).toBe('受付日');
    expect(normaliseHeader('課題※')).toBe('課題');
    expect(normaliseHeader('世帯人員【任意】')).toBe('世帯人員');
    expect(normaliseHeader('課題(複数可)*')).toBe('課題');
    expect(normaliseHeader('ケースＮｏ．')).toBe(normaliseHeader('ケースNo'));
    expect(normaliseHeader('年度：')).toBe('年度');
  });

  it('matches ASCII case-insensitively and 全角 letters as 半角', () => {
    expect(normaliseHeader('ケースＩＤ')).toBe(normaliseHeader('ケースid'));
  });
});

describe('isBlank', () => {
  it('is true for empty, spaces, 全角 spaces, NBSP and zero-width text', () => {
    for (const s of ['', ' ', '\u3000', '\u00a0', '\u200b', ' \t\r\n']) expect(isBlank(s)).toBe(true);
  });

  it('is false as soon as a visible character is present', () => {
    for (const s of ['0', '　-', 'a ']) expect(isBlank(s)).toBe(false);
  });
});

describe('matchKey', () => {
  it('ignores whitespace and ASCII case so 「２０ 代」 and 「20代」 meet', () => {
    expect(matchKey('２０ 代')).toBe(matchKey('20代'));
    expect(matchKey('DV')).toBe(matchKey('ｄｖ'));
  });
});
