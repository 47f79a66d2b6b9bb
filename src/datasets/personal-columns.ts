/**
 * Headers that mean the file carries personal data and must be refused
 * whole (src/normalise/personal-columns.ts applies them to a header).
 * Matching is on whole concepts, not substrings, so 自治会名,
 * 市町村名 and 相談内容 (an alias of 課題) pass while 氏名, 相談者名 and
 * 相談内容詳細 do not.
 */
export interface PersonalColumnRule {
  /** What the rule catches, in Japanese, for messages and the data-contract page. */
  concept: string;
  /** Example headers, for the data-contract page. */
  examples: readonly string[];
  /** Only on person-level datasets (free text about a person). */
  personLevelOnly: boolean;
  /** Tested against normaliseHeader(header): NFKC, no whitespace, marks removed, ASCII lower-case. */
  test: (key: string) => boolean;
}

const equalsAny =
  (...words: string[]) =>
  (key: string): boolean =>
    words.includes(key);
const containsAny =
  (...words: string[]) =>
  (key: string): boolean =>
    words.some((w) => key.includes(w));

/** Whose name a header ending in 名 is: 相談者名 is a person, 自治会名 is not. */
const PERSON_NAME = /(?:者|主|人|児|員|族|親|子|本人|対象|家族|世帯主)(?:の)?(?:氏名|名前|名|姓名)$/;

/** Names of organisations, not people: 委託事業者名, 法人名. */
const ORGANISATION_NAME = /(?:事業者|業者|法人|団体|機関|事業所)の?名$/;

export const PERSONAL_COLUMN_RULES: readonly PersonalColumnRule[] = [
  {
    concept: '氏名・ふりがな',
    examples: ['氏名', '名前', '姓', '名', 'フリガナ', 'ふりがな', '相談者名', '世帯主名'],
    personLevelOnly: false,
    test: (k) =>
      equalsAny(
        '名前',
        '姓',
        '名',
        '氏',
        '姓名',
        '名字',
        '苗字',
        'name',
        'fullname',
        'カナ',
        'かな',
        'よみ',
        'ヨミ',
      )(k) ||
      containsAny('氏名', 'フリガナ', 'ふりがな', 'ローマ字', 'イニシャル')(k) ||
      /^(?:本人|利用者|相談者|対象者)の?名前$/.test(k) ||
      (PERSON_NAME.test(k) && !ORGANISATION_NAME.test(k)),
  },
  {
    concept: '住所',
    examples: ['住所', '所在地', '居住地', '番地'],
    personLevelOnly: false,
    test: (k) =>
      containsAny('住所', '所在地', '居住地', '居所', '番地', 'address')(k) && !k.includes('アドレス'),
  },
  {
    concept: '電話番号などの連絡先',
    examples: ['電話番号', 'TEL', '携帯', 'FAX', '連絡先'],
    personLevelOnly: false,
    test: (k) =>
      containsAny('電話', '携帯', '連絡先', 'ファクス', 'ファックス')(k) ||
      /^(?:tel|fax|phone|mobile|電話)\.?(?:番号|no\.?)?$/.test(k),
  },
  {
    concept: 'メールアドレス',
    examples: ['メールアドレス', 'メール', 'Email'],
    personLevelOnly: false,
    test: (k) =>
      equalsAny('メール', 'mail', 'email', 'e-mail')(k) || containsAny('アドレス', 'mailaddress')(k),
  },
  {
    concept: '生年月日',
    examples: ['生年月日', '誕生日'],
    personLevelOnly: false,
    test: containsAny('生年月日', '誕生日', '生年', 'birthday', 'birthdate', 'dateofbirth'),
  },
  {
    concept: '個人番号・被保険者番号などの番号',
    examples: ['個人番号', 'マイナンバー', '被保険者番号', '住民票コード'],
    personLevelOnly: false,
    test: containsAny(
      '個人番号',
      'マイナンバー',
      '被保険者番号',
      '受給者番号',
      '受給者証番号',
      '住民票コード',
      '基礎年金番号',
      '宛名番号',
      '住民番号',
    ),
  },
  {
    concept: '備考・メモ・経過などの自由記述',
    examples: ['備考', 'メモ', '相談内容詳細', '経過', '特記事項'],
    personLevelOnly: true,
    test: (k) =>
      containsAny(
        '備考',
        'メモ',
        '経過',
        '詳細',
        '特記',
        'コメント',
        '自由記述',
        '記録',
        '所見',
        '状況記載',
      )(k) || equalsAny('memo', 'note', 'notes', 'remarks', 'comment')(k),
  },
];
