import type { Figure } from './figure';
import {
  areaLabel,
  atLevel,
  cellText,
  fiscalYears,
  formatNumber,
  formatPercent,
  fyLabel,
  isSuppressed,
  num,
  type Row,
  str,
  toPercent,
  yearOnYear,
} from './format';
import { cell } from './table';

export interface HeadlineCard {
  label: string;
  value: string;
  change: string | null;
  /** Which FY the value is for, e.g. 'R6 (2024)'. */
  period: string;
}

/** The FY-summary rows of the implementation indicator, oldest first. */
function implementationByYear(rows: readonly Row[]): Row[] {
  return atLevel(rows, 'prefecture')
    .filter((r) => num(r, 'fiscal_year') !== null)
    .sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0));
}

/** 実施市町村数 by FY: 実施 / 移行準備 / 実施予定 stacked, with the population covered in the table. */
export function implementationFigure(rows: readonly Row[]): Figure {
  const years = implementationByYear(rows);
  const labels = years.map((r) => fyLabel(num(r, 'fiscal_year') ?? 0));
  const series = [
    { label: '実施', field: 'implementing' },
    { label: '移行準備事業', field: 'preparing' },
    { label: '実施予定', field: 'planned' },
  ];
  const last = years.at(-1);
  const summary = last
    ? `${labels.at(-1)}は実施${cellText(last, 'implementing')}、移行準備${cellText(last, 'preparing')}、実施予定${cellText(last, 'planned')}市町村（人口カバー率${formatPercent(num(last, 'population_covered_share'))}）。`
    : 'データがありません。';
  return {
    spec: {
      kind: 'stacked-bar',
      labels,
      series: series.map((s) => ({ label: s.label, values: years.map((r) => num(r, s.field)) })),
      yTitle: '市町村数',
    },
    table: {
      caption: '実施市町村数（年度別）',
      columns: [
        { label: '年度' },
        { label: '実施', numeric: true },
        { label: '移行準備事業', numeric: true },
        { label: '実施予定', numeric: true },
        { label: '19市町村に占める実施の割合', numeric: true },
        { label: '実施市町村の人口割合', numeric: true },
        { label: '全国の実施割合（参考）', numeric: true },
      ],
      rows: years.map((r, i) => [
        cell(labels[i] ?? ''),
        cell(cellText(r, 'implementing'), num(r, 'implementing')),
        cell(cellText(r, 'preparing'), num(r, 'preparing')),
        cell(cellText(r, 'planned'), num(r, 'planned')),
        cell(formatPercent(num(r, 'implementing_share')), num(r, 'implementing_share')),
        cell(formatPercent(num(r, 'population_covered_share')), num(r, 'population_covered_share')),
        cell(
          num(r, 'national_share') === null
            ? '—'
            : `${formatPercent(num(r, 'national_share'))}${r.national_planned === true ? '（予定）' : ''}`,
          num(r, 'national_share'),
        ),
      ]),
    },
    summary,
  };
}

/** Consultations per 10,000 residents by region and FY: regions differ tenfold in size, so rates compare. */
export function regionTrendFigure(rows: readonly Row[]): Figure {
  const regionRows = atLevel(rows, 'region');
  const years = fiscalYears(regionRows);
  const regions = [...new Set(regionRows.map(areaLabel))];
  const find = (region: string, fy: number) =>
    regionRows.find((r) => areaLabel(r) === region && num(r, 'fiscal_year') === fy);
  const labels = years.map(fyLabel);
  const latest = years.at(-1);
  const summary =
    latest === undefined
      ? 'データがありません。'
      : `${fyLabel(latest)}の人口1万人あたり相談実人数は${regions
          .map((g) => {
            const r = find(g, latest);
            return `${g} ${r ? cellText(r, 'persons_per_10k', 1) : '—'}`;
          })
          .join('、')}。`;
  const tableRows = years.flatMap((fy) =>
    regions.map((g) => {
      const r = find(g, fy) ?? {};
      return [
        cell(`${fyLabel(fy)} ${g}`),
        cell(cellText(r, 'persons'), num(r, 'persons'), { suppressed: isSuppressed(r, 'persons') }),
        cell(cellText(r, 'persons_per_10k', 1), num(r, 'persons_per_10k')),
        cell(cellText(r, 'contacts'), num(r, 'contacts'), { suppressed: isSuppressed(r, 'contacts') }),
        cell(cellText(r, 'support_meetings'), num(r, 'support_meetings')),
      ];
    }),
  );
  return {
    spec: {
      kind: 'line',
      labels,
      series: regions.map((g) => ({
        label: g,
        values: years.map((fy) => num(find(g, fy) ?? {}, 'persons_per_10k')),
      })),
      yTitle: '人口1万人あたり相談実人数',
    },
    table: {
      caption: '圏域別の相談実績（年度別）',
      columns: [
        { label: '年度・圏域' },
        { label: '相談実人数', numeric: true },
        { label: '相談実人数（人口1万人あたり）', numeric: true },
        { label: '延べ相談件数', numeric: true },
        { label: '支援会議開催回数', numeric: true },
      ],
      rows: tableRows,
    },
    summary,
  };
}

/** The latest FY present among rows of this level, or undefined. */
export function latestYear(rows: readonly Row[]): number | undefined {
  return fiscalYears(rows).at(-1);
}

