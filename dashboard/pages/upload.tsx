import { DATASETS, type Dataset } from '../../src/datasets';
import { contractRows } from '../../src/datasets/contract-doc';
import { MUNICIPALITIES, PREFECTURE_CODE, PREFECTURE_NAME } from '../../src/datasets/municipalities';
import { diffSummaryJa } from '../../src/ingest/diff-report';
import type { HeaderAnswers } from '../../src/ingest/header-answers';
import type { IngestReport } from '../../src/ingest/report';
import { formatDateTimeJst, municipalityName } from './format';
import { Layout, type LayoutProps } from './layout';
import { cell, DataTable } from './table';
import { HeaderChoices } from './upload-header-choices';

/** Recent uploads with their outcome and what each changed; `reads` says whose reports the viewer may open. */
export function UploadHistory(props: { reports: IngestReport[]; reads: (r: IngestReport) => boolean }) {
  return (
    <DataTable
      table={{
        caption: '最近のアップロード（日時は日本時間）',
        columns: [
          { label: '日時' },
          { label: 'ファイル' },
          { label: '市町村' },
          { label: 'データ' },
          { label: '結果' },
          { label: '行数', numeric: true },
          { label: '前回の提出からの変化' },
        ],
        rows: props.reports.map((r) => {
          const reads = props.reads(r);
          return [
            cell(formatDateTimeJst(r.uploaded_at)),
            cell(r.file),
            cell(municipalityName(r.municipality_code)),
            cell(datasetTitle(r.dataset)),
            cell(r.status === 'accepted' ? '受理' : `取込エラー（エラー${r.errors_total}件）`),
            cell(reads ? r.rows.toLocaleString('ja-JP') : '—', reads ? r.rows : null),
            cell(reads && r.diff ? diffSummaryJa(r.diff) : '—'),
          ];
        }),
      }}
    />
  );
}

const datasetTitle = (name: string | null): string => DATASETS.find((d) => d.name === name)?.title ?? '不明';

/** The newest upload of each dataset: what the next upload of it will be compared with. */
export function PreviousUploads(props: { latest: { dataset: Dataset; report: IngestReport | undefined }[] }) {
  return (
    <DataTable
      table={{
        caption: 'データ別の前回の提出',
        columns: [
          { label: 'データ' },
          { label: '前回の提出（日本時間）' },
          { label: '結果' },
          { label: 'ファイル' },
        ],
        rows: props.latest.map(({ dataset, report }) => [
          cell(dataset.title),
          cell(report ? formatDateTimeJst(report.uploaded_at) : 'まだありません'),
          cell(report ? (report.status === 'accepted' ? '受理' : '取込エラー') : '—'),
          cell(report?.file ?? '—'),
        ]),
      }}
    />
  );
}

/** The history block: rendered with the page and again, alone, after each upload (GET /upload/history). */
export function HistorySection(props: {
  reports: IngestReport[];
  latest: { dataset: Dataset; report: IngestReport | undefined }[];
  reads: (r: IngestReport) => boolean;
}) {
  return (
    <section id="upload-history" aria-labelledby="history-heading" data-history-src="/upload/history">
      <h2 id="history-heading">アップロード履歴</h2>
      <PreviousUploads latest={props.latest} />
      <UploadHistory reports={props.reports} reads={props.reads} />
    </section>
  );
}

