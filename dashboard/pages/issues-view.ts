import type { Figure } from './figure';
import {
  atLevel,
  cellText,
  formatNumber,
  formatPercent,
  fyLabel,
  isSuppressed,
  latestYear,
  num,
  type Row,
  str,
} from './format';
import { cell } from './table';

/** 課題 distribution (a case counts once per issue) for the rows of one area and FY. */
export function issuesFigure(
  rows: readonly Row[],
  level: string,
  areaCode?: string,
  fiscalYear?: number,
  /** Years whose figures cover part of the year (速報): said in the summary and caption. */
  partialYears: ReadonlySet<number> = new Set(),
): Figure {
  const scoped = atLevel(rows, level).filter((r) => !areaCode || str(r, 'area_code') === areaCode);
  // The headline year when the page has one (a running year's first cases are not the picture).
  const fy = fiscalYear ?? latestYear(scoped);
  const issues = scoped
    .filter((r) => r.dimension === 'issue' && num(r, 'fiscal_year') === fy)
    .sort((a, b) => (num(b, 'count') ?? -1) - (num(a, 'count') ?? -1));
  const multi = scoped.find(
    (r) => r.dimension === 'issue_count' && num(r, 'fiscal_year') === fy && str(r, 'category') === '2_plus',
  );
  const n = issues.map((r) => num(r, 'cases')).find((v) => v !== null) ?? null;
  // A ranking of what is shown only: a 秘匿 category may be larger than any of them.
  const hidden = issues.filter((r) => isSuppressed(r, 'count'));
  const top = issues
    .filter((r) => !isSuppressed(r, 'count') && num(r, 'count') !== null)
    .slice(0, 3)
    .map((r) => `${str(r, 'category_label') ?? ''} ${cellText(r, 'count')}人`);
  const ranking =
    top.length === 0
      ? ''
      : hidden.length > 0
        ? `多い順に（秘匿の項目を除く）${top.join('、')}。`
        : `多い順に${top.join('、')}。`;
  const hiddenNote =
    hidden.length === 0
      ? ''
      : top.length === 0
        ? 'すべての項目を秘匿しています。'
        : hidden.length <= 5
          ? `秘匿: ${hidden.map((r) => str(r, 'category_label') ?? '').join('、')}（グラフには「秘匿」と表示）。`
          : `秘匿: ${hidden.length}項目（グラフには「秘匿」と表示）。`;
  const summary =
    fy === undefined
      ? 'データがありません。'
      : `${fyLabel(fy)}${partialYears.has(fy) ? '（速報・年度途中までの値）' : ''}、相談実人数${n === null ? '—' : formatNumber(n)}人の課題の内訳。${ranking}${hiddenNote}${
          multi ? `複合課題（2つ以上）の割合は${formatPercent(num(multi, 'share'))}。` : ''
        }`;
  return {
    spec: {
      kind: 'horizontal-bar',
      labels: issues.map((r) => str(r, 'category_label') ?? str(r, 'category') ?? ''),
      series: [
        {
          label: '人数',
          values: issues.map((r) => num(r, 'count')),
          suppressed: issues.map((r) => isSuppressed(r, 'count')),
        },
      ],
      xTitle: '人数（1人が複数の課題に該当）',
    },
    table: {
      caption: `課題の内訳${fy === undefined ? '' : `（${fyLabel(fy)}${partialYears.has(fy) ? '・速報' : ''}、N＝相談実人数${n === null ? '—' : formatNumber(n)}人）`}`,
      columns: [
        { label: '課題' },
        { label: '人数', numeric: true },
        { label: '相談実人数に対する割合', numeric: true },
      ],
      rows: issues.map((r) => [
        cell(str(r, 'category_label') ?? ''),
        cell(cellText(r, 'count'), num(r, 'count'), { suppressed: isSuppressed(r, 'count') }),
        cell(isSuppressed(r, 'share') ? '秘匿' : formatPercent(num(r, 'share')), num(r, 'share')),
      ]),
    },
    summary,
  };
}
