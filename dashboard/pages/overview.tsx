import { PROGRAMMES } from '../../src/datasets/implementation';
import { fieldLabel } from '../../src/query/fields';
import { monthLabel, type Overview, type OverviewTown, STATUS_ORDER, statusName } from '../services/overview';
import { formatDateTimeJst, fyLabel } from './format';
import { Layout, type LayoutProps } from './layout';
import { sourceLine } from './sources';
import { DataTable } from './table';
import { TILE_POSITIONS } from './tile-map';

const townHref = (code: string) => `/municipalities/${code}`;

/** The CSV of one of the page's tables, for the year shown. */
const csvHref = (table: 'tiles' | 'matrix', fy: number | null) =>
  `/api/overview?${new URLSearchParams({ format: 'csv', table, ...(fy !== null ? { fiscal_year: String(fy) } : {}) })}`;

const statusClass = (status: string | null) => `status-${status ?? 'unknown'}`;
const statusText = (status: string | null) => statusName(status) ?? '未登録';
const statusRank = (status: string | null) => {
  const i = STATUS_ORDER.indexOf(status as (typeof STATUS_ORDER)[number]);
  return i < 0 ? null : i;
};

/** 2026-03-01 → 2026/3: short enough for a tile at 390 px. */
const shortMonth = (month: string) => `${Number(month.slice(0, 4))}/${Number(month.slice(5, 7))}`;

function uploadText(t: OverviewTown): string {
  if (t.latestUploadAt === undefined) return '—（自市町村のみ表示）';
  return t.latestUploadAt === null ? 'なし' : formatDateTimeJst(t.latestUploadAt);
}

function Legend(props: { towns: OverviewTown[] }) {
  const codes: (string | null)[] = [...STATUS_ORDER];
  if (props.towns.some((t) => t.status === null)) codes.push(null);
  return (
    <ul class="status-legend" aria-label="凡例（実施状況と市町村数）">
      {codes.map((code) => (
        <li>
          <span class={`swatch ${statusClass(code)}`} aria-hidden="true" />
          {statusText(code)} {props.towns.filter((t) => t.status === code).length}
        </li>
      ))}
    </ul>
  );
}

function TileMap(props: { towns: OverviewTown[]; fy: number | null }) {
  return (
    <ol
      class="tile-map"
      aria-label={`実施状況マップ（${props.fy !== null ? fyLabel(props.fy) : '年度なし'}、西から東へ）`}
    >
      {props.towns.map((t) => {
        const p = TILE_POSITIONS[t.code];
        return (
          <li class={`tile ${statusClass(t.status)} tile-col-${p?.column ?? 0} tile-row-${p?.row ?? 0}`}>
            <a href={townHref(t.code)} data-code={t.code}>
              <span class="tile-name">{t.name}</span>
              <span class="tile-status">{statusText(t.status)}</span>
              <span class="tile-month">
                <span class="visually-hidden">最新の月次データ</span>
                {t.latestDataMonth ? shortMonth(t.latestDataMonth) : '—'}
              </span>
            </a>
          </li>
        );
      })}
    </ol>
  );
}

const programmeCell = (v: boolean | null) =>
  v === null
    ? { mark: '—', text: '不明', value: '' }
    : v
      ? { mark: '○', text: 'あり', value: '1' }
      : { mark: '×', text: 'なし', value: '0' };

