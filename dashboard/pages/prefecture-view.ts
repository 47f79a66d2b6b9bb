import { townCountChange } from '../../src/glossary';
import type { Summary, SummaryCard } from '../../src/publication/coverage';
import { OKABE_ITO, STATUS_COLOURS, type StatusColourKey } from '../client/chart-spec';
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
  latestYear,
  num,
  type Row,
  toPercent,
  yearOnYear,
} from './format';
import { cell } from './table';

/** A change in a number of towns reads as a difference (+4市町村), never a rate (docs/glossary.md). */
const townsChange = (now: number | null, before: number | null): string | null =>
  now === null || before === null ? null : townCountChange(now, before);

export interface HeadlineCard {
  label: string;
  value: string;
  change: string | null;
  /** Which FY the value is for, e.g. '令和6年度'. */
  period: string;
  /** What the change is made of: 同一市町村ベース, and what towns that began reporting add. */
  detail?: string;
}

/** 「同一市町村ベース +5.3%（5市町村）。新たに報告を始めた4市町村による増加 +60人」 */
function sameTownDetail(card: SummaryCard, unit: string): string | undefined {
  const parts: string[] = [];
  if (card.change_same_municipalities !== null) {
    const pct = (card.change_same_municipalities - 1) * 100;
    const text = Math.abs(pct) < 0.05 ? '±0%' : `${pct > 0 ? '+' : '−'}${formatNumber(Math.abs(pct), 1)}%`;
    parts.push(`同一市町村ベース ${text}（${card.same_municipalities}市町村）`);
  }
  if (card.new_municipalities > 0 && card.from_new_municipalities !== null)
    parts.push(
      `うち新たに報告を始めた${card.new_municipalities}市町村による増加 +${formatNumber(card.from_new_municipalities)}${unit}`,
    );
  return parts.length ? parts.join('。') : undefined;
}

/** The FY-summary rows of the implementation indicator, oldest first. */
function implementationByYear(rows: readonly Row[]): Row[] {
  return atLevel(rows, 'prefecture')
    .filter((r) => num(r, 'fiscal_year') !== null)
    .sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0));
}

const statusColour = (status: StatusColourKey): { colour: string; border?: string } => {
  const { fill, border } = STATUS_COLOURS[status];
  return border ? { colour: fill, border } : { colour: fill };
};

const percentOrNull = (share: number | null) =>
  share === null ? null : Math.round(toPercent(share) * 10) / 10;

/**
 * 実施市町村数 by FY: every status stacked, so each bar is all 19 towns and
 * those not yet started are in the picture (the 推進チーム's whole reason to
 * exist), with the population covered as a line and in the table.
 */
