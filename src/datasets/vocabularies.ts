import type { Term, TermGroup, Vocabulary } from './types';

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
  t('hoarding', 'ごみ屋敷・住環境', 'ゴミ屋敷', 'ごみ屋敷', '住環境'),
  // What 米子市's 重層的支援会議 calls 「支援を自ら求めない方」: refusing help, or neglecting oneself.
  t(
    'self_neglect',
    '支援拒否・セルフネグレクト',
    '支援拒否',
    'セルフネグレクト',
    'セルフ・ネグレクト',
    '自己放任',
    '受援拒否',
    '介入拒否',
    'サービス拒否',
  ),
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
  t(
    'suicidal_ideation',
    '自殺念慮・希死念慮',
    '自殺念慮',
    '希死念慮',
    '自殺企図',
    '自殺未遂',
    '自殺',
    '自死',
    '死にたい',
  ),
  t('physical_illness', '身体の病気', '病気', '疾病', '身体疾患', '健康'),
  t('disability', '障がい', '障害', '障碍', '発達障がい', '発達障害'),
  t('long_term_care', '介護', '介護負担'),
  t('dementia', '認知症'),
  t('elderly_carer', '老老介護', '老々介護', '老老', '認認介護'),
  t('family', '家族関係', '家族', '親子関係', '夫婦関係'),
  t('abuse_dv', '虐待・DV', '虐待', 'DV', 'ドメスティック・バイオレンス', '家庭内暴力'),
  t('neighbour', '近隣トラブル', '近隣', '近所トラブル'),
  t('guardianship', '成年後見・権利擁護', '成年後見', '権利擁護', '後見'),
  t('guarantor', '保証人', '身元保証'),
  t('child_rearing', '子育て', '育児'),
  t('school_refusal', '不登校'),
  t('youth_transition', '18歳以降の若者', '若者', '18歳以降'),
  t('foreign_national', '外国籍', '外国人', '外国籍住民', '外国にルーツ', '外国にルーツのある人'),
  t(
    'ex_offender',
    '刑務所出所者等',
    '刑務所出所者',
    '出所者',
    '矯正施設退所者',
    '刑余者',
    '触法',
    '更生保護',
    '再犯防止',
  ),
  t('other', 'その他'),
];

/**
 * Groups of 相談経路. 関係機関 is the briefing's 「関係機関からの相談」 (北栄町:
 * 9割以上): every organisation that referred the person, whichever field it
 * serves and whether it sits inside the town hall or outside it.
 */
export const REFERRAL_ROUTE_GROUPS: readonly TermGroup[] = [
  { code: 'self_family', label: '本人・家族', description: '本人や家族・親族が自分から相談した' },
  {
    code: 'community',
    label: '地域',
    description: '民生委員・児童委員、自治会、近隣住民など地域の人から、または世帯訪問調査で把握した',
  },
  {
    code: 'agencies',
    label: '関係機関',
    description:
      '高齢・障がい・子ども・生活困窮の相談支援機関、医療、学校、社協、警察・司法、行政（庁内・庁外）などの機関から',
  },
  { code: 'other', label: 'その他', description: 'どれにも当たらない' },
];

const route = (group: string, legacyCodes: readonly string[], term: Term): Term =>
  legacyCodes.length > 0 ? { ...term, group, legacyCodes } : { ...term, group };

/**
 * 相談経路: where the referral came from, by the field of the person or
 * organisation that brought it, so towns that run services themselves
 * (直営) and towns that contract them out (委託) read alike. Until December
 * 2026 the routes were 本人 / 家族・親族 / 関係機関 / 庁内他部署 / 民生委員・児童委員 /
 * 地域住民・自治会 / 世帯訪問調査 / その他: each old label is a synonym here and
 * each old code a legacy code (関係機関 → その他の関係機関, 庁内他部署 → 行政その他;
 * both stay in the 関係機関 group).
 */
