import type { DatasetName } from '../datasets';
import type { DemoEncoding } from './csv-file';
import type { DateStyle, FiscalYearStyle, MonthStyle } from './format';

/** How one municipality's staff write their sheets; every file of that town follows it. */
export interface FileStyle {
  encoding: DemoEncoding;
  date: DateStyle;
  month: MonthStyle;
  /** 受付日 written as a month only (2023/4, 令和5年4月). */
  openedMonthOnly: boolean;
  fiscalYear: FiscalYearStyle;
  municipality: 'code6' | 'code5' | 'name';
  /** Counts typed with 全角 digits. */
  zenkakuDigits: boolean;
  /** Counts typed with a unit: 12件, 3回. */
  countUnits: boolean;
  /** 0 = the template's headers; 1, 2 = variants seen in real sheets. */
  headerVariant: 0 | 1 | 2;
  titleRow: boolean;
  trailingBlankRows: number;
  /** Between several 課題 in one cell. */
  issueSeparator: string;
  /** 課題 and 相談経路 written with everyday words (うつ, ゴミ屋敷, 社協). */
  useSynonyms: boolean;
  /** Optional columns left out of the sheet altogether. */
  omitOptional: boolean;
}

const base: FileStyle = {
  encoding: 'cp932',
  date: 'slash',
  month: 'slash',
  openedMonthOnly: false,
  fiscalYear: 'number',
  municipality: 'code6',
  zenkakuDigits: false,
  countUnits: false,
  headerVariant: 0,
  titleRow: false,
  trailingBlankRows: 0,
  issueSeparator: '、',
  useSynonyms: false,
  omitOptional: false,
};

/** Styles of the implementing towns; Shift_JIS (CP932) more often than not, as the domain brief says. */
const TOWN_STYLES: Readonly<Record<string, Partial<FileStyle>>> = {
  '313726': {
    date: 'wareki',
    month: 'wareki_kanji',
    fiscalYear: 'wareki_nendo',
    titleRow: true,
    useSynonyms: true,
  },
  '312011': { encoding: 'utf-8-bom', date: 'iso', month: 'iso', issueSeparator: ',', trailingBlankRows: 2 },
  '312029': {
    date: 'serial',
    fiscalYear: 'nendo',
    municipality: 'name',
    headerVariant: 1,
    titleRow: true,
    issueSeparator: '／',
    useSynonyms: true,
  },
  '313289': {
    date: 'wareki_kanji',
    month: 'wareki_kanji',
    openedMonthOnly: true,
    fiscalYear: 'wareki_short',
    municipality: 'code5',
    zenkakuDigits: true,
    headerVariant: 2,
    trailingBlankRows: 3,
  },
  '312037': { encoding: 'utf-8-bom', month: 'kanji', headerVariant: 1, countUnits: true },
  '313297': {
    date: 'wareki_padded',
    month: 'wareki',
    fiscalYear: 'wareki_nendo',
    municipality: 'name',
    zenkakuDigits: true,
    titleRow: true,
  },
  '313700': { date: 'kanji', openedMonthOnly: true, fiscalYear: 'nendo', useSynonyms: true },
  '313718': {
    encoding: 'utf-8-bom',
    date: 'serial',
    month: 'iso',
    fiscalYear: 'wareki_short',
    municipality: 'code5',
    headerVariant: 2,
  },
  '314030': { month: 'kanji', municipality: 'name', omitOptional: true, trailingBlankRows: 5 },
};

export function styleOf(code: string): FileStyle {
  return { ...base, ...TOWN_STYLES[code] };
}

/** The prefecture's own sheets. */
export const PREFECTURE_STYLES: Readonly<Record<'implementation' | 'population', FileStyle>> = {
  implementation: { ...base, fiscalYear: 'wareki_nendo', titleRow: true, trailingBlankRows: 1 },
  population: { ...base, encoding: 'utf-8-bom', date: 'iso', municipality: 'name' },
};

/** Header variants seen in municipal sheets (all accepted aliases of the definition). */
const HEADER_VARIANTS: Readonly<Partial<Record<DatasetName, readonly Readonly<Record<string, string>>[]>>> = {
  cases: [
    {
      municipality_code: '団体コード',
      fiscal_year: '対象年度',
      case_id: 'ケース番号',
      opened_on: '相談受付日',
      age_band: '年代',
      household_size: '世帯人数',
      issues: '主な課題',
      status: '支援状況',
      closed_on: '終結年月日',
    },
    {
      municipality_code: '市町村',
      case_id: '整理番号',
      opened_on: '受付年月',
      referral_route: '経路',
      age_band: '年齢区分',
      issues: '課題分類',
      status: '対応状況',
    },
  ],
  activities: [
    {
      municipality_code: '団体コード',
      month: '対象年月',
      new_persons: '新規相談者',
      contacts: '延相談件数',
      support_meetings: '支援会議回数',
      juso_meetings: '重層的支援会議回数',
      meeting_cases: '検討件数',
      outreach_visits: 'アウトリーチ件数',
    },
    { municipality_code: '市町村', month: '集計月', contacts: '延べ件数', meeting_cases: '会議検討ケース数' },
  ],
  visits: [
    {
      municipality_code: '団体コード',
      as_of: '時点',
      jichikai_id: '自治会番号',
      visited_households: '訪問済み世帯数',
    },
    { municipality_code: '市町村', as_of: '集計日', status: '進捗', hearing_done: 'ヒアリング' },
  ],
};

/** The header to write for a column under a style. */
export function headerFor(
  dataset: DatasetName,
  column: { name: string; header: string },
  variant: 0 | 1 | 2,
) {
  if (variant === 0) return column.header;
  return HEADER_VARIANTS[dataset]?.[variant - 1]?.[column.name] ?? column.header;
}
