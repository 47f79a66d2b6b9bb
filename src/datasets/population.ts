import { MUNICIPALITY_COLUMN } from './common-columns';
import type { Dataset } from './types';

/** 人口: maintained by the prefecture, one row per municipality per 基準日. */
export const population: Dataset = {
  name: 'population',
  title: '人口',
  description:
    '人口10万人あたりなどの率の分母（県が管理。1行＝1市町村・1基準日）。率には必ず出典と基準日を表示します。',
  grain: '市町村 × 基準日',
  uploadedBy: 'prefecture',
  personLevel: false,
  columns: [
    MUNICIPALITY_COLUMN,
    {
      name: 'as_of',
      header: '基準日',
      aliases: ['時点', '基準年月日', '調査日'],
      type: { kind: 'date', allowMonth: false },
      required: true,
      description: '人口の基準日。年度の率には4月1日以前で最も新しい基準日の人口を使います。',
    },
    {
      name: 'population',
      header: '人口',
      aliases: ['総人口', '人口総数'],
      type: { kind: 'int', min: 1 },
      required: true,
      description: '総人口（1以上）。',
    },
    {
      name: 'households',
      header: '世帯数',
      aliases: ['総世帯数'],
      type: { kind: 'int', min: 0 },
      required: false,
      description: '世帯数。',
    },
    {
      name: 'aged_65_plus',
      header: '65歳以上人口',
      aliases: ['高齢者人口', '65歳以上'],
      type: { kind: 'int', min: 0 },
      required: false,
      description: '65歳以上の人口（高齢化率の計算に使います）。',
    },
    {
      name: 'jichikai_count',
      header: '自治会数',
      aliases: ['自治会の数'],
      type: { kind: 'int', min: 0 },
      required: false,
      description: '自治会の数。',
    },
    {
      name: 'source',
      header: '出典',
      aliases: ['資料', 'データ出典'],
      type: { kind: 'string', maxLength: 60 },
      required: true,
      description: '人口の出典（例: 推計人口、住民基本台帳）。',
    },
  ],
  derived: [],
  partitionColumn: 'as_of',
  uniqueKey: [],
  rowRules: [
    {
      code: 'aged_exceeds_population',
      severity: 'error',
      column: 'aged_65_plus',
      uses: ['aged_65_plus', 'population'],
      message: '65歳以上人口が人口を超えています。',
      test: (r) =>
        typeof r.aged_65_plus === 'number' &&
        typeof r.population === 'number' &&
        r.aged_65_plus > r.population,
      sql: 'aged_65_plus > population',
    },
  ],
};
