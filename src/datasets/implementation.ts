import { FISCAL_YEAR_COLUMN, MUNICIPALITY_COLUMN } from './common-columns';
import type { Column, Dataset } from './types';
import { IMPLEMENTATION_STATUSES, MARU_BATSU } from './vocabularies';

const programme = (name: string, header: string, aliases: string[], description: string): Column => ({
  name,
  header,
  aliases,
  type: { kind: 'flag', ...MARU_BATSU },
  required: false,
  description: `${description}（○＝実施、×＝未実施、空欄＝不明）。`,
});

/**
 * The programme flags of 実施状況, in the order of the programme matrix: the one list the
 * dataset's columns, the demo and the prefecture overview all use.
 */
export const PROGRAMMES = [
  'comprehensive_consultation',
  'multi_agency',
  'outreach',
  'participation',
  'community',
  'support_meeting',
  'isolation_council',
] as const;
export type Programme = (typeof PROGRAMMES)[number];

/** 実施状況: maintained by the prefecture, one row per municipality per FY. */
export const implementation: Dataset = {
  name: 'implementation',
  title: '実施状況',
  description: '重層的支援体制整備事業などの実施状況（県が管理。1行＝1市町村・1年度）。',
  grain: '市町村 × 年度',
  uploadedBy: 'prefecture',
  personLevel: false,
  columns: [
    MUNICIPALITY_COLUMN,
    FISCAL_YEAR_COLUMN,
    {
      name: 'status',
      header: '実施状況',
      aliases: ['状況', '重層的支援体制整備事業', '実施区分'],
      type: { kind: 'enum', vocabulary: IMPLEMENTATION_STATUSES },
      required: true,
      description: '重層的支援体制整備事業の実施状況。',
    },
    programme('comprehensive_consultation', '包括的相談支援事業', ['包括的相談支援'], '包括的相談支援事業'),
    programme('multi_agency', '多機関協働事業', ['多機関協働'], '多機関協働事業'),
    programme(
      'outreach',
      'アウトリーチ等継続的支援事業',
      ['アウトリーチ等継続的支援', 'アウトリーチ'],
      'アウトリーチ等を通じた継続的支援事業',
    ),
    programme('participation', '参加支援事業', ['参加支援'], '参加支援事業'),
    programme(
      'community',
      '地域づくり事業',
      ['地域づくり', '地域づくりに向けた支援'],
      '地域づくりに向けた支援事業',
    ),
    programme(
      'support_meeting',
      '支援会議の設置',
      ['支援会議', '支援会議設置'],
      '支援会議（社会福祉法第106条の6）の設置',
    ),
    programme(
      'isolation_council',
      '孤独・孤立対策地域協議会',
      ['地域協議会', '孤独孤立対策地域協議会'],
      '孤独・孤立対策地域協議会の設置',
    ),
    {
      name: 'advocacy_visit_on',
      header: '推進チーム訪問日',
      aliases: ['推進チーム訪問', '訪問日'],
      type: { kind: 'date', allowMonth: false },
      required: false,
      description: '包括的支援体制整備推進チームが訪問した日（まだなら空欄）。',
      // Most towns are not visited in a given year.
      blankWarning: 'never',
    },
  ],
  derived: [],
  partitionColumn: 'fiscal_year',
  uniqueKey: [],
  rowRules: [],
};
