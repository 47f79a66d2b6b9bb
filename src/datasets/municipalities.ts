/**
 * Tottori's 19 municipalities. Source: reference/tottori-municipalities.csv
 * (codes verified against the 総務省 code list as of 2024-01-01); this copy
 * is held equal to it by test/datasets/municipalities.test.ts. Populations
 * are defaults only, each with its stated basis: most are rough demo figures
 * until the prefecture uploads the `population` dataset.
 */

export type Region = '東部' | '中部' | '西部';

export interface Municipality {
  /** 6-digit 全国地方公共団体コード. */
  code: string;
  name: string;
  kana: string;
  /** 郡 for towns and villages; empty for cities. */
  gun: string;
  region: Region;
  populationApprox: number;
  /** Where populationApprox comes from, verbatim from the reference file. */
  populationBasis: string;
  /** True where the default is only a rough order of magnitude for the demo. */
  populationRough: boolean;
}

const m = (
  code: string,
  name: string,
  kana: string,
  gun: string,
  region: Region,
  populationApprox: number,
  populationBasis: string,
): Municipality => ({
  code,
  name,
  kana,
  gun,
  region,
  populationApprox,
  populationBasis,
  populationRough: populationBasis.startsWith('rough'),
});

export const PREFECTURE_CODE = '310000';
export const PREFECTURE_NAME = '鳥取県';
export const REGIONS: readonly Region[] = ['東部', '中部', '西部'];

export const MUNICIPALITIES: readonly Municipality[] = [
  m(
    '312011',
    '鳥取市',
    'とっとりし',
    '',
    '東部',
    183717,
    "推計人口 2024-01-01 (secondary source citing the prefecture's estimate)",
  ),
  m(
    '312029',
    '米子市',
    'よなごし',
    '',
    '西部',
    145004,
    "推計人口 2024-01-01 (secondary source citing the prefecture's estimate)",
  ),
  m(
    '312037',
    '倉吉市',
    'くらよしし',
    '',
    '中部',
    46000,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '312045',
    '境港市',
    'さかいみなとし',
    '',
    '西部',
    33000,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313025',
    '岩美町',
    'いわみちょう',
    '岩美郡',
    '東部',
    10800,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313254',
    '若桜町',
    'わかさちょう',
    '八頭郡',
    '東部',
    2900,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313289',
    '智頭町',
    'ちづちょう',
    '八頭郡',
    '東部',
    6400,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313297',
    '八頭町',
    'やずちょう',
    '八頭郡',
    '東部',
    16000,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313645',
    '三朝町',
    'みささちょう',
    '東伯郡',
    '中部',
    6000,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313700',
    '湯梨浜町',
    'ゆりはまちょう',
    '東伯郡',
    '中部',
    16200,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313718',
    '琴浦町',
    'ことうらちょう',
    '東伯郡',
    '中部',
    16500,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313726',
    '北栄町',
    'ほくえいちょう',
    '東伯郡',
    '中部',
    14451,
    '住民基本台帳 2023-04-01 per the seed briefing (5,493 households, 高齢化率 36.0%, 63 自治会)',
  ),
  m(
    '313840',
    '日吉津村',
    'ひえづそん',
    '西伯郡',
    '西部',
    3400,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313866',
    '大山町',
    'だいせんちょう',
    '西伯郡',
    '西部',
    15400,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313891',
    '南部町',
    'なんぶちょう',
    '西伯郡',
    '西部',
    10400,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '313904',
    '伯耆町',
    'ほうきちょう',
    '西伯郡',
    '西部',
    10300,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '314013',
    '日南町',
    'にちなんちょう',
    '日野郡',
    '西部',
    4200,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m(
    '314021',
    '日野町',
    'ひのちょう',
    '日野郡',
    '西部',
    3000,
    'rough order of magnitude for demo only; replace with official figures',
  ),
  m('314030', '江府町', 'こうふちょう', '日野郡', '西部', 2482, '推計人口 2023-04-01 (secondary source)'),
];

const BY_CODE = new Map(MUNICIPALITIES.map((x) => [x.code, x]));

/** The municipality with this 6-digit code, or undefined. */
export const municipalityByCode = (code: string): Municipality | undefined => BY_CODE.get(code);
