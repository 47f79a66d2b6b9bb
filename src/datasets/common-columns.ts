import type { Column } from './types';

/** The municipality column every dataset starts with. */
export const MUNICIPALITY_COLUMN: Column = {
  name: 'municipality_code',
  header: '市町村コード',
  aliases: [
    '団体コード',
    '市町村',
    '市町村名',
    '自治体コード',
    '全国地方公共団体コード',
    '地方公共団体コード',
  ],
  type: { kind: 'municipality' },
  required: true,
  description: '全国地方公共団体コード（6桁、検査数字付き）。5桁のコードや市町村名（例: 鳥取市）も可。',
};

export const FISCAL_YEAR_COLUMN: Column = {
  name: 'fiscal_year',
  header: '年度',
  aliases: ['対象年度', '会計年度'],
  type: { kind: 'fiscal_year' },
  required: true,
  description: '年度（4月〜翌3月）。2023、令和5年度、R5 のいずれの書き方でも可。',
};