/** アップロード: drop or pick a CSV or .xlsx, see the ingest report at once; templates and the data contract. */
export function UploadPage(
  props: Omit<LayoutProps, 'title' | 'children'> & {
    reports: IngestReport[];
    latest: { dataset: Dataset; report: IngestReport | undefined }[];
    reads: (r: IngestReport) => boolean;
    presign?: boolean;
    /** The viewer's town's answers about ambiguous headers (upload-header-choices.tsx). */
    headerAnswers?: HeaderAnswers;
  },
) {
  const { viewer } = props;
  const datasets = DATASETS.filter((d) => viewer.role === 'prefecture' || d.uploadedBy === 'municipality');
  return (
    <Layout {...props} title="アップロード" current="upload">
      <h1>データのアップロード</h1>
      <p class="lead">
        Excelのファイル（.xlsx）か、Excelから保存したCSV（Shift_JISでもUTF-8でも可）を選ぶと、すぐに内容を確認して結果を表示します。1か所でも誤りがあるとファイル全体を取り込まず、直す場所（行・列・値）をすべてお知らせします。
      </p>
      <p>
        列の名前・書き方・使える値は<a href="/upload/contract">データの約束</a>にまとめています。
      </p>
      <form
        class="stack"
        method="post"
        action="/api/uploads"
        enctype="multipart/form-data"
        data-upload
        data-presign={props.presign ? 'true' : undefined}
      >
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="drop-zone" data-drop-zone>
          <label for="file">Excel（.xlsx）またはCSVファイル（ここにドラッグ＆ドロップもできます）</label>
          <input
            type="file"
            id="file"
            name="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
          />
          <p id="chosen-file" aria-live="polite" />
        </div>
        <div>
          <label for="dataset">データの種類</label>
          <select id="dataset" name="dataset" aria-describedby="previous-upload">
            <option value="">自動判定（見出しから判断）</option>
            {datasets.map((d) => (
              <option value={d.name}>{d.title}</option>
            ))}
          </select>
          <p id="previous-upload" aria-live="polite">
            {props.latest
              .filter((l) => l.report && datasets.includes(l.dataset))
              .map((l) => (
                <span data-dataset={l.dataset.name}>
                  {l.dataset.title}の前回の提出: {formatDateTimeJst((l.report as IngestReport).uploaded_at)}（
                  {(l.report as IngestReport).status === 'accepted' ? '受理' : '取込エラー'}）{' '}
                </span>
              ))}
          </p>
        </div>
        {viewer.role === 'municipality' ? (
          <input type="hidden" name="municipality" value={viewer.municipalityCode ?? ''} />
        ) : (
          <div>
            <label for="municipality">提出する市町村</label>
            <select id="municipality" name="municipality">
              <option value={PREFECTURE_CODE}>{PREFECTURE_NAME}（県が一括で提出）</option>
              {MUNICIPALITIES.map((m) => (
                <option value={m.code}>{m.name}</option>
              ))}
            </select>
          </div>
        )}
        <HeaderChoices remembered={props.headerAnswers ?? {}} />
        <div>
          <button type="submit" class="primary">
            アップロードして確認
          </button>
        </div>
      </form>
      <noscript>
        <p class="warning">
          JavaScriptが無効のため、送信後の結果はJSON形式で表示されます。取り込み結果は「データ提出状況」の各リンクから日本語で確認できます。
        </p>
      </noscript>
      <div id="upload-result" class="report" tabindex={-1} aria-live="polite" />
      <section aria-labelledby="templates-heading">
        <h2 id="templates-heading">テンプレート</h2>
        <p>
          Excel版は選択肢のリスト（ドロップダウン）、日付の書式、「記入例」と「項目の説明」のシート付きです。データは最初のシートに入力してください（記入例のシートは取り込まれません）。CSV版は見出し行だけです。列の順番は変えても構いません。
        </p>
        <ul>
          {datasets.map((d) => (
            <li>
              {d.title}（{d.grain}）:{' '}
              <a href={`/api/templates/${d.name}.xlsx`} download>
                Excel版（.xlsx）
              </a>
              ／
              <a href={`/api/templates/${d.name}`} download>
                CSV版
              </a>
            </li>
          ))}
        </ul>
        <p>
          <a href="/upload/contract">データの約束（全項目の書き方と使える値）</a>
        </p>
      </section>
      <HistorySection reports={props.reports} latest={props.latest} reads={props.reads} />
    </Layout>
  );
}

