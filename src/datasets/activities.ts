import { MUNICIPALITY_COLUMN } from './common-columns';
import type { Column, Dataset } from './types';

const count = (
  name: string,
  header: string,
  aliases: string[],
  required: boolean,
  description: string,
): Column => ({
  name,
  header,
  aliases,
  type: { kind: 'int', min: 0 },
  required,
  description,
});

/** 月次活動実績: the monthly tallies every municipality already keeps in Excel. */
export const activities: Dataset = {
  name: 'activities',
  title: '月次活動実績',
  description: '毎月の相談・会議・訪問の集計（1行＝1市町村・1か月）。',
  grain: '市町村 × 年月',
  uploadedBy: 'municipality',
  personLevel: false,
  columns: [
    MUNICIPALITY_COLUMN,
    {
      name: 'month',
      header: '年月',
      aliases: ['対象年月', '月', '集計月'],
      type: { kind: 'month' },
      required: true,
      description: '集計の対象月。2023/4、2023年4月、令和5年4月、R5.4 などの書き方が可。',
    },
    count(
      'new_persons',
      '新規相談者数',
      ['新規相談者', '新規相談人数', '新規'],
      true,
      'その月に新たに受け付けた相談者の数（年度合計が新規ケース数と一致）。',
    ),
    count(
      'contacts',
      '延べ相談件数',
      // Not 相談件数: many towns mean 新規受付件数 by it (src/ingest/header-answers.ts asks).
      ['延相談件数', '延べ件数'],
      true,
      '電話・来所・訪問などを含む延べ相談件数。',
    ),
    count(
      'support_meetings',
      '支援会議開催回数',
      ['支援会議回数', '支援会議'],
      true,
      '社会福祉法第106条の6に基づく支援会議の開催回数。',
    ),
    count(
      'juso_meetings',
      '重層的支援会議開催回数',
      ['重層的支援会議回数', '重層的支援会議'],
      false,
      '重層的支援会議（本人同意のもとで検討する会議）の開催回数。',
    ),
    count(
      'meeting_cases',
      '検討ケース数',
      ['検討件数', '会議検討ケース数'],
      true,
      '両方の会議で検討したケースの延べ数。',
    ),
    count(
      'outreach_visits',
      'アウトリーチ訪問件数',
      ['アウトリーチ件数', '訪問件数'],
      false,
      'アウトリーチ（訪問）による支援の件数。',
    ),
    count(
      'participation_support',
      '参加支援利用者数',
      ['参加支援利用者', '参加支援'],
      false,
      '参加支援事業の利用者数。',
    ),
  ],
  derived: [{ name: 'fiscal_year', storage: 'integer', description: '年月から求めた年度（4月〜翌3月）。' }],
  partitionColumn: 'fiscal_year',
  uniqueKey: ['month'],
  rowRules: [],
};
