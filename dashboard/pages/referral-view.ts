import { REFERRAL_ROUTE_GROUPS, REFERRAL_ROUTES } from '../../src/datasets/vocabularies';
import type { Figure } from './figure';
import { atLevel, formatNumber, formatPercent, fyLabel, isSuppressed, num, type Row, str } from './format';
import { cell } from './table';

/** The group of a 相談経路 code, old codes (before December 2026) included. */
export function referralGroup(code: string): string | undefined {
  const term = REFERRAL_ROUTES.find((t) => t.code === code || t.legacyCodes?.includes(code));
  return term?.group;
}

/** The briefing's 「関係機関からの相談」: the group the share is reported for. */
export const AGENCIES_GROUP = 'agencies';

interface GroupCount {
  code: string;
  label: string;
  /** Σ of the group's routes; null when any of them is 秘匿 for this viewer. */
  count: number | null;
}

/**
 * 相談経路 by group for one area and FY, from the route rows the viewer
 * sees: a group with a 秘匿 route is 秘匿 itself, so no hidden count is
 * recomputed (a derived figure of published cells only).
 */
export function referralGroups(rows: readonly Row[], fy: number): { n: number | null; groups: GroupCount[] } {
  const routes = rows.filter((r) => r.dimension === 'referral_route' && num(r, 'fiscal_year') === fy);
  const n = routes.map((r) => num(r, 'cases')).find((v) => v !== null) ?? null;
  const groups = REFERRAL_ROUTE_GROUPS.map((g): GroupCount => {
    const members = routes.filter((r) => referralGroup(str(r, 'category') ?? '') === g.code);
    const hidden = members.some((r) => isSuppressed(r, 'count') || num(r, 'count') === null);
    return {
      code: g.code,
      label: g.label,
      count: hidden ? null : members.reduce((s, r) => s + (num(r, 'count') ?? 0), 0),
    };
  });
  return { n, groups };
}

const share = (count: number | null, n: number | null): number | null =>
  count !== null && n !== null && n > 0 ? count / n : null;

/**
 * 相談経路（区分別）: each year's cases by where the referral came from, as
 * shares of 相談実人数, with the briefing's 関係機関 share (北栄町: 9割以上)
 * said in the summary.
 */
export function referralFigure(rows: readonly Row[], level: string, areaCode: string): Figure {
  const scoped = atLevel(rows, level).filter((r) => str(r, 'area_code') === areaCode);
  const years = [
    ...new Set(scoped.map((r) => num(r, 'fiscal_year')).filter((v): v is number => v !== null)),
  ].sort((a, b) => a - b);
  const byYear = years.map((fy) => ({ fy, ...referralGroups(scoped, fy) }));
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const latest = byYear.at(-1);
  const agencies = (y: (typeof byYear)[number]) => y.groups.find((g) => g.code === AGENCIES_GROUP) ?? null;
  const latestAgencies = latest ? agencies(latest) : null;
  return {
    spec: {
      kind: 'stacked-bar',
      labels: byYear.map((y) => fyLabel(y.fy)),
      series: REFERRAL_ROUTE_GROUPS.map((g) => ({
        label: g.label,
        values: byYear.map((y) => pct(share(y.groups.find((x) => x.code === g.code)?.count ?? null, y.n))),
        suppressed: byYear.map((y) => y.groups.find((x) => x.code === g.code)?.count === null),
      })),
      yTitle: '相談実人数に占める割合（%）',
      percent: true,
    },
    table: {
      caption: '相談経路（区分別、年度別。割合は相談実人数に占める割合）',
      columns: [
        { label: '年度' },
        { label: '相談実人数', numeric: true },
        ...REFERRAL_ROUTE_GROUPS.map((g) => ({ label: `${g.label}（人、割合）`, numeric: true })),
      ],
      rows: byYear.map((y) => [
        cell(fyLabel(y.fy)),
        cell(y.n === null ? '—' : formatNumber(y.n), y.n),
        ...y.groups.map((g) =>
          g.count === null
            ? cell('秘匿', null, { suppressed: true })
            : cell(`${formatNumber(g.count)}（${formatPercent(share(g.count, y.n))}）`, g.count),
        ),
      ]),
    },
    summary:
      latest === undefined
        ? '相談経路のデータはまだありません。'
        : latestAgencies?.count === null || latestAgencies === null
          ? `${fyLabel(latest.fy)}の相談経路の区分別の割合（関係機関は秘匿を含むため表示しません）。`
          : `${fyLabel(latest.fy)}は相談実人数${latest.n === null ? '—' : formatNumber(latest.n)}人のうち${formatNumber(
              latestAgencies.count,
            )}人（${formatPercent(share(latestAgencies.count, latest.n))}）が関係機関からの相談。${byYear
              .slice(0, -1)
              .map((y) => {
                const a = agencies(y);
                return a?.count === null || a === null
                  ? null
                  : `${fyLabel(y.fy)} ${formatPercent(share(a.count, y.n))}`;
              })
              .filter(Boolean)
              .join('、')}`,
  };
}
