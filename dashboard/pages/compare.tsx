import type { IndicatorResponse } from '../../src/query/types';
import { ChartFigure } from './chart-figure';
import {
  agingByTown,
  agingScatterFigure,
  compareTable,
  UNSTABLE_MIN_COUNT,
  UNSTABLE_MIN_POPULATION,
} from './compare-view';
import { DISCLOSURE_PATH } from './disclosure';
import { formatNumber, fyLabel } from './format';
import { Layout, type LayoutProps } from './layout';
import { csvHref, sourceLine, suppressionNote } from './sources';
import { DataTable } from './table';

/** 比較: all 19 side by side for one FY, sortable, per capita, with the aging scatter. */
export function ComparePage(
  props: Omit<LayoutProps, 'title' | 'children'> & {
    consultations: IndicatorResponse;
    benchmark: IndicatorResponse;
    fiscalYear: number;
    years: number[];
  },
) {
  const { consultations, fiscalYear } = props;
  const note = suppressionNote(consultations.meta);
  const aging = agingByTown(props.benchmark.data);
  return (
    <Layout {...props} title="市町村比較" current="compare">
      <h1>市町村の比較</h1>
      <form class="inline no-print" method="get" action="/compare">
        <div>
          <label for="fy">年度</label>
          <select id="fy" name="fiscal_year">
            {props.years.map((fy) => (
              <option value={String(fy)} selected={fy === fiscalYear}>
                {fyLabel(fy)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary">
          表示
        </button>
      </form>
      <p class="warning">
        ※印の値は、人口{formatNumber(UNSTABLE_MIN_POPULATION)}人未満または相談実人数{UNSTABLE_MIN_COUNT}
        人未満のため、1件の違いで大きく変わる不安定な値です。比較には複数年度の傾向をあわせてご覧ください。
      </p>
      <section aria-labelledby="compare-table-heading">
        <h2 id="compare-table-heading">市町村別の一覧（{fyLabel(fiscalYear)}）</h2>
        <p>列見出しのボタンで並べ替えができます。</p>
        <DataTable table={compareTable(consultations.data, fiscalYear, aging)} sortable />
        <p class="chart-source">{sourceLine(consultations.meta, { rates: true })}</p>
        {note ? (
          <p class="chart-source">
            {note} <a href={DISCLOSURE_PATH}>秘匿の考え方</a>
          </p>
        ) : null}
        <p>
          <a href={csvHref('consultations', { fiscalYear })} download>
            CSVダウンロード
          </a>
        </p>
      </section>
      {aging.size > 0 ? (
        <ChartFigure
          id="aging-scatter"
          title="65歳以上割合と相談実人数（人口1万人あたり）"
          source={sourceLine(consultations.meta, { rates: true })}
          suppressionNote={note}
          csvHref={csvHref('consultations', { fiscalYear })}
          {...agingScatterFigure(consultations.data, fiscalYear, aging)}
        />
      ) : (
        <section class="chart-figure" aria-labelledby="aging-heading">
          <h2 id="aging-heading">65歳以上割合と相談実人数（人口1万人あたり）</h2>
          <p class="warning">
            65歳以上割合が指標データ（人口規模等が近い市町村との比較）に含まれていないため、散布図を表示できません。
          </p>
        </section>
      )}
    </Layout>
  );
}
