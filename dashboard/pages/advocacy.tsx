import type { TeamContact } from '../../src/config';
import type { Municipality } from '../../src/datasets/municipalities';
import { selfReference, TERMS } from '../../src/glossary';
import type { IndicatorResponse } from '../../src/query/types';
import type { VisitLogEntry } from '../services/visit-log';
import { type VisitFormState, VisitLogSection } from './advocacy-log';
import {
  fullWidthBrackets,
  keyMessages,
  lastVisit,
  neighbours,
  programmeStates,
  SUBSIDY_TEXT,
  standing,
} from './advocacy-view';
import { ChartFigure } from './chart-figure';
import { cellText, formatDateJa, fyLabel, num, statusLabel, str } from './format';
import { Layout, type LayoutProps } from './layout';
import { implementationHistory, peersOf, populationRow, yearsSinceFigure } from './municipality-view';
import { csvHref, suppressionNote } from './sources';

export type { VisitFormState } from './advocacy-log';

export interface AdvocacyData {
  /** 実施状況 of every town (the pack compares the town with its 圏域, the prefecture and the country). */
  implementation: IndicatorResponse;
  benchmark: IndicatorResponse;
  consultations: IndicatorResponse;
  visitLog: VisitLogEntry[];
}

/** The 推進チーム's contact as printed: the office, then phone and e-mail when configured. */
function Contact(props: { contact: TeamContact }) {
  const { name, phone, email } = props.contact;
  return (
    <p class="pack-contact">
      <strong>お問い合わせ</strong> {name}
      {phone ? `／電話 ${phone}` : ''}
      {email ? `／メール ${email}` : ''}
    </p>
  );
}

/**
 * 訪問準備: the 推進チーム's handout for a town, designed for one A4 portrait
 * page (dashboard/static/print.css) — three key messages, where the town
 * stands and which programmes are missing, its 圏域 and the national line,
 * 先輩事例, the support on offer and who to call. The visit log below it is
 * the team's own and never prints.
 */
