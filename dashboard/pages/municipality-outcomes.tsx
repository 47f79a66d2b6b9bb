import type { IndicatorResponse } from '../../src/query/types';
import { ChartFigure } from './chart-figure';
import type { Figure } from './figure';
import {
  cellText,
  formatPercent,
  fyLabel,
  isSuppressed,
  MISSING_MARK,
  num,
  type Row,
  SUPPRESSED_MARK,
} from './format';
import { csvHref, sourceLine, suppressionNote } from './sources';
import { cell } from './table';

/** The 状態 counts, stacked: they sum to 相談実人数. */
const STATUSES = [
  { field: 'closed', label: '終結' },
  { field: 'supporting', label: '支援中' },
  { field: 'watching', label: '見守り・つながり継続' },
  { field: 'status_unknown', label: '状態不明' },
] as const;

/** 終結率 as shown: 秘匿 where it is hidden, — where there is none. */
function rateText(row: Row | undefined): string {
  if (!row) return MISSING_MARK;
  if (isSuppressed(row, 'closure_rate')) return SUPPRESSED_MARK;
  return formatPercent(num(row, 'closure_rate'));
}

/**
 * 支援の成果 of one town: its 相談実人数 by 状態 at the year's extract
 * (stacked bars), and a table with 終結率 beside its region's and the
 * prefecture's, the median 支援期間 of closed cases, and the アウトリーチ and
 * 参加支援 tallies. Every figure comes from GET /api/indicators/outcomes as
 * this viewer may see it (秘匿 included).
 */
export function outcomesFigure(rows: readonly Row[], code: string, name: string): Figure {
  const town = rows
    .filter((r) => r.level === 'municipality' && r.municipality_code === code)
    .sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0));
  const areaRow = (level: string, fy: number) =>
    rows.find((r) => r.level === level && num(r, 'fiscal_year') === fy);
  const labels = town.map((r) => fyLabel(num(r, 'fiscal_year') ?? 0));
  const latest = town.at(-1);
  const summary = latest
    ? `${name}の${labels.at(-1)}：相談実人数${cellText(latest, 'persons')}人のうち終結${cellText(latest, 'closed')}人（終結率${rateText(latest)}）。`
    : `${name}の支援の成果のデータはまだありません。`;
  return {
    spec: {
      kind: 'stacked-bar',
      labels,
      series: STATUSES.map((s) => ({
        label: s.label,
        values: town.map((r) => num(r, s.field)),
        suppressed: town.map((r) => isSuppressed(r, s.field)),
      })),
      yTitle: '人数（年度の抽出時点の状態）',
    },
    table: {
      caption: `${name}の支援の成果（年度別）`,
      columns: [
        { label: '年度' },
        { label: '相談実人数', numeric: true },
        ...STATUSES.map((s) => ({ label: s.label, numeric: true })),
        { label: '終結率', numeric: true },
        { label: '圏域の終結率', numeric: true },
        { label: '県全体の終結率', numeric: true },
        { label: '支援期間の中央値（日、終結ケース）', numeric: true },
        { label: 'アウトリーチ訪問件数（延べ）', numeric: true },
        { label: '参加支援利用者数（延べ）', numeric: true },
      ],
      rows: town.map((r) => {
        const fy = num(r, 'fiscal_year') ?? 0;
        return [
          cell(fyLabel(fy)),
          cell(cellText(r, 'persons'), num(r, 'persons')),
          ...STATUSES.map((s) => cell(cellText(r, s.field), num(r, s.field))),
          cell(rateText(r), num(r, 'closure_rate')),
          cell(rateText(areaRow('region', fy)), num(areaRow('region', fy) ?? {}, 'closure_rate')),
          cell(rateText(areaRow('prefecture', fy)), num(areaRow('prefecture', fy) ?? {}, 'closure_rate')),
          cell(cellText(r, 'median_support_days', 1), num(r, 'median_support_days')),
          cell(cellText(r, 'outreach_visits'), num(r, 'outreach_visits')),
          cell(cellText(r, 'participation_support'), num(r, 'participation_support')),
        ];
      }),
    },
    summary,
  };
}

/** The 支援の成果 section of the town page. */
export function OutcomesSection(props: { res: IndicatorResponse | undefined; code: string; name: string }) {
  if (!props.res) return null;
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">支援の成果</h2>
      <p>
        相談実人数を各年度の抽出時点の状態（終結・支援中・見守り・つながり継続）で分けています。支援期間の中央値は、終結したケースの受付日から終結日までの日数で、ほかの市町村の値は終結件数が少ない（個人が分かるおそれがある）ときは示しません。アウトリーチと参加支援は月次実績の合計（延べ）です。
      </p>
      <ChartFigure
        id="outcomes"
        title="相談者の状態と終結"
        level={3}
        source={sourceLine(props.res.meta)}
        suppressionNote={suppressionNote(props.res.meta)}
        csvHref={csvHref('outcomes', { municipality: props.code })}
        {...outcomesFigure(props.res.data, props.code, props.name)}
      />
    </section>
  );
}
