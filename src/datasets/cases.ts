import { FISCAL_YEAR_COLUMN, MUNICIPALITY_COLUMN } from './common-columns';
import type { Dataset } from './types';
import { AGE_BANDS, CASE_STATUSES, ISSUES, REFERRAL_ROUTES } from './vocabularies';

/** Normalised dates are ISO strings (YYYY-MM-DD), so they compare as text. */
const day = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** 相談ケース: one row per person-case handled in a fiscal year. Rows per (municipality, FY) = 相談実人数. */
export const cases: Dataset = {
  name: 'cases',
  title: '相談ケース',
  description:
    '年度内に対応した相談ケースの一覧（1行＝1人・1ケース）。2つの年度にまたがるケースは両方の年度に載せます。氏名などの個人情報は含めません。',
  grain: '市町村 × 年度 × ケース',
  uploadedBy: 'municipality',
  personLevel: true,
  columns: [
    MUNICIPALITY_COLUMN,
    FISCAL_YEAR_COLUMN,
    {
      name: 'case_id',
      header: 'ケースID',
      aliases: ['ケース番号', 'ケースNo', 'ケースコード', '整理番号'],
      type: { kind: 'string', pattern: /^[A-Za-z0-9_-]{1,32}$/, maxLength: 32 },
      required: true,
      description: '市町村が付けた仮名ID（英数字・_・- で32文字まで）。同じ年度内で重複不可。',
    },
    {
      name: 'opened_on',
      header: '受付日',
      aliases: ['相談受付日', '受付年月日', '相談日', '受付年月'],
      type: { kind: 'date', allowMonth: true },
      required: true,
      description: '相談を受け付けた日（年月だけでも可）。その年度内なら新規、前年度以前なら継続。',
    },
    {
      name: 'referral_route',
      header: '相談経路',
      aliases: ['経路', '相談の経路', 'つながった経路'],
      type: { kind: 'enum', vocabulary: REFERRAL_ROUTES },
      required: true,
      description:
        '相談がどこから来たか。機関からのときは庁内か庁外かではなく、その機関の分野（高齢・障がい・子ども など）で選びます。以前の「関係機関」「庁内他部署」も受け付けます。',
    },
    {
      name: 'age_band',
      header: '年齢階級',
      aliases: ['年代', '年齢区分', '年齢層'],
      type: { kind: 'enum', vocabulary: AGE_BANDS },
      required: true,
      description: '本人の年齢階級。',
    },
    {
      name: 'household_size',
      header: '世帯人員',
      aliases: ['世帯人数', '世帯員数'],
      type: { kind: 'int', min: 1, max: 20 },
      required: false,
      description: '本人を含む世帯の人数（1〜20）。',
    },
    {
      name: 'issues',
      header: '課題',
      aliases: ['主な課題', '課題分類', '相談内容'],
      type: { kind: 'multi_enum', vocabulary: ISSUES, minItems: 1 },
      required: true,
      description:
        'ケースが抱える課題（1つ以上）。複数は「・」「、」「,」「;」「／」「|」または改行で区切ります。',
    },
    {
      name: 'status',
      header: '状態',
      aliases: ['支援状況', '対応状況', 'ステータス'],
      type: { kind: 'enum', vocabulary: CASE_STATUSES },
      required: false,
      description: '年度末（または抽出時点）の支援の状態。',
    },
    {
      name: 'closed_on',
      header: '終結日',
      aliases: ['終結年月日', '終了日'],
      type: { kind: 'date', allowMonth: false },
      required: false,
      description: '支援を終結した日。受付日より前は不可。支援中のケースは空欄。',
      // Open cases have none; the closed_without_date rule asks for it where it is due.
      blankWarning: 'never',
    },
  ],
  derived: [
    {
      name: 'opened_on_precision',
      storage: 'varchar',
      description: '受付日の精度（day＝日付まで、month＝年月のみ。month の場合 opened_on はその月の1日）。',
    },
  ],
  partitionColumn: 'fiscal_year',
  uniqueKey: ['case_id'],
  rowRules: [
    {
      code: 'opened_after_fiscal_year',
      severity: 'error',
      column: 'opened_on',
      uses: ['opened_on', 'fiscal_year'],
      message: '受付日がこの年度の終わり（翌年3月31日）より後です。年度か受付日を確認してください。',
      test: (r) => {
        const o = day(r.opened_on);
        return o !== undefined && typeof r.fiscal_year === 'number' && o > `${r.fiscal_year + 1}-03-31`;
      },
      sql: 'opened_on > make_date(fiscal_year + 1, 3, 31)',
    },
    {
      code: 'closed_before_opened',
      severity: 'error',
      column: 'closed_on',
      uses: ['opened_on', 'closed_on'],
      message: '終結日が受付日より前になっています。日付を確認してください。',
      test: (r) => {
        const o = day(r.opened_on);
        const c = day(r.closed_on);
        return o !== undefined && c !== undefined && c < o;
      },
      sql: 'closed_on < opened_on',
    },
    {
      code: 'closed_without_date',
      severity: 'warning',
      column: 'closed_on',
      uses: ['status', 'closed_on'],
      message:
        '状態が「終結」ですが終結日が空欄です。分かれば終結日を入力してください（このままでも取り込みます）。',
      test: (r) => r.status === 'closed' && r.closed_on == null,
      sql: "status = 'closed' AND closed_on IS NULL",
    },
  ],
};
