import { DATASETS, type DatasetName } from '../../src/datasets';
import {
  type MonthCell,
  type ScheduleCell,
  SENDERS,
  type TownSchedule,
} from '../../src/submissions/schedule';
import { formatDateTimeJst, fyLabel, municipalityName, statusLabel } from './format';
import { Layout, type LayoutProps } from './layout';
import type { LastUpload } from './submissions-view';

/** One row of the page: a town's schedule and its last upload per dataset. */
export interface SubmissionRow {
  schedule: TownSchedule;
  last: Record<DatasetName, LastUpload | null>;
}

/** 県が提出するデータ: how many towns each of the prefecture's datasets covers that year. */
export interface PrefectureDue {
  dataset: DatasetName;
  submitted: number;
  expected: number;
  /** Days since the earliest missed deadline, when a town's row is missing and due. */
  overdueDays: number | null;
  last: LastUpload | null;
}

export interface SubmissionsProps extends Omit<LayoutProps, 'title' | 'children'> {
  fiscalYear: number;
  fiscalYears: number[];
  rows: SubmissionRow[];
  /**
   * The datasets shown as columns: towns' own, plus the prefecture's for 県
   * and 推進チーム (municipal staff are never asked for what they cannot upload).
   */
  datasets: DatasetName[];
  /** Null for municipal staff, who cannot upload the prefecture's datasets. */
  prefecture: PrefectureDue[] | null;
  today: string;
  dueDay: number;
}

const TITLES = Object.fromEntries(DATASETS.map((d) => [d.name, d.title])) as Record<DatasetName, string>;

const MONTH_STATE_TEXT: Record<MonthCell['state'], string> = {
  submitted: '提出済',
  overdue: '期限超過',
  pending: '期限前',
  not_expected: '対象外',
};

/** 2026-05-10 → 5月10日 */
const dayLabel = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 提出済 / 未提出（期限超過 n日）/ 未提出（期限 5月10日）/ 対象外, as a pill. */
export function stateText(cell: ScheduleCell): string {
  if (cell.state === 'submitted') return '提出済';
  if (cell.state === 'not_expected') return '対象外';
  if (cell.overdueDays !== null) return `未提出（期限超過 ${cell.overdueDays}日）`;
  return cell.nextDue ? `未提出（期限 ${dayLabel(cell.nextDue)}）` : '未提出';
}