export const REFERRAL_ROUTES: Vocabulary = [
  route(
    'self_family',
    ['self', 'family'],
    t('self_family', '本人・家族', '本人', '本人から', '本人来所', '家族', '親族', '家族・親族', '家族から'),
  ),
  route(
    'community',
    ['welfare_commissioner'],
    t(
      'community',
      '地域・民生委員',
      '地域',
      '地域住民',
      '地域住民・自治会',
      '自治会',
      '近隣住民',
      '民生委員',
      '児童委員',
      '民生委員・児童委員',
      '民生児童委員',
      '主任児童委員',
      '福祉推進員',
    ),
  ),
  route('community', [], t('household_survey', '世帯訪問調査', '訪問調査', '世帯訪問', '全戸訪問')),
  route(
    'agencies',
    [],
    t(
      'elderly',
      '高齢',
      '高齢者',
      '地域包括支援センター',
      '地域包括',
      '包括',
      '介護保険',
      'ケアマネジャー',
      'ケアマネ',
      '居宅介護支援事業所',
      '介護事業所',
      '介護サービス事業所',
    ),
  ),
  route(
    'agencies',
    [],
    t(
      'disability',
      '障がい',
      '障害',
      '障がい者',
      '障害者',
      '相談支援事業所',
      '基幹相談支援センター',
      '障がい者地域生活支援センター',
      '障害福祉',
    ),
  ),
  route(
    'agencies',
    [],
    t(
      'children',
      '子ども・子育て',
      '子ども',
      '子育て',
      '児童',
      '子育て世代包括支援センター',
      'こども家庭センター',
      '児童相談所',
      '保育所',
      '保育園',
      '認定こども園',
      '要保護児童対策地域協議会',
      '要対協',
    ),
  ),
  route(
    'agencies',
    [],
    t(
      'poverty',
      '生活困窮',
      '困窮',
      '自立相談支援機関',
      '自立相談支援',
      '生活困窮者自立相談支援',
      '生活保護',
      '福祉事務所',
    ),
  ),
  route(
    'agencies',
    [],
    t(
      'medical',
      '医療',
      '医療機関',
      '病院',
      '診療所',
      'クリニック',
      '精神科',
      '訪問看護',
      '医療ソーシャルワーカー',
      'MSW',
    ),
  ),
  route(
    'agencies',
    [],
    t(
      'school',
      '学校・教育',
      '学校',
      '小学校',
      '中学校',
      '高校',
      '教育委員会',
      '教育',
      'スクールソーシャルワーカー',
      'SSW',
      'スクールカウンセラー',
    ),
  ),
  route('agencies', [], t('social_welfare_council', '社会福祉協議会', '社協', '市社協', '町社協')),
  route(
    'agencies',
    [],
    t(
      'police_justice',
      '警察・司法',
      '警察',
      '警察署',
      '保護観察所',
      '保護司',
      '地域生活定着支援センター',
      '弁護士',
      '司法書士',
      '法テラス',
    ),
  ),
  route(
    'agencies',
    ['internal'],
    t(
      'government_other',
      '行政その他',
      '庁内他部署',
      '庁内',
      '他部署',
      '庁内他課',
      '行政',
      '役場',
      '市役所',
      '町役場',
      '保健所',
      '保健センター',
      'ハローワーク',
    ),
  ),
  route(
    'agencies',
    ['agency'],
    t(
      'agency_other',
      'その他の関係機関',
      '関係機関',
      '関係機関から',
      '他機関',
      '福祉サービス事業所',
      '事業所',
      'NPO',
      '支援団体',
      '民間団体',
    ),
  ),
  route('other', [], t('other', 'その他')),
];

/** The groups of a vocabulary (empty when its terms are not grouped). */
export function groupsOf(vocabulary: Vocabulary): readonly TermGroup[] {
  return vocabulary === REFERRAL_ROUTES ? REFERRAL_ROUTE_GROUPS : [];
}

/** The group code of a grouped vocabulary's term (undefined for an unknown code or an ungrouped term). */
export function termGroup(vocabulary: Vocabulary, code: string): string | undefined {
  return vocabulary.find((term) => term.code === code)?.group;
}

/** The codes of the terms in one group, in vocabulary order. */
export function termsInGroup(vocabulary: Vocabulary, group: string): string[] {
  return vocabulary.filter((term) => term.group === group).map((term) => term.code);
}

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
