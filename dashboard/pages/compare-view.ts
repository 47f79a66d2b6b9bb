import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import type { Figure } from './figure';
import {
  atLevel,
  cellText,
  formatNumber,
  fyLabel,
  isSuppressed,
  municipalityName,
  num,
  type Row,
  str,
} from './format';
import { type Cell, cell, type TableSpec } from './table';

/**
 * A per-capita rate is unstable when few events or few residents stand
 * behind it: one more case moves a town of 3,000 by 3.3 per 10,000.
 * Below these, the page marks the rate and says why.
 */
export const UNSTABLE_MIN_COUNT = 10;
export const UNSTABLE_MIN_POPULATION = 5000;

export function isUnstable(row: Row): boolean {
  const population = num(row, 'population');
  const persons = num(row, 'persons');
  if (population !== null && population < UNSTABLE_MIN_POPULATION) return true;
  return persons !== null && persons < UNSTABLE_MIN_COUNT;
}

/** 65歳以上割合 in percent from a row carrying it (aging_rate 0–1, or aged_65_plus with population). */
export function agingPercent(row: Row): number | null {
  const share = num(row, 'aging_rate') ?? num(row, 'aged_65_plus_share');
  if (share !== null) return share <= 1 ? share * 100 : share;
  const aged = num(row, 'aged_65_plus');
  const population = num(row, 'population');
  return aged !== null && population ? (aged / population) * 100 : null;
}

/**
 * 65歳以上割合 by town, from whichever indicator rows carry it (the
 * benchmark computes it to choose peers); the latest FY wins.
 */
export function agingByTown(rows: readonly Row[]): Map<string, number> {
  const sorted = [...rows].sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0));
  const out = new Map<string, number>();
  for (const r of sorted) {
    const code = str(r, 'municipality_code');
    const aging = agingPercent(r);
    if (code && aging !== null) out.set(code, aging);
  }
  return out;
}

/** 「（速報・6か月分）」 beside a town whose year covers part of it only; '' for a whole year. */
export function partialMark(row: Row): string {
  if (row.partial !== true) return '';
  const months = num(row, 'months_reported');
  return months !== null && months < 12 ? `（速報・${months}か月分）` : '（速報・年度途中）';
}

const RATE_FIELDS: readonly { field: string; label: string }[] = [
  { field: 'persons_per_10k', label: '相談実人数' },
  { field: 'contacts_per_10k', label: '延べ相談件数' },
  { field: 'support_meetings_per_10k', label: '支援会議' },
  { field: 'juso_meetings_per_10k', label: '重層的支援会議' },
];

/** All 19 side by side for one FY: counts, per-10,000 rates, with unstable rates marked. */
export function compareTable(
  rows: readonly Row[],
  fy: number,
  aging: ReadonlyMap<string, number>,
): TableSpec {
  // All 19, in code order: a town without figures still has its row (—), so nobody is left out.
  const reported = atLevel(rows, 'municipality').filter((r) => num(r, 'fiscal_year') === fy);
  const towns = MUNICIPALITIES.map(
    (m) =>
      reported.find((r) => (str(r, 'municipality_code') ?? str(r, 'area_code')) === m.code) ?? {
        municipality_code: m.code,
        region: m.region,
      },
  );
  const rateCell = (r: Row, field: string): Cell => {
    const text = cellText(r, field, 1);
    const unstable = isUnstable(r) && num(r, field) !== null;
    return cell(unstable ? `${text}※` : text, num(r, field), {
      suppressed: isSuppressed(r, field),
      className: unstable ? 'unstable' : undefined,
    });
  };
  return {
    caption: `市町村別の相談実績（${fyLabel(fy)}、人口1万人あたり。※は人口または件数が少なく値が不安定）`,
    columns: [
      { label: '市町村' },
      { label: '圏域' },
      { label: '人口', numeric: true },
      { label: '65歳以上割合', numeric: true },
      { label: '相談実人数', numeric: true },
      ...RATE_FIELDS.map((f) => ({ label: `${f.label}（1万人あたり）`, numeric: true })),
    ],
    rows: towns.map((r) => {
      const code = str(r, 'municipality_code') ?? str(r, 'area_code') ?? '';
      const agingPct = aging.get(code) ?? agingPercent(r) ?? null;
      return [
        cell(`${municipalityName(code)}${partialMark(r)}`, null),
        cell(str(r, 'region') ?? '—'),
        cell(cellText(r, 'population'), num(r, 'population')),
        cell(agingPct === null ? '—' : `${formatNumber(agingPct, 1)}%`, agingPct),
        cell(cellText(r, 'persons'), num(r, 'persons'), { suppressed: isSuppressed(r, 'persons') }),
        ...RATE_FIELDS.map((f) => rateCell(r, f.field)),
      ];
    }),
  };
}

/** 65歳以上割合 against 相談実人数 per 10,000: does consultation follow aging, and who stands apart? */
export function agingScatterFigure(
  rows: readonly Row[],
  fy: number,
  aging: ReadonlyMap<string, number>,
  highlight?: string,
): Figure {
  const towns = atLevel(rows, 'municipality').filter((r) => num(r, 'fiscal_year') === fy);
  const points = towns.flatMap((r) => {
    const code = str(r, 'municipality_code') ?? str(r, 'area_code') ?? '';
    const x = aging.get(code) ?? agingPercent(r);
    const y = num(r, 'persons_per_10k');
    if (x === null || y === null) return [];
    const label = `${municipalityName(code)}${isUnstable(r) ? '※' : ''}${r.partial === true ? '（速報）' : ''}`;
    return [{ label, x: Math.round(x * 10) / 10, y, highlight: code === highlight }];
  });
  return {
    spec: {
      kind: 'scatter',
      labels: [],
      series: [{ label: '市町村', values: [] }],
      points,
      xTitle: '65歳以上割合（%）',
      yTitle: '相談実人数（人口1万人あたり）',
    },
    table: {
      caption: `65歳以上割合と相談実人数（人口1万人あたり、${fyLabel(fy)}）`,
      columns: [
        { label: '市町村' },
        { label: '65歳以上割合（%）', numeric: true },
        { label: '相談実人数（1万人あたり）', numeric: true },
      ],
      rows: points.map((p) => [
        cell(p.label),
        cell(formatNumber(p.x, 1), p.x),
        cell(formatNumber(p.y, 1), p.y),
      ]),
    },
    summary:
      points.length === 0
        ? '表示できるデータがありません（相談実績のある市町村がないか、値が秘匿されています）。'
        : `${points.length}市町村の65歳以上割合（横軸）と人口1万人あたり相談実人数（縦軸）の散布図。`,
  };
}