/** One upload's report: the full error list in Japanese. */
export function ReportPage(
  props: Omit<LayoutProps, 'title' | 'children'> & { report: IngestReport; summary: string },
) {
  const { report } = props;
  const problems = (title: string, list: IngestReport['errors']) => (
    <DataTable
      table={{
        caption: title,
        columns: [{ label: '行', numeric: true }, { label: '列' }, { label: '値' }, { label: '内容' }],
        rows: list.map((p) => [
          cell(p.row === null ? '—' : String(p.row), p.row),
          cell(p.column ?? '—'),
          cell(p.value ?? ''),
          cell(p.message),
        ]),
      }}
    />
  );
  return (
    <Layout {...props} title={`取り込み結果 ${report.file}`} current="submissions">
      <h1>取り込み結果：{report.file}</h1>
      <p class={report.status === 'accepted' ? 'status-accepted' : 'status-rejected'}>
        {report.status === 'accepted' ? '受理（取り込み済み）' : '取込エラー（取り込んでいません）'}
      </p>
      <p>{props.summary}</p>
      <p>
        市町村: {municipalityName(report.municipality_code)}／アップロード:{' '}
        {formatDateTimeJst(report.uploaded_at)}（日本時間）／提出者: {report.uploader}
      </p>
      {report.diff ? <DiffTable report={report} /> : null}
      {report.errors.length > 0 ? problems(`エラー ${report.errors_total}件`, report.errors) : null}
      {report.unchecked && report.unchecked.length > 0
        ? problems(
            `読み取れない値のため確認できなかった行 ${report.unchecked_total ?? report.unchecked.length}件`,
            report.unchecked,
          )
        : null}
      {report.warnings.length > 0 ? problems(`警告 ${report.warnings_total}件`, report.warnings) : null}
      <p>
        <a href="/submissions">データ提出状況へ戻る</a>
      </p>
    </Layout>
  );
}

/** What an accepted upload changed, per partition it replaced. */
function DiffTable(props: { report: IngestReport }) {
  const partitions = props.report.diff?.partitions ?? [];
  const figures = partitions[0]?.figures ?? [];
  return (
    <DataTable
      table={{
        caption: '前回の提出からの変化',
        columns: [
          { label: '区分' },
          { label: '前回の提出' },
          { label: '追加', numeric: true },
          { label: '削除', numeric: true },
          { label: '変更', numeric: true },
          ...figures.map((f) => ({ label: `${f.label}（前回→今回）` })),
        ],
        rows: partitions.map((p) => [
          cell(
            /^\d{4}$/.test(p.partition_value) ? `${p.partition_value}年度` : `基準日 ${p.partition_value}`,
          ),
          cell(p.previous_uploaded_at ? formatDateTimeJst(p.previous_uploaded_at) : '初めての提出'),
          cell(p.added.toLocaleString('ja-JP'), p.added),
          cell(p.removed.toLocaleString('ja-JP'), p.removed),
          cell(p.changed.toLocaleString('ja-JP'), p.changed),
          ...p.figures.map((f) =>
            cell(
              `${f.before === null ? '—' : f.before.toLocaleString('ja-JP')}→${(f.after ?? 0).toLocaleString('ja-JP')}`,
            ),
          ),
        ]),
      }}
    />
  );
}

/** データの約束: every dataset's columns, how to write them and the values allowed, from the one definition. */
export function ContractPage(props: Omit<LayoutProps, 'title' | 'children'>) {
  return (
    <Layout {...props} title="データの約束" current="upload">
      <h1>データの約束</h1>
      <p class="lead">
        アップロードするファイルの列と書き方です。見出しは別名でも読み取ります。日付は西暦・和暦（令和5年4月1日、R5.4.1）・Excelの日付のどれでも構いません。氏名・住所・電話番号など個人を特定できる列があるファイルは取り込みません。
      </p>
      {DATASETS.map((dataset) => (
        <section aria-labelledby={`contract-${dataset.name}`}>
          <h2 id={`contract-${dataset.name}`}>{dataset.title}</h2>
          <p>
            {dataset.description}（1行＝{dataset.grain}）{' '}
            <a href={`/api/templates/${dataset.name}.xlsx`} download>
              Excelテンプレート
            </a>
          </p>
          <DataTable
            table={{
              caption: `${dataset.title}の列`,
              columns: [
                { label: '列名' },
                { label: '必須' },
                { label: '書き方' },
                { label: '説明' },
                { label: '使える値' },
              ],
              rows: contractRows(dataset).map((r) => [
                cell(r.header),
                cell(r.required),
                cell(r.type),
                cell(r.description),
                cell(r.values),
              ]),
            }}
          />
        </section>
      ))}
      <p>
        <a href="/upload">アップロードへ戻る</a>
      </p>
    </Layout>
  );
}