function MonthStrip(props: { months: MonthCell[] }) {
  return (
    <ol class="month-strip" aria-label="月別の提出状況（4月から3月）">
      {props.months.map((m) => {
        const label = `${Number(m.month.slice(5, 7))}月: ${MONTH_STATE_TEXT[m.state]}`;
        return (
          <li class={`ms ms-${m.state}`} title={label}>
            <span class="visually-hidden">{label}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** The outcome, linking to the report for a viewer who may read it. */
function LastOutcome(props: { last: LastUpload }) {
  const { last } = props;
  const accepted = last.status === 'accepted';
  const label = accepted
    ? '受理'
    : last.errors !== undefined
      ? `取込エラー（エラー${last.errors}件）`
      : '取込エラー';
  const outcome = <span class={accepted ? 'status-accepted' : 'status-rejected'}>{label}</span>;
  return (
    <small class="last-upload">
      最終 {formatDateTimeJst(last.at)}{' '}
      {last.uploadId === undefined ? (
        outcome
      ) : (
        <a href={`/uploads/${encodeURIComponent(last.uploadId)}`}>{outcome}</a>
      )}
    </small>
  );
}

function StateCell(props: { cell: ScheduleCell; last: LastUpload | null }) {
  const { cell } = props;
  // The prefecture's datasets are the prefecture's to send: never drawn as the town being late.
  const byPrefecture = cell.sender === 'prefecture';
  const late = !byPrefecture && cell.state === 'missing' && cell.overdueDays !== null;
  const classes = ['submission', `submission-${cell.state}`, late ? 'submission-late' : '']
    .concat(byPrefecture ? ['submission-prefecture'] : [])
    .filter(Boolean)
    .join(' ');
  return (
    <td class={classes} data-state={cell.state}>
      <span class="submission-state">{stateText(cell)}</span>
      <MonthStrip months={cell.months} />
      {props.last ? <LastOutcome last={props.last} /> : null}
    </td>
  );
}

function Legend() {
  return (
    <ul class="strip-legend" aria-label="月別の表示の凡例">
      {(Object.keys(MONTH_STATE_TEXT) as MonthCell['state'][]).map((s) => (
        <li>
          <span class={`ms ms-${s}`} aria-hidden="true" /> {MONTH_STATE_TEXT[s]}
        </li>
      ))}
    </ul>
  );
}

/** データ提出状況: for a fiscal year, what each town must send, what it has, and what is late. */
export function SubmissionsPage(props: SubmissionsProps) {
  const { rows, datasets, fiscalYear } = props;
  const ownDatasets = datasets.filter((d) => d === 'cases' || d === 'activities' || d === 'visits');
  // One line per town: what it has not sent although due.
  const late = rows
    .map((r) => ({
      code: r.schedule.code,
      items: ownDatasets
        .map((d) => ({ dataset: d, cell: r.schedule.cells[d] }))
        .filter((x) => x.cell.state === 'missing' && x.cell.overdueDays !== null),
    }))
    .filter((t) => t.items.length > 0);
  const carried = rows.some((r) => r.schedule.statusCarried);
  const staff = props.prefecture === null;
  return (
    <Layout {...props} title="データ提出状況" current="submissions">
      <h1>データ提出状況</h1>
      <p class="lead">
        {fyLabel(fiscalYear)}
        に提出が必要なデータと、その提出状況です（{props.today}
        現在）。相談ケースと月次活動実績は、その年度に「実施」の市町村が毎月、翌月{props.dueDay}
        日までに提出します（相談ケースは年度の一覧を更新して提出）。世帯訪問調査は調査を行う市町村が半年ごと（9月末・3月末時点）に、翌月
        {props.dueDay}日までに提出します。実施状況と人口は県が年度ごとに登録します（5月{props.dueDay}
        日まで）。
      </p>
      <form method="get" action="/submissions" class="year-form">
        <label for="fiscal_year">年度</label>
        <select id="fiscal_year" name="fiscal_year">
          {props.fiscalYears.map((y) => (
            <option value={String(y)} selected={y === fiscalYear}>
              {fyLabel(y)}
            </option>
          ))}
        </select>
        <button type="submit">表示</button>
      </form>
      {carried ? (
        <p class="note">
          {fyLabel(fiscalYear)}
          の実施状況が登録されていない市町村は、直近の年度の実施状況で提出の対象かどうかを判断しています。
        </p>
      ) : null}

      <section aria-labelledby="late-heading">
        <h2 id="late-heading">期限を過ぎている提出</h2>
        {late.length === 0 ? (
          <p>期限を過ぎている市町村の提出はありません。</p>
        ) : (
          <ul class="late-list">
            {late.map((t) => (
              <li>
                <a href={`#town-${t.code}`}>{municipalityName(t.code)}</a>:{' '}
                {t.items.map((x) => `${TITLES[x.dataset]}（期限超過 ${x.cell.overdueDays}日）`).join('、')}
              </li>
            ))}
          </ul>
        )}
      </section>

      {props.prefecture ? (
        <section aria-labelledby="prefecture-heading">
          <h2 id="prefecture-heading">県が登録するデータ</h2>
          <div class="table-scroll">
            <table>
              <caption>県が登録するデータ（{fyLabel(fiscalYear)}）</caption>
              <thead>
                <tr>
                  <th scope="col">データ</th>
                  <th scope="col">登録済みの市町村</th>
                  <th scope="col">状況</th>
                  <th scope="col">最後のアップロード</th>
                </tr>
              </thead>
              <tbody>
                {props.prefecture.map((p) => (
                  <tr>
                    <th scope="row">{TITLES[p.dataset]}</th>
                    <td class="num">
                      {p.submitted} / {p.expected}
                    </td>
                    <td>
                      {p.submitted === p.expected
                        ? '登録済'
                        : p.overdueDays !== null
                          ? `未登録あり（期限超過 ${p.overdueDays}日）`
                          : '未登録あり（期限前）'}
                    </td>
                    <td>{p.last ? <LastOutcome last={p.last} /> : 'なし'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="matrix-heading">
        <h2 id="matrix-heading">市町村 × データ</h2>
        {staff ? (
          <p class="note">
            実施状況と人口は県が登録するため、ここには表示しません（市町村からの提出は不要です）。
          </p>
        ) : null}
        <Legend />
        <div class="chart-actions">
          <a href={`/submissions?fiscal_year=${fiscalYear}&format=csv`} download>
            CSVダウンロード
          </a>
        </div>
        <div class="table-scroll">
          <table class="submissions-table">
            <caption>データ提出状況（{fyLabel(fiscalYear)}、市町村 × データ）</caption>
            <thead>
              <tr>
                <th scope="col">市町村</th>
                {datasets.map((d) => (
                  <th scope="col">
                    {TITLES[d]}
                    {SENDERS[d] === 'prefecture' ? <small>（県が登録）</small> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr id={`town-${row.schedule.code}`}>
                  <th scope="row">
                    {municipalityName(row.schedule.code)}
                    <br />
                    <small>
                      {row.schedule.status ? statusLabel({ status: row.schedule.status }) : '実施状況未登録'}
                      {row.schedule.statusCarried ? '（前年度まで）' : ''}
                    </small>
                  </th>
                  {datasets.map((d) => (
                    <StateCell cell={row.schedule.cells[d]} last={row.last[d]} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Layout>
  );
}
