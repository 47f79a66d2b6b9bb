/**
 * The demo's implementation timeline for 重層的支援体制整備事業, FY2021–FY2025.
 *
 * FY2021–FY2023 follow the seed briefing (2024-03-14): 北栄町 from FY2021;
 * 鳥取市・米子市・智頭町 FY2022; 倉吉市 FY2023. The briefing plans
 * 八頭町・湯梨浜町・琴浦町・江府町 for FY2024 (「令和６年度には４町の新規実施により、
 * 合計９市町村が実施予定」); the demo runs to FY2025, so by then that plan has
 * happened: the four towns implement from FY2024 (status 実施, with cases and
 * tallies from FY2024), and 実施 alone counts 1, 4, 5, 9, 9 for FY2021–FY2025.
 * FY2025 is the demo's own assumption: 境港市・大山町・南部町 run 移行準備事業,
 * echoing the national rise of 移行準備事業 in FY2025.
 */

export type StatusCode = 'not_implemented' | 'considering' | 'preparing' | 'implementing' | 'planned';

export const DEMO_FISCAL_YEARS = [2021, 2022, 2023, 2024, 2025] as const;
export type DemoFiscalYear = (typeof DEMO_FISCAL_YEARS)[number];

const N: StatusCode = 'not_implemented';
const C: StatusCode = 'considering';
const P: StatusCode = 'preparing';
const I: StatusCode = 'implementing';

/** Status per FY2021…FY2025, by 6-digit code. */
const TIMELINE: Readonly<
  Record<string, readonly [StatusCode, StatusCode, StatusCode, StatusCode, StatusCode]>
> = {
  '312011': [P, I, I, I, I], // 鳥取市
  '312029': [P, I, I, I, I], // 米子市
  '312037': [C, P, I, I, I], // 倉吉市
  '312045': [N, N, C, C, P], // 境港市
  '313025': [N, N, N, C, C], // 岩美町
  '313254': [N, N, N, N, C], // 若桜町
  '313289': [C, I, I, I, I], // 智頭町
  '313297': [N, C, C, I, I], // 八頭町
  '313645': [N, N, C, C, C], // 三朝町
  '313700': [N, C, P, I, I], // 湯梨浜町
  '313718': [C, C, P, I, I], // 琴浦町
  '313726': [I, I, I, I, I], // 北栄町
  '313840': [N, N, N, N, N], // 日吉津村
  '313866': [N, N, C, C, P], // 大山町
  '313891': [N, C, C, C, P], // 南部町
  '313904': [N, N, N, C, C], // 伯耆町
  '314013': [N, N, N, N, C], // 日南町
  '314021': [N, N, N, N, N], // 日野町
  '314030': [N, N, C, I, I], // 江府町
};

export function statusOf(code: string, fiscalYear: number): StatusCode {
  const row = TIMELINE[code];
  const index = fiscalYear - DEMO_FISCAL_YEARS[0];
  const status = row?.[index];
  if (!status) throw new Error(`no demo status for ${code} in FY${fiscalYear}`);
  return status;
}

/** Only towns with status 実施 produce cases, activities and visits in that FY. */
export function isImplementing(code: string, fiscalYear: number): boolean {
  return statusOf(code, fiscalYear) === 'implementing';
}

/** The first FY in which the town has 実施 status, if any within the demo years. */
export function firstImplementingYear(code: string): DemoFiscalYear | undefined {
  return DEMO_FISCAL_YEARS.find((fy) => isImplementing(code, fy));
}