function Matrix(props: { overview: Overview }) {
  const { overview } = props;
  const fy = overview.fiscalYear;
  return (
    <div class="table-scroll">
      <table class="programme-matrix" data-sortable="true">
        <caption>
          事業の実施状況（{fy !== null ? fyLabel(fy) : '年度なし'}、{overview.towns.length}市町村）
        </caption>
        <thead>
          <tr>
            {['市町村', '圏域', '実施状況', ...PROGRAMMES.map(fieldLabel), '実施開始年度'].map((label) => (
              <th scope="col">
                <button type="button" class="sort-button">
                  {label}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {overview.towns.map((t) => (
            <tr>
              <th scope="row" data-value={t.code}>
                <a href={townHref(t.code)}>{t.name}</a>
              </th>
              <td>
                <a href={townHref(t.code)}>{t.region}</a>
              </td>
              <td data-value={statusRank(t.status) ?? ''} class={`matrix-status ${statusClass(t.status)}`}>
                <a href={townHref(t.code)}>{statusText(t.status)}</a>
              </td>
              {PROGRAMMES.map((p) => {
                const c = programmeCell(t.programmes[p]);
                return (
                  <td data-value={c.value} class="matrix-flag">
                    <a href={townHref(t.code)}>
                      <span aria-hidden="true">{c.mark}</span>
                      <span class="visually-hidden">{c.text}</span>
                    </a>
                  </td>
                );
              })}
              <td data-value={t.firstImplementedFy ?? ''}>
                <a href={townHref(t.code)}>
                  {t.firstImplementedFy !== null ? fyLabel(t.firstImplementedFy) : '—'}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 県の全体像: the 19 towns on a tile map by 実施状況, and the programme matrix beside it. */
export function OverviewPage(props: Omit<LayoutProps, 'title' | 'children'> & { overview: Overview }) {
  const { overview } = props;
  const fy = overview.fiscalYear;
  const source = sourceLine(overview.meta);
  return (
    <Layout {...props} title="県の全体像" current="overview">
      <h1>県の全体像</h1>
      <p class="lead">
        県内19市町村の重層的支援体制整備事業の実施状況と、各事業・支援会議・地域協議会の実施状況です。市町村名やセルを選ぶと、その市町村のページを開きます。
      </p>
      <form method="get" action="/overview" class="year-form">
        <label for="fiscal_year">年度</label>
        <select id="fiscal_year" name="fiscal_year">
          {overview.fiscalYears.map((y) => (
            <option value={String(y)} selected={y === fy}>
              {fyLabel(y)}
            </option>
          ))}
        </select>
        <button type="submit">表示</button>
      </form>
      <div class="grid-2 overview-grid">
        <section class="chart-figure" aria-labelledby="heading-tiles">
          <h2 id="heading-tiles">実施状況マップ{fy !== null ? `（${fyLabel(fy)}）` : ''}</h2>
          <Legend towns={overview.towns} />
          <TileMap towns={overview.towns} fy={fy} />
          <p class="chart-source">
            地図は市町村の位置関係を模式的に示したもの（左が西、右が東、上が日本海側）。各タイルの下段は最新の月次データの月です。
          </p>
          <p class="chart-source">{source}</p>
          <div class="chart-actions">
            <details class="data-table">
              <summary>データ表を表示</summary>
              <DataTable
                table={{
                  caption: `実施状況とデータの新しさ（${fy !== null ? fyLabel(fy) : '年度なし'}）`,
                  columns: [
                    { label: '市町村' },
                    { label: '圏域' },
                    { label: '実施状況' },
                    { label: '最新の月次データ' },
                    { label: '最終取込日時' },
                  ],
                  rows: overview.towns.map((t) => [
                    { text: t.name },
                    { text: t.region },
                    { text: statusText(t.status) },
                    { text: monthLabel(t.latestDataMonth) },
                    { text: uploadText(t) },
                  ]),
                }}
              />
            </details>
            <a href={csvHref('tiles', fy)} download>
              CSVダウンロード
            </a>
          </div>
        </section>
        <section class="chart-figure" aria-labelledby="heading-matrix">
          <h2 id="heading-matrix">事業の実施状況（19市町村）</h2>
          <p class="chart-source">
            ○＝実施・設置、×＝未実施・未設置、—＝不明（実施状況データが空欄）。列名を選ぶと並べ替えます。実施計画の策定状況と直営・委託の別は、実施状況データに項目がないため表示していません。
          </p>
          <Matrix overview={overview} />
          <p class="chart-source">{source}</p>
          <div class="chart-actions">
            <a href={csvHref('matrix', fy)} download>
              CSVダウンロード
            </a>
          </div>
        </section>
      </div>
    </Layout>
  );
}
