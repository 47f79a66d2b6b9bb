import { describe, expect, it } from 'vitest';
import { DATASETS } from '../datasets/index';
import { findPersonalColumn } from './personal-columns';

describe('findPersonalColumn', () => {
  it.each([
    '氏名',
    '名前',
    '姓',
    '名',
    'フリガナ',
    'ふりがな',
    '本人氏名',
    '相談者名',
    '世帯主名',
    '利用者の名前',
    '住所',
    '所在地',
    '電話番号',
    'TEL',
    'Tel.',
    '携帯',
    'メール',
    'メールアドレス',
    'E-mail',
    '生年月日',
    '誕生日',
    '個人番号',
    'マイナンバー',
    '被保険者番号',
    ' 氏 名（必須）',
  ])('refuses %s on every dataset', (header) => {
    for (const personLevel of [true, false])
      expect(findPersonalColumn(header, personLevel)?.header).toBe(header);
  });

  it.each(['備考', 'メモ', '相談内容詳細', '経過', '支援経過', '特記事項'])(
    'refuses free text %s on person-level datasets only',
    (header) => {
      expect(findPersonalColumn(header, true)).toBeDefined();
      expect(findPersonalColumn(header, false)).toBeUndefined();
    },
  );

  it.each([
    '自治会名',
    '市町村名',
    '相談内容',
    '団体名',
    '地区名',
    '委託事業者名',
    'メール相談件数',
    '年齢階級',
    '',
  ])('lets %s through', (header) => {
    expect(findPersonalColumn(header, true)).toBeUndefined();
  });

  it('never refuses a header or alias the datasets themselves define', () => {
    for (const d of DATASETS)
      for (const c of d.columns)
        for (const h of [c.header, ...c.aliases])
          expect(findPersonalColumn(h, d.personLevel), `${d.name}: ${h}`).toBeUndefined();
  });

  it('explains in Japanese why and what to do', () => {
    expect(findPersonalColumn('電話番号', false)?.reason).toMatch(/電話番号.*個人を特定できる情報.*削除/);
  });
});
