import { PROGRAMMES as PROGRAMME_FIELDS, type Programme } from '../../src/datasets/implementation';
import { municipalityByCode } from '../../src/datasets/municipalities';
import { selfReference, TERMS } from '../../src/glossary';
import type { Figure } from './figure';
import { atLevel, cellText, fyLabel, isSuppressed, municipalityName, num, type Row, str } from './format';
import { cell } from './table';

export const BENCHMARK_METRICS: readonly { metric: string; label: string }[] = [
  { metric: 'persons', label: '相談実人数' },
  { metric: 'contacts', label: '延べ相談件数' },
  { metric: 'support_meetings', label: '支援会議開催回数' },
  { metric: 'juso_meetings', label: '重層的支援会議開催回数' },
  { metric: 'meeting_cases', label: '検討ケース数' },
];

const codeOf = (r: Row) => str(r, 'municipality_code') ?? str(r, 'area_code');

/** The town's benchmark rows (one per FY × metric), oldest first. */
function townBenchmark(rows: readonly Row[], code: string, metric: string): Row[] {
  return atLevel(rows, 'municipality')
    .filter((r) => codeOf(r) === code && r.metric === metric && num(r, 'fiscal_year') !== null)
    .sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0));
}

const PEER_FIELDS = ['peer1_code', 'peer2_code', 'peer3_code'] as const;

/** The towns a benchmark row was compared with (chosen per fiscal year among towns that reported). */
const peerCodes = (row: Row): string[] => PEER_FIELDS.map((f) => str(row, f)).filter((c): c is string => !!c);

/** The town's peers (人口規模等が近い市町村) of its latest benchmark row. */
export function peersOf(rows: readonly Row[], code: string): string[] {
  return peerCodes(townBenchmark(rows, code, 'persons').at(-1) ?? {});
}

/** What to say when a town has nobody to be compared with. */
export const NO_PEERS = '比較できる市町村がありません';

/**
 * One metric per 10,000 residents: the town against its peers, its region
 * and the prefecture, by FY. Peers are named: in the legend (the latest
 * year's) and per year in the table, since the group is chosen each year
 * among the towns that reported it.
 */
export function comparisonFigure(
  rows: readonly Row[],
  code: string,
  metric: string,
  label: string,
  partialYears: ReadonlySet<number> = new Set(),
): Figure {
  const town = townBenchmark(rows, code, metric);
  const isPartial = (r: Row) => partialYears.has(num(r, 'fiscal_year') ?? 0);
  const labels = town.map((r) => `${fyLabel(num(r, 'fiscal_year') ?? 0)}${isPartial(r) ? '（速報）' : ''}`);
  const name = municipalityName(code);
  const last = town.at(-1);
  const latestPeers = last ? peerCodes(last).map(municipalityName) : [];
  const peerLabel = TERMS.peers.term;
  const columns = [
    { field: 'per_10k', label: name },
    {
      field: 'peer_per_10k',
      label: latestPeers.length ? `${peerLabel}（${latestPeers.join('・')}）` : `${peerLabel}（${NO_PEERS}）`,
    },
    { field: 'region_per_10k', label: '圏域' },
    { field: 'prefecture_per_10k', label: '県全体' },
  ];
  const peerNames = (r: Row) => {
    const names = peerCodes(r).map(municipalityName);
    return names.length ? names.join('・') : NO_PEERS;
  };
  return {
    spec: {
      kind: 'bar',
      labels,
      series: columns.map((c) => ({
        label: c.label,
        values: town.map((r) => num(r, c.field)),
        partial: town.map(isPartial),
        suppressed: town.map((r) => isSuppressed(r, c.field)),
      })),
      yTitle: `${label}（人口1万人あたり）`,
    },
    table: {
      caption: `${label}（人口1万人あたり）：${name}と${peerLabel}・圏域・県全体`,
      columns: [
        { label: '年度' },
        { label: `${name}（件数）`, numeric: true },
        { label: `${name}（1万人あたり）`, numeric: true },
        { label: `${peerLabel}（1万人あたり）`, numeric: true },
        { label: '圏域（1万人あたり）', numeric: true },
        { label: '県全体（1万人あたり）', numeric: true },
        { label: `比較した${peerLabel}` },
      ],
      rows: town.map((r, i) => [
        cell(labels[i] ?? ''),
        cell(cellText(r, 'value'), num(r, 'value'), { suppressed: isSuppressed(r, 'value') }),
        ...columns.map((c) =>
          cell(cellText(r, c.field, 1), num(r, c.field), { suppressed: isSuppressed(r, c.field) }),
        ),
        cell(peerNames(r)),
      ]),
    },
    summary: last
      ? `${labels.at(-1)}の${label}は人口1万人あたり${name} ${cellText(last, 'per_10k', 1)}、${
          latestPeers.length
            ? `${peerLabel}（${latestPeers.join('・')}）${cellText(last, 'peer_per_10k', 1)}`
            : `${peerLabel}は${NO_PEERS}`
        }、圏域 ${cellText(last, 'region_per_10k', 1)}、県全体 ${cellText(last, 'prefecture_per_10k', 1)}。${peerLabel}は年度ごとに、その年度に報告した実施市町村から人口と高齢化率が近い順に3つまで選んでいます。`
      : `${name}の${label}のデータはまだありません。`,
  };
}