export function AdvocacyPage(
  props: Omit<LayoutProps, 'title' | 'children'> & {
    town: Municipality;
    data: AdvocacyData;
    contact: TeamContact;
    form?: VisitFormState;
    saved?: string;
    today: string;
  },
) {
  const { town, data } = props;
  const code = town.code;
  const self = selfReference(town.name);
  const impl = data.implementation.data;
  const history = implementationHistory(impl, code);
  const s = standing(impl, town);
  const programmes = programmeStates(impl, code);
  const gaps = programmes.filter((p) => !p.done).map((p) => p.label);
  const near = neighbours(impl, town);
  const peers = peersOf(data.benchmark.data, code);
  const pop =
    populationRow(data.consultations.data, code) ??
    populationRow(impl, code) ??
    populationRow(data.benchmark.data, code);
  const seniors = yearsSinceFigure(data.benchmark.data, code, { peers });
  const messages = keyMessages({ implementation: impl, benchmark: data.benchmark.data }, town);
  const visit = lastVisit(impl, code, data.visitLog);
  const note = suppressionNote(data.benchmark.meta) ?? suppressionNote(data.implementation.meta);
  const popSource = pop ? fullWidthBrackets(str(pop, 'population_source') ?? '出典不明') : undefined;
  return (
    <Layout {...props} title={`訪問準備 ${town.name}`} current="advocacy">
      <div class="no-print pack-tools">
        <p>
          前回の推進チーム訪問: <strong>{visit ? formatDateJa(visit) : '記録なし'}</strong>
          （訪問記録と実施状況データのうち最新）
        </p>
        <p>
          <button type="button" class="primary" data-print>
            A4で印刷（1枚）
          </button>{' '}
          印刷されるのは下の資料だけです。訪問記録は印刷されません。
        </p>
        {props.contact.phone || props.contact.email ? null : (
          <p class="note">
            資料の連絡先は部署名だけです。電話・メールは TEAM_CONTACT_PHONE・TEAM_CONTACT_EMAIL
            で設定できます。
          </p>
        )}
      </div>

      <article class="pack" aria-labelledby="pack-title">
        <header class="pack-head">
          <h1 id="pack-title">
            {TERMS.programme.term}のご案内　<span class="pack-town">{town.name}</span>
          </h1>
          <p class="pack-meta">
            {TERMS.promotionTeam.term}／作成日 {formatDateJa(props.today)}／データ時点{' '}
            {data.benchmark.meta.as_of ? formatDateJa(data.benchmark.meta.as_of) : '—'}
          </p>
        </header>

        <section class="pack-messages" aria-labelledby="messages-heading">
          <h2 id="messages-heading">3つのポイント</h2>
          <ol>
            {messages.map((m) => (
              <li>{m}</li>
            ))}
          </ol>
        </section>

        <div class="pack-grid">
          <section aria-labelledby="status-heading">
            <h2 id="status-heading">{self}の状況</h2>
            <p>
              {town.region}・人口{' '}
              {pop
                ? `${cellText(pop, 'population')}人（${formatDateJa(str(pop, 'population_as_of') ?? '基準日不明')}時点）`
                : `約${town.populationApprox.toLocaleString('ja-JP')}人（参考値）`}
            </p>
            {popSource ? <p class="pack-small">人口の出典: {popSource}</p> : null}
            <p>
              実施状況の推移:{' '}
              {history.length > 0
                ? history.map((r) => `${fyLabel(num(r, 'fiscal_year') ?? 0)} ${statusLabel(r)}`).join(' → ')
                : 'データなし'}
            </p>
            <table class="pack-table">
              <caption>
                {s ? `${fyLabel(s.fy)}の事業ごとの状況` : '事業ごとの状況'}
                {gaps.length > 0 ? `（まだの事業・会議 ${gaps.length}）` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">事業・会議</th>
                  <th scope="col">状況</th>
                </tr>
              </thead>
              <tbody>
                {programmes.map((p) => (
                  <tr class={p.done ? undefined : 'gap'}>
                    <th scope="row">{p.label}</th>
                    <td>{p.done ? '○ 実施' : `× ${p.state}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="near-heading">
            <h2 id="near-heading">近隣の市町村と全国</h2>
            <table class="pack-table">
              <caption>{s ? `${town.region}の市町村（${fyLabel(s.fy)}）` : `${town.region}の市町村`}</caption>
              <thead>
                <tr>
                  <th scope="col">市町村</th>
                  <th scope="col">実施状況（開始年度）</th>
                </tr>
              </thead>
              <tbody>
                {near.map((n) => (
                  <tr>
                    <th scope="row">{n.name}</th>
                    <td>
                      {n.status}
                      {n.firstFy !== null ? `（${fyLabel(n.firstFy)}）` : ''}
                    </td>
                  </tr>
                ))}
                {s ? (
                  <>
                    <tr class="total">
                      <th scope="row">県内</th>
                      <td>{`${s.total ?? 19}市町村中 ${s.implementing ?? '—'}市町村が実施`}</td>
                    </tr>
                    <tr class="total">
                      <th scope="row">全国</th>
                      <td>
                        {s.nationalImplementing !== null && s.nationalTotal !== null
                          ? `${s.nationalTotal.toLocaleString('ja-JP')}市町村中 ${s.nationalImplementing.toLocaleString('ja-JP')}（${Math.round((s.nationalShare ?? 0) * 1000) / 10}%${s.nationalPlanned ? '・予定を含む' : ''}）`
                          : '—'}
                      </td>
                    </tr>
                  </>
                ) : null}
              </tbody>
            </table>
          </section>
        </div>

        <section class="pack-seniors" aria-labelledby="seniors-heading">
          <h2 id="seniors-heading">{TERMS.seniorExamples.term}：先に始めた市町村が受け止めた相談</h2>
          <p class="pack-small">
            {TERMS.peers.term}
            {peers.length > 0 ? '（人口規模と高齢化率が近い市町村）' : ''}
            など、先に始めた市町村の実施からの年数ごとの相談実人数です。まねる手本ではなく、地域の実情に応じた取組の参考としてご覧ください。
          </p>
          <div class="pack-chart" data-print-sharp>
            <ChartFigure
              id="seniors"
              title="実施からの年数別 相談実人数（人口1万人あたり）"
              level={3}
              source={`出典: 市町村・県の提出データ（相談ケース・人口）／データ時点: ${data.benchmark.meta.as_of ? formatDateJa(data.benchmark.meta.as_of) : 'データなし'}／人口1万人あたりの率は各年度4月1日時点の人口で算出`}
              suppressionNote={note}
              csvHref={csvHref('benchmark', { municipality: code })}
              {...seniors}
              // The pack's chart is short (3:1): an axis title that fits it, the long form is in the heading.
              spec={{ ...seniors.spec, yTitle: '人（1万人あたり）' }}
            />
          </div>
        </section>

        <section class="pack-support" aria-labelledby="subsidy-heading">
          <h2 id="subsidy-heading">財政支援と県のサポート</h2>
          <p>
            {SUBSIDY_TEXT}があります。{TERMS.promotionTeam.term}
            が、ノウハウの助言、具体的課題の解決方策の検討、人材育成研修などを通じて、体制づくりを実践的にサポートします。
          </p>
          <Contact contact={props.contact} />
        </section>
      </article>

      <VisitLogSection
        code={code}
        townName={town.name}
        log={data.visitLog}
        csrfToken={props.csrfToken}
        form={props.form}
        saved={props.saved}
      />
    </Layout>
  );
}