/** 課題 distribution (a case counts once per issue) for the rows of one area and FY. */
export function issuesFigure(rows: readonly Row[], level: string, areaCode?: string): Figure {
  const scoped = atLevel(rows, level).filter((r) => !areaCode || str(r, 'area_code') === areaCode);
  const fy = latestYear(scoped);
  const issues = scoped
    .filter((r) => r.dimension === 'issue' && num(r, 'fiscal_year') === fy)
    .sort((a, b) => (num(b, 'count') ?? -1) - (num(a, 'count') ?? -1));
  const multi = scoped.find(
    (r) => r.dimension === 'issue_count' && num(r, 'fiscal_year') === fy && str(r, 'category') === '2_plus',
  );
  const n = issues.map((r) => num(r, 'cases')).find((v) => v !== null) ?? null;
  const top = issues.slice(0, 3).map((r) => `${str(r, 'category_label') ?? ''} ${cellText(r, 'count')}件`);
  const summary =
    fy === undefined
      ? 'データがありません。'
      : `${fyLabel(fy)}、相談実人数${n === null ? '—' : formatNumber(n)}人の課題の内訳。多い順に${top.join('、')}。${
          multi ? `複合課題（2つ以上）の割合は${formatPercent(num(multi, 'share'))}。` : ''
        }`;
  return {
    spec: {
      kind: 'horizontal-bar',
      labels: issues.map((r) => str(r, 'category_label') ?? str(r, 'category') ?? ''),
      series: [{ label: '件数', values: issues.map((r) => num(r, 'count')) }],
      xTitle: '件数（1人が複数の課題に該当）',
    },
    table: {
      caption: `課題の内訳${fy === undefined ? '' : `（${fyLabel(fy)}、N＝相談実人数${n === null ? '—' : formatNumber(n)}人）`}`,
      columns: [
        { label: '課題' },
        { label: '件数', numeric: true },
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
      caption: '自治会訪問の進捗（市町村別、最新の基準日）',
      columns: [
        { label: '市町村' },
        { label: '基準日' },
        { label: '訪問完了自治会数', numeric: true },
        { label: '自治会数', numeric: true },
        { label: '完了割合', numeric: true },
        { label: '訪問済世帯数', numeric: true },
        { label: '気になる世帯数', numeric: true },
        { label: '支援につないだ件数', numeric: true },
      ],
      rows: towns.map((r) => [
        cell(areaLabel(r)),
        cell(str(r, 'as_of') ?? '—'),
        cell(cellText(r, 'jichikai_completed'), num(r, 'jichikai_completed')),
        cell(cellText(r, 'jichikai_total'), num(r, 'jichikai_total')),
        cell(formatPercent(num(r, 'jichikai_completed_share')), num(r, 'jichikai_completed_share')),
        cell(cellText(r, 'households_visited'), num(r, 'households_visited')),
        cell(cellText(r, 'concern_households'), num(r, 'concern_households'), {
          suppressed: isSuppressed(r, 'concern_households'),
        }),
        cell(cellText(r, 'referrals'), num(r, 'referrals'), { suppressed: isSuppressed(r, 'referrals') }),
      ]),
    },
    summary:
      towns.length === 0
        ? 'データがありません。'
        : `${towns.length}市町村の自治会訪問の完了割合。最も進んでいるのは${areaLabel(towns[0] ?? {})}（${formatPercent(
            num(towns[0] ?? {}, 'jichikai_completed_share'),
          )}）。`,
  };
}

/** Headline cards: the latest FY against the one before (前年度比). */
export function headlineCards(implementation: readonly Row[], consultations: readonly Row[]): HeadlineCard[] {
  const cards: HeadlineCard[] = [];
  const impl = implementationByYear(implementation);
  const implLast = impl.at(-1);
  if (implLast) {
    const fy = num(implLast, 'fiscal_year') ?? 0;
    cards.push({
      label: '実施市町村数（19市町村中）',
      value: `${cellText(implLast, 'implementing')}市町村`,
      change: yearOnYear(num(implLast, 'implementing'), num(impl.at(-2) ?? {}, 'implementing')),
      period: fyLabel(fy),
    });
    const share = num(implLast, 'population_covered_share');
    const before = num(impl.at(-2) ?? {}, 'population_covered_share');
    if (share !== null) {
      // A share changes in points, not by a ratio of itself.
      const points = before === null ? null : toPercent(share) - toPercent(before);
      cards.push({
        label: '実施市町村の人口割合',
        value: formatPercent(share),
        change:
          points === null
            ? null
            : `前年度比 ${points >= 0 ? '+' : '−'}${formatNumber(Math.abs(points), 1)}ポイント`,
        period: fyLabel(fy),
      });
    }
  }
  const pref = atLevel(consultations, 'prefecture');
  const fy = latestYear(pref);
  if (fy !== undefined) {
    const now = pref.find((r) => num(r, 'fiscal_year') === fy) ?? {};
    const before = pref.find((r) => num(r, 'fiscal_year') === fy - 1) ?? {};
    for (const [field, label, unit] of [
      ['persons', '相談実人数', '人'],
      ['contacts', '延べ相談件数', '件'],
      ['support_meetings', '支援会議開催回数', '回'],
    ] as const) {
      cards.push({
        label,
        value: `${cellText(now, field)}${unit}`,
        change: yearOnYear(num(now, field), num(before, field)),
        period: fyLabel(fy),
      });
    }
  }
  return cards;
}
