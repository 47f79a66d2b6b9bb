import type { Municipality } from '../../src/datasets/municipalities';
import { todayInJapan } from '../../src/normalise/japan-time';
import { fiscalYearEnded } from '../../src/publication/coverage';
import { CONSULTATION_COUNTS } from '../../src/query/fields';
import type { IndicatorResponse } from '../../src/query/types';
import { ChartFigure } from './chart-figure';
import type { Figure } from './figure';
import {
  cellText,
  formatDateJa,
  fyLabel,
  municipalityName,
  num,
  type Row,
  ratioChange,
  statusLabel,
  str,
} from './format';
import { issuesFigure } from './issues-view';
import { Layout, type LayoutProps } from './layout';
import { MonthWindowSection } from './month-window';
import { OutcomesSection } from './municipality-outcomes';
import {
  BENCHMARK_METRICS,
  comparisonFigure,
  consultationRows,
  flagText,
  implementationHistory,
  PROGRAMMES,
  peersOf,
  populationRow,
  yearsSinceFigure,
} from './municipality-view';
import { referralFigure } from './referral-view';
import { csvHref, sourceLine, suppressionNote } from './sources';
import { cell, DataTable } from './table';
import { visitHistoryFigure } from './visits-view';

export interface MunicipalityData {
  consultations: IndicatorResponse;
  benchmark: IndicatorResponse;
  issues: IndicatorResponse;
  visits: IndicatorResponse;
  implementation: IndicatorResponse;
  /** 相談件数推移 over a month window (asked for, or the partial latest year's months). */
  window?: IndicatorResponse | undefined;
  /** 支援の成果 (municipality-outcomes.tsx). */
  outcomes?: IndicatorResponse | undefined;
}

/** A figure with its 出典 and CSV link, scoped to one town. */
export function TownFigure(props: {
  id: string;
  title: string;
  res: IndicatorResponse;
  figure: Figure;
  code: string;
  level?: 2 | 3;
}) {
  return (
    <ChartFigure
      id={props.id}
      title={props.title}
      level={props.level}
      source={sourceLine(props.res.meta, { rates: props.res.meta.indicator === 'benchmark' })}
      suppressionNote={suppressionNote(props.res.meta)}
      csvHref={csvHref(props.res.meta.indicator, { municipality: props.code })}
      {...props.figure}
    />
  );
}

/** 実施状況 by FY with the programmes adopted. */
export function ImplementationTable(props: { rows: Row[]; name: string }) {
  return (
    <DataTable
      table={{
        caption: `${props.name}の実施状況（年度別）`,
        columns: [{ label: '年度' }, { label: '実施状況' }, ...PROGRAMMES.map((p) => ({ label: p.label }))],
        rows: props.rows.map((r) => [
          cell(fyLabel(num(r, 'fiscal_year') ?? 0)),
          cell(statusLabel(r)),
          ...PROGRAMMES.map((p) => cell(flagText(r[p.field]))),
        ]),
      }}
    />
  );
}

