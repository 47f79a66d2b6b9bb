import type { IndicatorResponse } from '../../src/query/types';
import { cellText, fyLabel, num, type Row, ratioChange, str } from './format';
import { cell, DataTable } from './table';

/** 「4〜9月」 of a window's months ('2023-04' … '2023-09'). */
export function monthsLabel(from: string, to: string): string {
  const m = (text: string) => Number(text.slice(5, 7));
  return from === to ? `${m(from)}月` : `${m(from)}〜${m(to)}月`;
}

/**
 * The months of the town's latest year when it is partial (速報): the
 * window its 前年同期比 is taken over. Undefined when the latest year is whole.
 */
export function partialYearWindow(
  rows: readonly Row[],
  code: string,
): { from: string; to: string } | undefined {
  const years = rows
    .filter((r) => r.level === 'municipality' && r.municipality_code === code)
    .sort((a, b) => (num(a, 'fiscal_year') ?? 0) - (num(b, 'fiscal_year') ?? 0));
  const latest = years.at(-1);
  if (latest?.partial !== true) return undefined;
  const months = rows
    .filter(
      (r) => r.level === 'month' && r.municipality_code === code && r.fiscal_year === latest.fiscal_year,
    )
    .map((r) => String(r.month).slice(0, 7))
    .sort();
  const first = months[0];
  const last = months.at(-1);
  return first && last ? { from: first, to: last } : undefined;
}

/**
 * 期間を指定した集計: the town's figures over a month window with 前年同期比
 * (the same months a year earlier), and a form to choose the months.
 */
export function MonthWindowSection(props: {
  code: string;
  name: string;
  window: IndicatorResponse | undefined;
}) {
  const { window } = props;
  const from = window?.meta.filters.from_month;
  const to = window?.meta.filters.to_month;
  const row: Row | undefined = window?.data.find(
    (r) => r.level === 'municipality' && r.municipality_code === props.code,
  );
  const fy = row ? (num(row, 'fiscal_year') ?? 0) : 0;
  const period = from && to ? `${fyLabel(fy)} ${monthsLabel(from, to)}` : '';
  const change = (field: string) =>
    cell(ratioChange(row ? num(row, field) : null), row ? num(row, field) : null);
  return (
    <section aria-labelledby="window-heading">
      <h2 id="window-heading">期間を指定した集計（前年同期比）</h2>
      <form method="get" class="window-form">
        <label>
          開始月 <input type="month" name="from_month" value={from ?? ''} required />
        </label>
        <label>
          終了月 <input type="month" name="to_month" value={to ?? ''} required />
        </label>
        <button type="submit">集計</button>
      </form>
      <p class="note">
        同じ年度（4月〜翌年3月）の中の月を選ぶと、その期間の相談実人数（期間中に支援していた人）・新規・延べ相談件数・支援会議と、前年度の同じ月との比（前年同期比）を表示します。
      </p>
      {row && from && to ? (
        <DataTable
          table={{
            caption: `${props.name}の${period}の相談実績`,
            columns: [
              { label: '期間' },
              { label: '報告月数', numeric: true },
              { label: '相談実人数', numeric: true },
              { label: '新規', numeric: true },
              { label: '延べ相談件数', numeric: true },
              { label: '支援会議', numeric: true },
              { label: `前年同期比（実人数、${monthsLabel(from, to)}）`, numeric: true },
              { label: `前年同期比（延べ件数、${monthsLabel(from, to)}）`, numeric: true },
            ],
            rows: [
              [
                cell(`${period}${row.partial === true ? '（速報）' : ''}`),
                cell(cellText(row, 'months_reported'), num(row, 'months_reported')),
                cell(cellText(row, 'persons'), num(row, 'persons')),
                cell(cellText(row, 'new_persons'), num(row, 'new_persons')),
                cell(cellText(row, 'contacts'), num(row, 'contacts')),
                cell(cellText(row, 'support_meetings'), num(row, 'support_meetings')),
                change('persons_yoy'),
                change('contacts_yoy'),
              ],
            ],
          }}
        />
      ) : from && to ? (
        <p class="chart-empty">{`${monthsLabel(from, to)}のデータはありません。`}</p>
      ) : null}
      {row && str(row, 'month') === null && row.partial === true ? (
        <p class="note">期間のすべての月の報告がそろっていないため、前年同期比は表示しません。</p>
      ) : null}
    </section>
  );
}
