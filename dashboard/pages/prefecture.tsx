import type { Summary } from '../../src/publication/coverage';
import type { IndicatorFilters, IndicatorId, IndicatorResponse } from '../../src/query/types';
import { Cards } from './cards';
import { ChartFigure } from './chart-figure';
import { fyLabel } from './format';
import { issuesFigure } from './issues-view';
import { Layout, type LayoutProps } from './layout';
import { headlineCards, implementationFigure, regionTrendFigure } from './prefecture-view';
import { csvHref, sourceLine, suppressionNote } from './sources';
import { visitsFigure } from './visits-view';

/**
 * What the page asks for on its first load, each indicator at the level it
 * shows: areas, not towns (nationally 課題と特性 holds a million town rows,
 * 相談件数推移 209k month rows). bench/query.ts times the same requests.
 */
export const PREFECTURE_PAGE_REQUESTS = {
  implementation: ['implementation', {}],
  consultations: ['consultations', { level: 'prefecture' }],
  regions: ['consultations', { level: 'region' }],
  issues: ['issues', { level: 'prefecture' }],
  visits: ['visits', {}],
} as const satisfies Record<
  Exclude<keyof PrefectureData, 'summary'>,
  readonly [IndicatorId, IndicatorFilters]
>;

export interface PrefectureData {
  implementation: IndicatorResponse;
  /** 相談件数推移 of the prefecture (the cards). */
  consultations: IndicatorResponse;
  /** 相談件数推移 of each region (the trend figure). */
  regions: IndicatorResponse;
  issues: IndicatorResponse;
  visits: IndicatorResponse;
  /** The headline year and its coverage (GET /api/summary). */
  summary: Summary;
}

/** 県全体: implementation, consultations by region, 課題, visit progress, with headline cards. */
export function PrefecturePage(props: Omit<LayoutProps, 'title' | 'children'> & { data: PrefectureData }) {
  const { implementation, consultations, regions, issues, visits, summary } = props.data;
  const headline = summary.fiscal_year ?? undefined;
  const figure = (
    id: string,
    title: string,
    res: IndicatorResponse,
    f: ReturnType<typeof implementationFigure>,
  ) => (
    <ChartFigure
      id={id}
      title={title}
      source={sourceLine(res.meta, { rates: id === 'region-trend' })}
      suppressionNote={suppressionNote(res.meta)}
      csvHref={csvHref(res.meta.indicator)}
      {...f}
    />
  );
  return (
    <Layout {...props} title="県全体" current="prefecture">
      <h1>県全体の状況</h1>
      <p class="lead">
        重層的支援体制整備事業の実施状況と、相談・支援会議・世帯訪問調査の実績（県内19市町村）。
      </p>
      <section aria-labelledby="headline-heading">
        <h2 id="headline-heading">主な指標</h2>
        <Cards label="主な指標" cards={headlineCards(implementation.data, consultations.data, summary)} />
        <p class="note">
          {headline === undefined
            ? '年度を終えた報告がまだありません。'
            : `${fyLabel(headline)}（19市町村中${summary.coverage.reporting}市町村の報告、${
                summary.coverage.complete === summary.coverage.reporting
                  ? '全12か月'
                  : `うち${summary.coverage.complete}市町村が12か月分`
              }）の値です。主な指標は、年度を終え、前年度と同じ数以上の市町村が12か月分を報告した最新の年度で示します。前年度比の「同一市町村ベース」は、両年度とも12か月分を報告した市町村だけで比べた値です。`}
          {summary.provisional_years.length > 0
            ? `${summary.provisional_years.map((fy) => fyLabel(fy)).join('・')}は速報（年度途中、または報告がそろっていない年度）のため、主な指標には含めていません。`
            : ''}
        </p>
      </section>
      <div class="grid-2">
        {figure(
          'implementation',
          '実施市町村数の推移',
          implementation,
          implementationFigure(implementation.data),
        )}
        {figure(
          'region-trend',
          '圏域別の相談実人数（人口1万人あたり）',
          regions,
          regionTrendFigure(regions.data),
        )}
        {figure(
          'issues',
          '相談者の課題（県全体）',
          issues,
          issuesFigure(issues.data, 'prefecture', undefined, headline),
        )}
        {figure('visits', '世帯訪問調査の進捗', visits, visitsFigure(visits.data))}
      </div>
    </Layout>
  );
}