/** Rows of the "years since implementation" series for one metric. */
function seriesRows(rows: readonly Row[], metric: string): Row[] {
  return atLevel(rows, 'municipality').filter(
    (r) => r.metric === metric && num(r, 'years_since_implementation') !== null,
  );
}

/** A pooled 先輩事例 point of fewer towns than this is not drawn (it would be those towns themselves). */
export const MIN_POOLED_TOWNS = 3;

/** At most this many 先輩 towns on one chart, so the lines stay readable. */
export const MAX_SENIORS = 4;

/** The candidates closest to the town in population (log scale), nearest first. */
export function nearestBySize(code: string, candidates: readonly string[], n: number): string[] {
  const size = (c: string) => Math.log(municipalityByCode(c)?.populationApprox ?? 1);
  const own = size(code);
  return [...candidates]
    .sort((a, b) => Math.abs(size(a) - own) - Math.abs(size(b) - own) || a.localeCompare(b))
    .slice(0, n);
}

/**
 * The town's series aligned on its first 実施 year, beside towns that started
 * before it (先輩事例: its peers first, then the closest in size, at most
 * MAX_SENIORS) and the pooled line of every implementing town.
 */
export function yearsSinceFigure(
  rows: readonly Row[],
  code: string,
  options: { peers?: readonly string[]; metric?: string; label?: string } = {},
): Figure {
  const metric = options.metric ?? 'persons';
  const label = options.label ?? '相談実人数';
  const series = seriesRows(rows, metric);
  const firstFy = (c: string) =>
    series.map((r) => (codeOf(r) === c ? num(r, 'first_implemented_fy') : null)).find((v) => v !== null) ??
    null;
  const own = firstFy(code);
  const earlier = [...new Set(series.map(codeOf).filter((c): c is string => !!c))].filter(
    (c) => c !== code && (own === null || (firstFy(c) ?? Number.POSITIVE_INFINITY) < own),
  );
  const peers = (options.peers ?? []).filter((c) => earlier.includes(c));
  const seniors = [
    ...peers,
    ...nearestBySize(
      code,
      earlier.filter((c) => !peers.includes(c)),
      MAX_SENIORS,
    ),
  ]
    .slice(0, MAX_SENIORS)
    .sort((a, b) => (firstFy(a) ?? 0) - (firstFy(b) ?? 0) || a.localeCompare(b));
  const towns = own === null ? seniors : [code, ...seniors];
  const pooled = atLevel(rows, 'cohort').filter((r) => r.metric === metric);
  const years = [...new Set([...series, ...pooled].map((r) => num(r, 'years_since_implementation') ?? -1))]
    .filter((y) => y >= 0)
    .sort((a, b) => a - b);
  const yearLabel = (y: number) => `${y + 1}年目`;
  const rowOf = (c: string, y: number) =>
    series.find((r) => codeOf(r) === c && num(r, 'years_since_implementation') === y) ?? {};
  const pooledRow = (y: number) => pooled.find((r) => num(r, 'years_since_implementation') === y) ?? {};
  // A pool of one or two towns is those towns, not a benchmark: not drawn, its n said in the table.
  const pooledOf = (y: number) => {
    const r = pooledRow(y);
    return (num(r, 'municipalities') ?? 0) < MIN_POOLED_TOWNS ? { ...r, per_10k: null } : r;
  };
  const lines = [
    ...towns.map((c) => ({
      name: `${municipalityName(c)}${c === code ? `（${selfReference(municipalityName(c))}）` : `（${fyLabel(firstFy(c) ?? 0)}開始）`}`,
      row: (y: number) => rowOf(c, y),
      dashed: c !== code,
    })),
    ...(pooled.length > 0 ? [{ name: '実施市町村全体', row: pooledOf, dashed: true }] : []),
  ];
  const seniorNames = seniors.map(municipalityName);
  return {
    spec: {
      kind: 'line',
      labels: years.map(yearLabel),
      series: lines.map((l) => ({
        label: l.name,
        values: years.map((y) => num(l.row(y), 'per_10k')),
        dashed: l.dashed,
      })),
      xTitle: '実施からの年数',
      yTitle: `${label}（人口1万人あたり）`,
    },
    table: {
      caption: `実施からの年数別 ${label}（人口1万人あたり）`,
      columns: [
        { label: '市町村（開始年度）' },
        ...years.map((y) => ({ label: yearLabel(y), numeric: true })),
      ],
      rows: [
        ...lines.map((l) => [
          cell(l.name),
          ...years.map((y) => {
            const r = l.row(y);
            return cell(cellText(r, 'per_10k', 1), num(r, 'per_10k'), {
              suppressed: isSuppressed(r, 'per_10k'),
            });
          }),
        ]),
        ...(pooled.length > 0
          ? [
              [
                cell('実施市町村全体の市町村数'),
                ...years.map((y) => {
                  const n = num(pooledRow(y), 'municipalities');
                  return cell(n === null ? '—' : `${n}市町村`, n);
                }),
              ],
            ]
          : []),
      ],
    },
    summary: `${
      seniorNames.length > 0
        ? `実施開始からの年数をそろえて、${own === null ? '' : `${municipalityName(code)}と`}先輩事例（${seniorNames.join('、')}）の${label}（人口1万人あたり）を比べたグラフ。`
        : `${municipalityName(code)}の実施開始からの${label}（人口1万人あたり）。先に開始した市町村はありません。`
    }${pooled.length > 0 ? `実施市町村全体は、${MIN_POOLED_TOWNS}市町村以上が集計された年だけ表示しています。` : ''}`,
  };
}