/** 市町村: the four indicators for one town against its peers / 圏域 / 県, and the 先輩 comparison. */
export function MunicipalityPage(
  props: Omit<LayoutProps, 'title' | 'children'> & { town: Municipality; data: MunicipalityData },
) {
  const { town, data } = props;
  const code = town.code;
  const peers = peersOf(data.benchmark.data, code).map(municipalityName);
  const own = consultationRows(data.consultations.data, code);
  // Years whose figures cover part of the year only: hollow in the charts.
  const partialYears = new Set(own.filter((r) => r.partial === true).map((r) => num(r, 'fiscal_year') ?? 0));
  // Which fiscal years are still running, by the date in Japan.
  const today = todayInJapan(new Date());
  const implementation = implementationHistory(data.implementation.data, code);
  const pop = populationRow(data.consultations.data, code) ?? populationRow(data.implementation.data, code);
  const populationText = pop
    ? `人口${cellText(pop, 'population')}人（${formatDateJa(str(pop, 'population_as_of') ?? '基準日不明')}時点）`
    : `人口（参考）${town.populationApprox.toLocaleString('ja-JP')}人`;
  return (
    <Layout {...props} title={town.name} current="municipality">
      <h1>{town.name}の状況</h1>
      <p class="lead">
        {town.region}・{populationText}。
        {peers.length > 0
          ? `人口規模等が近い市町村（人口規模と高齢化率が近い県内の市町村）: ${peers.join('、')}。`
          : ''}
      </p>
      <h2>相談の実績（人口1万人あたり、人口規模等が近い市町村・圏域・県との比較）</h2>
      <div class="grid-2">
        {BENCHMARK_METRICS.slice(0, 3).map((m) => (
          <TownFigure
            id={`benchmark-${m.metric}`}
            title={`${m.label}（人口1万人あたり）`}
            level={3}
            res={data.benchmark}
            code={code}
            figure={comparisonFigure(data.benchmark.data, code, m.metric, m.label, partialYears)}
          />
        ))}
        <TownFigure
          id="years-since"
          title="実施からの年数でそろえた比較（先輩事例）"
          level={3}
          res={data.benchmark}
          code={code}
          figure={yearsSinceFigure(data.benchmark.data, code, { peers: peersOf(data.benchmark.data, code) })}
        />
      </div>
      <section aria-labelledby="consultations-heading">
        <h2 id="consultations-heading">相談件数の推移</h2>
        <DataTable
          table={{
            caption: `${town.name}の相談実績（年度別）`,
            columns: [
              { label: '年度' },
              { label: '相談実人数', numeric: true },
              { label: '新規', numeric: true },
              { label: '継続', numeric: true },
              { label: '延べ相談件数', numeric: true },
              { label: '支援会議', numeric: true },
              { label: '重層的支援会議', numeric: true },
              { label: '検討ケース数', numeric: true },
              { label: '相談実人数（1万人あたり）', numeric: true },
              { label: '前年度比（実人数）', numeric: true },
              { label: '前年度比（延べ件数）', numeric: true },
            ],
            rows: own.map((r) => {
              const fy = num(r, 'fiscal_year') ?? 0;
              const months = num(r, 'months_reported');
              const running = !fiscalYearEnded(fy, today);
              // A partial year's 前年度比 would compare a part with a whole: not shown.
              const partial = running || (months !== null && months < 12);
              const mark = running ? '（速報・年度途中）' : partial ? `（${months}か月分）` : '';
              const change = (field: string) =>
                partial ? cell('—（一部の期間）', null) : cell(ratioChange(num(r, field)), num(r, field));
              return [
                cell(`${fyLabel(fy)}${mark}`),
                ...CONSULTATION_COUNTS.map((f) => cell(cellText(r, f), num(r, f))),
                cell(cellText(r, 'persons_per_10k', 1), num(r, 'persons_per_10k')),
                change('persons_yoy'),
                change('contacts_yoy'),
              ];
            }),
          }}
        />
        <p class="chart-source">{sourceLine(data.consultations.meta, { rates: true })}</p>
      </section>
      <MonthWindowSection code={code} name={town.name} window={data.window} />
      <OutcomesSection res={data.outcomes} code={code} name={town.name} />
      <div class="grid-2">
        <TownFigure
          id="issues"
          title="相談者の課題"
          res={data.issues}
          code={code}
          figure={issuesFigure(data.issues.data, 'municipality', code, undefined, partialYears)}
        />
        <TownFigure
          id="referral"
          title="相談経路（区分別）"
          res={data.issues}
          code={code}
          figure={referralFigure(data.issues.data, 'municipality', code)}
        />
        <TownFigure
          id="visits"
          title="世帯訪問調査の進捗"
          res={data.visits}
          code={code}
          figure={visitHistoryFigure(data.visits.data, code)}
        />
      </div>
      <section aria-labelledby="implementation-heading">
        <h2 id="implementation-heading">実施状況</h2>
        <ImplementationTable rows={implementation} name={town.name} />
        <p class="chart-source">{sourceLine(data.implementation.meta)}</p>
      </section>
    </Layout>
  );
}
