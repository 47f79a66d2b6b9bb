import type { Figure } from './figure';
import {
  areaLabel,
  atLevel,
  cellText,
  formatDateJa,
  formatPercent,
  isSuppressed,
  municipalityName,
  num,
  type Row,
  str,
} from './format';
import { cell } from './table';

const codeOf = (r: Row) => str(r, 'municipality_code') ?? str(r, 'area_code');

/** The progress figures both visit tables show, after their area or date column. */
const PROGRESS_COLUMNS = [
  { label: '訪問完了自治会数', numeric: true },
  { label: '自治会数', numeric: true },
  { label: '完了割合', numeric: true },
  { label: '訪問済世帯数', numeric: true },
  { label: '気になる世帯数', numeric: true },
  { label: '支援につないだ件数', numeric: true },
];

function progressCells(r: Row) {
  return [
    cell(cellText(r, 'jichikai_completed'), num(r, 'jichikai_completed')),
    cell(cellText(r, 'jichikai_total'), num(r, 'jichikai_total')),
    cell(formatPercent(num(r, 'jichikai_completed_share')), num(r, 'jichikai_completed_share')),
    cell(cellText(r, 'households_visited'), num(r, 'households_visited')),
    cell(cellText(r, 'concern_households'), num(r, 'concern_households'), {
      suppressed: isSuppressed(r, 'concern_households'),
    }),
    cell(cellText(r, 'referrals'), num(r, 'referrals'), { suppressed: isSuppressed(r, 'referrals') }),
  ];
}

/** 自治会訪問 progress per town at the latest 基準日: share of 自治会 completed. */
export function visitsFigure(rows: readonly Row[]): Figure {
  const latest = new Map<string, Row>();
  for (const r of atLevel(rows, 'municipality')) {
    const code = str(r, 'municipality_code') ?? str(r, 'area_code') ?? '';
    const prev = latest.get(code);
    if (!prev || (str(r, 'as_of') ?? '') > (str(prev, 'as_of') ?? '')) latest.set(code, r);
  }
  const towns = [...latest.values()].sort(
    (a, b) => (num(b, 'jichikai_completed_share') ?? -1) - (num(a, 'jichikai_completed_share') ?? -1),
  );
  const pct = (r: Row) => {
    const v = num(r, 'jichikai_completed_share');
    return v === null ? null : Math.round(v * (v <= 1 ? 1000 : 10)) / 10;
  };
  return {
    spec: {
      kind: 'horizontal-bar',
      labels: towns.map(areaLabel),
      series: [{ label: '訪問完了自治会の割合', values: towns.map(pct) }],
      xTitle: '訪問完了の割合（%）',
      percent: true,
    },
    table: {
      caption: '世帯訪問調査の進捗（市町村別の自治会の完了割合、最新の基準日）',
      columns: [{ label: '市町村' }, { label: '基準日' }, ...PROGRESS_COLUMNS],
      rows: towns.map((r) => [
        cell(areaLabel(r)),
        cell(formatDateJa(str(r, 'as_of') ?? '—')),
        ...progressCells(r),
      ]),
    },
    summary:
      towns.length === 0
        ? 'データがありません。'
        : `${towns.length}市町村の世帯訪問調査の自治会完了割合。最も進んでいるのは${areaLabel(towns[0] ?? {})}（${formatPercent(
            num(towns[0] ?? {}, 'jichikai_completed_share'),
          )}）。`,
  };
}

/** The town's 自治会訪問 history: completed share by 基準日. */
export function visitHistoryFigure(rows: readonly Row[], code: string): Figure {
  const own = atLevel(rows, 'history')
    .filter((r) => codeOf(r) === code && str(r, 'as_of') !== null && num(r, 'jichikai_total') !== null)
    .sort((a, b) => (str(a, 'as_of') ?? '').localeCompare(str(b, 'as_of') ?? ''));
  const unique = own.filter(
    (r, i) => i === own.length - 1 || str(own[i + 1] ?? {}, 'as_of') !== str(r, 'as_of'),
  );
  const last = unique.at(-1);
  return {
    spec: {
      kind: 'bar',
      labels: unique.map((r) => str(r, 'as_of') ?? ''),
      series: [
        { label: '訪問完了の自治会数', values: unique.map((r) => num(r, 'jichikai_completed')) },
        { label: '自治会数', values: unique.map((r) => num(r, 'jichikai_total')) },
      ],
      yTitle: '自治会数',
    },
    table: {
      caption: `${municipalityName(code)}の世帯訪問調査の推移`,
      columns: [{ label: '基準日' }, ...PROGRESS_COLUMNS],
      rows: unique.map((r) => [cell(str(r, 'as_of') ?? ''), ...progressCells(r)]),
    },
    summary: last
      ? `${str(last, 'as_of')}時点で自治会${cellText(last, 'jichikai_total')}のうち${cellText(last, 'jichikai_completed')}で世帯訪問が完了。`
      : '世帯訪問調査のデータはまだありません。',
  };
}