/** The town's consultation figures by FY as plain rows (counts and per-10k), for its own table. */
export function consultationRows(rows: readonly Row[], code: string): Row[] {
  return atLevel(rows, 'municipality')
    .filter((r) => codeOf(r) === code)
    .sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0));
}

/** 実施状況 history of the town, oldest first. */
export function implementationHistory(rows: readonly Row[], code: string): Row[] {
  return atLevel(rows, 'municipality')
    .filter((r) => codeOf(r) === code)
    .sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0));
}

/** Short matrix labels; the Record type makes the dataset's programme list the one source. */
const PROGRAMME_SHORT_LABEL: Record<Programme, string> = {
  comprehensive_consultation: '包括的相談支援',
  multi_agency: '多機関協働',
  outreach: 'アウトリーチ等を通じた継続的支援',
  participation: '参加支援',
  community: '地域づくり',
  support_meeting: '支援会議',
  isolation_council: '地域協議会',
};

export const PROGRAMMES: readonly { field: Programme; label: string }[] = PROGRAMME_FIELDS.map((field) => ({
  field,
  label: PROGRAMME_SHORT_LABEL[field],
}));

export const flagText = (v: unknown): string => (v === true ? '○' : v === false ? '×' : '—');

/** The latest benchmark/consultation row that carries the town's population and its source. */
export function populationRow(rows: readonly Row[], code: string): Row | undefined {
  return rows
    .filter(
      (r) => (str(r, 'municipality_code') ?? str(r, 'area_code')) === code && num(r, 'population') !== null,
    )
    .sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0))
    .at(-1);
}
