import type { Term, Vocabulary } from './types';

const t = (code: string, label: string, ...synonyms: string[]): Term => ({ code, label, synonyms });

/** 課題: stable code → label, with what people actually type. */
export const ISSUES: Vocabulary = [
  t('isolation', '孤独・孤立', '孤独', '孤立', '社会的孤立'),
  t('living_alone', '独居', '一人暮らし', 'ひとり暮らし', '単身'),
  t('hikikomori', 'ひきこもり', '引きこもり', '引籠り', 'ヒキコモリ'),
  t('eighty_fifty', '8050', '8050問題', '8050世帯', '7040', '9060'),
  t('young_carer', 'ヤングケアラー', 'ヤングケア'),
  t('double_care', 'ダブルケア'),
  t('poverty', '生活困窮', '生活苦', '困窮', '貧困', '経済的困窮'),
  t('debt', '債務・金銭管理', '債務', '借金', '多重債務', '金銭管理', '家計'),
  t('employment', '就労', '仕事', '失業', '求職', '就職'),
  t('housing', '住まい', '住居', '住宅', '住居確保'),
  t('hoarding', 'ごみ屋敷・住環境', 'ゴミ屋敷', 'ごみ屋敷', '住環境', 'セルフネグレクト'),
  t('animal_hoarding', '多頭飼育', '多頭飼育崩壊'),
  t(
    'mental_health',
    '精神疾患・依存症',
    '精神疾患',
    '依存症',
    'うつ',
    'うつ病',
    '鬱',
    'アルコール依存',
    'ギャンブル依存',
    'メンタル',
  ),
  t('physical_illness', '身体の病気', '病気', '疾病', '身体疾患', '健康'),
  t('disability', '障がい', '障害', '障碍', '発達障がい', '発達障害'),
  t('long_term_care', '介護', '介護負担'),
  t('dementia', '認知症'),
  t('family', '家族関係', '家族', '親子関係', '夫婦関係'),
  t('abuse_dv', '虐待・DV', '虐待', 'DV', 'ドメスティック・バイオレンス', '家庭内暴力'),
  t('neighbour', '近隣トラブル', '近隣', '近所トラブル'),
  t('guardianship', '成年後見・権利擁護', '成年後見', '権利擁護', '後見'),
  t('guarantor', '保証人', '身元保証'),
  t('child_rearing', '子育て', '育児'),
  t('school_refusal', '不登校'),
  t('youth_transition', '18歳以降の若者', '若者', '18歳以降'),
  t('other', 'その他'),
];

/** 相談経路. */
export const REFERRAL_ROUTES: Vocabulary = [
  t('self', '本人', '本人から', '本人来所'),
  t('family', '家族・親族', '家族', '親族'),
  t('agency', '関係機関', '関係機関から', '他機関', '社協', '地域包括支援センター'),
  t('internal', '庁内他部署', '庁内', '他部署', '庁内他課'),
  t('welfare_commissioner', '民生委員・児童委員', '民生委員', '児童委員'),
  t('community', '地域住民・自治会', '地域住民', '自治会', '近隣住民'),
  t('household_survey', '世帯訪問調査', '訪問調査', '世帯訪問'),
  t('other', 'その他'),
];

/** 年齢階級. The wave dash in labels is matched whichever of 〜 ～ ~ was typed. */
export const AGE_BANDS: Vocabulary = [
  t('under_20', '19歳以下', '20歳未満', '10代以下'),
  t('20s', '20〜29歳', '20代', '20歳代'),
  t('30s', '30〜39歳', '30代', '30歳代'),
  t('40s', '40〜49歳', '40代', '40歳代'),
  t('50s', '50〜59歳', '50代', '50歳代'),
  t('60_64', '60〜64歳', '60代前半'),
  t('65_74', '65〜74歳', '前期高齢者'),
  t('75_plus', '75歳以上', '後期高齢者'),
  t('unknown', '不明', '不詳', '未把握'),
];

/** 状態 of a case. */
export const CASE_STATUSES: Vocabulary = [
  t('supporting', '支援中', '対応中', '継続支援'),
  t('watching', '見守り・つながり継続', '見守り', 'つながり継続', '見守り継続'),
  t('closed', '終結', '終了', '支援終結'),
];

/** 状況 of a 自治会's household-visit survey. */
export const VISIT_STATUSES: Vocabulary = [
  t('not_started', '未着手', '未実施', '未'),
  t('in_progress', '実施中', '訪問中', '調査中'),
  t('completed', '完了', '済', '訪問済', '実施済'),
];

/** 実施状況 of 重層的支援体制整備事業 in a fiscal year. */
export const IMPLEMENTATION_STATUSES: Vocabulary = [
  t('not_implemented', '未実施', '未定'),
  t('considering', '検討中', '検討'),
  t('preparing', '移行準備事業', '移行準備', '準備事業'),
  t('implementing', '実施', '実施中', '本格実施'),
  t('planned', '実施予定', '予定'),
];

export const MARU_BATSU = {
  yes: ['○', '〇', '◯', '有', 'あり', 'はい', 'yes', 'y', '1'],
  no: ['×', '✕', '無', 'なし', 'いいえ', 'no', 'n', '0'],
} as const;
export const SUMI_MI = { yes: ['済', '実施済', '完了', '○', '〇'], no: ['未', '未実施', '×'] } as const;
