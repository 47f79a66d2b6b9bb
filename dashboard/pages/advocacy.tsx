import type { Municipality } from '../../src/datasets/municipalities';
import type { IndicatorResponse } from '../../src/query/types';
import type { VisitLogEntry } from '../services/visit-log';
import { cellText, fyLabel, num, statusLabel, str } from './format';
import { Layout, type LayoutProps } from './layout';
import { ImplementationTable, TownFigure } from './municipality';
import { implementationHistory, peersOf, populationRow, yearsSinceFigure } from './municipality-view';
import { sourceLine, suppressionNote } from './sources';
import { cell, DataTable } from './table';

export interface AdvocacyData {
  implementation: IndicatorResponse;
  benchmark: IndicatorResponse;
  consultations: IndicatorResponse;
  visitLog: VisitLogEntry[];
}

export interface VisitFormState {
  errors: Record<string, string>;
  values: Record<string, string>;
}

function Field(props: { id: string; label: string; error?: string; children: unknown }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.error ? (
        <p class="status-rejected" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * 訪問準備: the 推進チーム's pack for a town that has not started — profile,
 * where it stands, what similar towns reached after starting, the subsidy,
 * and the visit log. Prints as an A4 pack (see @media print in app.css).
 */
export function AdvocacyPage(
  props: Omit<LayoutProps, 'title' | 'children'> & {
    town: Municipality;
    data: AdvocacyData;
    form?: VisitFormState;
    saved?: boolean;
    today: string;
  },
) {
  const { town, data, form } = props;
  const code = town.code;
  const history = implementationHistory(data.implementation.data, code);
  const latest = history.at(-1);
  const peers = peersOf(data.benchmark.data, code);
  const pop =
    populationRow(data.consultations.data, code) ??
    populationRow(data.implementation.data, code) ??
    populationRow(data.benchmark.data, code);
  const yearsSince = yearsSinceFigure(data.benchmark.data, code, { peers });
  const errors = form?.errors ?? {};
  const values = form?.values ?? {};
  const described = (f: string) => (errors[f] ? `${f}-error` : undefined);
  const note = suppressionNote(data.benchmark.meta) ?? suppressionNote(data.consultations.meta);
  return (
    <Layout {...props} title={`訪問準備 ${town.name}`} current="advocacy">
      <h1>訪問準備資料：{town.name}</h1>
      <div class="note">
        <p>
          作成日: {props.today}／データ時点: {data.benchmark.meta.as_of ?? '—'}（データ版{' '}
          {data.benchmark.meta.data_version}） ／対象: {town.name}（{town.region}）
          {peers.length > 0 ? `・比較対象: 類似団体 ${peers.length}団体` : '・比較対象: 実施市町村'}
        </p>
        <p>
          {note ??
            `人数が${data.benchmark.meta.suppression.k}未満の値は、この資料を市町村に渡すため「秘匿」と表示する場合があります。`}
        </p>
      </div>
      <p class="no-print">
        <button type="button" class="primary" data-print>
          A4で印刷
        </button>
      </p>

      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">1. プロフィール</h2>
        <DataTable
          table={{
            caption: `${town.name}の概要`,
            columns: [{ label: '項目' }, { label: '値' }],
            rows: [
              [cell('圏域'), cell(town.region)],
              [
                cell('人口'),
                cell(
                  pop
                    ? `${cellText(pop, 'population')}人（${str(pop, 'population_source') ?? '出典不明'}、${str(pop, 'population_as_of') ?? '基準日不明'}）`
                    : `${town.populationApprox.toLocaleString('ja-JP')}人（参考値: ${town.populationBasis}）`,
                ),
              ],
              [
                cell('実施状況（最新）'),
                cell(latest ? `${fyLabel(num(latest, 'fiscal_year') ?? 0)}: ${statusLabel(latest)}` : '—'),
              ],
              [
                cell('前回の推進チーム訪問'),
                cell(str(latest ?? {}, 'advocacy_visit_on') ?? data.visitLog[0]?.visited_on ?? '記録なし'),
              ],
            ],
          }}
        />
      </section>

      <section aria-labelledby="status-heading">
        <h2 id="status-heading">2. いまの状況</h2>
        <ImplementationTable rows={history} name={town.name} />
        <p class="chart-source">{sourceLine(data.implementation.meta)}</p>
      </section>

      <section aria-labelledby="seniors-heading">
        <h2 id="seniors-heading">3. 先輩事例：似た市町村が実施後に積み上げたこと</h2>
        <p>
          人口規模と高齢化率が近い市町村が、実施を始めてから何年目にどれだけの相談を受け止めたかを示します。まねるべき模範ではなく、先に歩んだ市町村の経験として紹介します。
        </p>
        <TownFigure
          id="seniors"
          title="実施からの年数別 相談実人数（人口1万人あたり）"
          level={3}
          res={data.benchmark}
          code={code}
          figure={yearsSince}
        />
      </section>

      <section aria-labelledby="subsidy-heading">
        <h2 id="subsidy-heading">4. 財政支援</h2>
        <p class="note">
          重層的支援体制整備事業のうち「アウトリーチ等継続的支援事業」と「多機関協働事業」は、国と県があわせて事業費の3/4を負担します（市町村負担1/4）。移行準備事業から段階的に始めることもできます。
        </p>
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">5. 訪問記録</h2>
        <DataTable
          table={{
            emptyText: 'まだ訪問記録はありません。',
            caption: `${town.name}への訪問記録（新しい順）`,
            columns: [
              { label: '訪問日' },
              { label: '面談した相手' },
              { label: '合意した次のステップ' },
              { label: 'フォローアップ日' },
              { label: '記録者' },
            ],
            rows: data.visitLog.map((e) => [
              cell(e.visited_on),
              cell(e.met_with),
              cell(e.next_steps),
              cell(e.follow_up_on ?? '—'),
              cell(e.recorded_by),
            ]),
          }}
        />
        {props.saved ? (
          <p class="status-accepted" role="status">
            訪問記録を保存しました。
          </p>
        ) : null}
        {props.viewer.role !== 'municipality' ? (
          <form
            class="stack no-print"
            method="post"
            action={`/advocacy/${code}/visits`}
            aria-labelledby="log-form-heading"
          >
            <h3 id="log-form-heading">訪問記録を追加</h3>
            {Object.keys(errors).length > 0 ? (
              <p class="status-rejected" role="alert">
                入力内容を確認してください。
              </p>
            ) : null}
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <Field id="visited_on" label="訪問日（必須）" error={errors.visited_on}>
              <input
                type="date"
                id="visited_on"
                name="visited_on"
                required
                value={values.visited_on ?? ''}
                aria-describedby={described('visited_on')}
              />
            </Field>
            <Field id="met_with" label="面談した相手（必須）" error={errors.met_with}>
              <input
                type="text"
                id="met_with"
                name="met_with"
                required
                maxlength={200}
                value={values.met_with ?? ''}
                aria-describedby={described('met_with')}
              />
            </Field>
            <Field id="next_steps" label="合意した次のステップ（必須）" error={errors.next_steps}>
              <textarea
                id="next_steps"
                name="next_steps"
                required
                rows={3}
                maxlength={1000}
                aria-describedby={described('next_steps')}
              >
                {values.next_steps ?? ''}
              </textarea>
            </Field>
            <Field id="follow_up_on" label="フォローアップ日" error={errors.follow_up_on}>
              <input
                type="date"
                id="follow_up_on"
                name="follow_up_on"
                value={values.follow_up_on ?? ''}
                aria-describedby={described('follow_up_on')}
              />
            </Field>
            <div>
              <button type="submit" class="primary">
                記録する
              </button>
            </div>
          </form>
        ) : (
          <p class="no-print">訪問記録の追加は県と推進チームが行います。</p>
        )}
      </section>
    </Layout>
  );
}