export function implementationFigure(rows: readonly Row[]): Figure {
  const years = implementationByYear(rows);
  const labels = years.map((r) => fyLabel(num(r, 'fiscal_year') ?? 0));
  const series = [
    { label: '実施', field: 'implementing' },
    { label: '移行準備事業', field: 'preparing' },
    { label: '実施予定', field: 'planned' },
    { label: '検討中', field: 'considering' },
    { label: '未実施', field: 'not_implemented' },
  ] as const;
  // Towns the prefecture has not yet entered a status for that year: the rest of the 19.
  const unknown = years.map((r) => {
    const total = num(r, 'municipalities_total');
    const known = series.reduce<number | null>((s, x) => {
      const v = num(r, x.field);
      return s === null || v === null ? null : s + v;
    }, 0);
    return total === null || known === null ? null : total - known;
  });
  const last = years.at(-1);
  const summary = last
    ? `${labels.at(-1)}は実施${cellText(last, 'implementing')}、移行準備${cellText(last, 'preparing')}、実施予定${cellText(last, 'planned')}、検討中${cellText(last, 'considering')}、未実施${cellText(last, 'not_implemented')}市町村（人口カバー率${formatPercent(num(last, 'population_covered_share'))}）。`
    : 'データがありません。';
  return {
    spec: {
      kind: 'stacked-bar',
      labels,
      series: [
        ...series.map((s) => ({
          label: s.label,
          values: years.map((r) => num(r, s.field)),
          ...statusColour(s.field),
        })),
        ...(unknown.some((n) => n !== null && n > 0)
          ? [{ label: '未登録', values: unknown, ...statusColour('unknown') }]
          : []),
        {
          label: '実施市町村の人口割合（右軸）',
          values: years.map((r) => percentOrNull(num(r, 'population_covered_share'))),
          percentLine: true,
          colour: OKABE_ITO[3],
        },
        {
          label: '全国の実施割合（右軸・参考）',
          values: years.map((r) => percentOrNull(num(r, 'national_share'))),
          percentLine: true,
          dashed: true,
          colour: OKABE_ITO[6],
        },
      ],
      yTitle: '市町村数',
    },
    table: {
      caption: '実施市町村数（年度別）',
      columns: [
        { label: '年度' },
        { label: '実施', numeric: true },
        { label: '移行準備事業', numeric: true },
        { label: '実施予定', numeric: true },
        { label: '検討中', numeric: true },
        { label: '未実施', numeric: true },
        { label: '19市町村に占める実施の割合', numeric: true },
        { label: '実施市町村の人口割合', numeric: true },
        { label: '全国の実施割合（参考）', numeric: true },
      ],
      rows: years.map((r, i) => [
        cell(labels[i] ?? ''),
        cell(cellText(r, 'implementing'), num(r, 'implementing')),
        cell(cellText(r, 'preparing'), num(r, 'preparing')),
        cell(cellText(r, 'planned'), num(r, 'planned')),
        cell(cellText(r, 'considering'), num(r, 'considering')),
        cell(cellText(r, 'not_implemented'), num(r, 'not_implemented')),
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

/** 「（速報）」 after a label whose figure covers part of the period only. */
export const partialLabel = (label: string, partial: boolean): string =>
  partial ? `${label}（速報）` : label;

/**
 * Consultations per 10,000 residents by region and FY: regions differ
 * tenfold in size, so rates compare. A year still running or short of
 * months is hollow and labelled 速報; every pooled figure says how many
 * towns it pools.
 */
export function regionTrendFigure(rows: readonly Row[]): Figure {
  const regionRows = atLevel(rows, 'region');
  const years = fiscalYears(regionRows);
  const regions = [...new Set(regionRows.map(areaLabel))];
  const find = (region: string, fy: number) =>
    regionRows.find((r) => areaLabel(r) === region && num(r, 'fiscal_year') === fy);
  const partialYear = (fy: number) => regions.some((g) => find(g, fy)?.partial === true);
  const labels = years.map((fy) => partialLabel(fyLabel(fy), partialYear(fy)));
  const pooled = (r: Row | undefined) => {
    const n = r ? num(r, 'municipalities_reporting') : null;
    return n === null ? '' : `（${n}市町村）`;
  };
  // The summary speaks of the latest year that is not 速報, when there is one.
  const complete = years.filter((fy) => !partialYear(fy));
  const latest = complete.at(-1) ?? years.at(-1);
  const summary =
    latest === undefined
      ? 'データがありません。'
      : `${fyLabel(latest)}の人口1万人あたり相談実人数は${regions
          .map((g) => {
            const r = find(g, latest);
            return `${g} ${r ? cellText(r, 'persons_per_10k', 1) : '—'}${pooled(r)}`;
          })
          .join('、')}。`;
  const tableRows = years.flatMap((fy) =>
    regions.map((g) => {
      const r = find(g, fy) ?? {};
      return [
        cell(`${partialLabel(fyLabel(fy), r.partial === true)} ${g}`),
        cell(cellText(r, 'municipalities_reporting'), num(r, 'municipalities_reporting')),
        cell(cellText(r, 'persons'), num(r, 'persons'), { suppressed: isSuppressed(r, 'persons') }),
        cell(cellText(r, 'persons_per_10k', 1), num(r, 'persons_per_10k')),
        cell(cellText(r, 'contacts'), num(r, 'contacts'), { suppressed: isSuppressed(r, 'contacts') }),
        cell(cellText(r, 'support_meetings'), num(r, 'support_meetings'), {
          suppressed: isSuppressed(r, 'support_meetings'),
        }),
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
        partial: years.map((fy) => find(g, fy)?.partial === true),
        suppressed: years.map((fy) => isSuppressed(find(g, fy) ?? {}, 'persons_per_10k')),
      })),
      yTitle: '人口1万人あたり相談実人数',
    },
    table: {
      caption: '圏域別の相談実績（年度別）',
      columns: [
        { label: '年度・圏域' },
        { label: '集計市町村数', numeric: true },
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

/** 41人 — but 秘匿 and — stand alone (秘匿人 reads as nonsense). */
function withUnit(row: Row, field: string, unit: string): string {
  return num(row, field) === null ? cellText(row, field) : `${cellText(row, field)}${unit}`;
}

/** Headline cards: the latest FY against the one before (前年度比). */
export function headlineCards(
  implementation: readonly Row[],
  consultations: readonly Row[],
  summary?: Summary,
): HeadlineCard[] {
  const cards: HeadlineCard[] = [];
  const impl = implementationByYear(implementation);
  const implLast = impl.at(-1);
  if (implLast) {
    const fy = num(implLast, 'fiscal_year') ?? 0;
    cards.push({
      label: '実施市町村数（19市町村中）',
      value: withUnit(implLast, 'implementing', '市町村'),
      change: townsChange(num(implLast, 'implementing'), num(impl.at(-2) ?? {}, 'implementing')),
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
  // The headline year is the summary's (never a year still running); without one, the latest.
  const fy = summary ? (summary.fiscal_year ?? undefined) : latestYear(pref);
  const period =
    fy === undefined
      ? ''
      : summary
        ? `${fyLabel(fy)}、19市町村中${summary.coverage.reporting}市町村の報告${summary.partial ? '、一部は年度途中' : '、全12か月'}`
        : fyLabel(fy);
  if (fy !== undefined) {
    const now = pref.find((r) => num(r, 'fiscal_year') === fy) ?? {};
    const before = pref.find((r) => num(r, 'fiscal_year') === fy - 1) ?? {};
    for (const [field, label, unit] of [
      ['persons', '相談実人数', '人'],
      ['contacts', '延べ相談件数', '件'],
      ['support_meetings', '支援会議開催回数', '回'],
    ] as const) {
      const card = summary?.cards.find((c) => c.id === field);
      const detail = card ? sameTownDetail(card, unit) : undefined;
      cards.push({
        label,
        value: withUnit(now, field, unit),
        change: yearOnYear(num(now, field), num(before, field)),
        period,
        ...(detail ? { detail } : {}),
      });
    }
  }
  return cards;
}
