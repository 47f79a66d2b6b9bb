import { DATASETS } from '../../src/datasets';
import { MUNICIPALITIES, PREFECTURE_CODE, PREFECTURE_NAME } from '../../src/datasets/municipalities';
import type { IngestReport } from '../../src/ingest/report';
import { municipalityName } from './format';
import { Layout, type LayoutProps } from './layout';
import { cell, DataTable } from './table';

/** Recent uploads with their outcome, linking to each report. */
export function UploadHistory(props: { reports: IngestReport[] }) {
  return (
    <DataTable
      table={{
        caption: '最近のアップロード',
        columns: [
          { label: '日時' },
          { label: 'ファイル' },
          { label: '市町村' },
          { label: 'データ' },
          { label: '結果' },
          { label: '行数', numeric: true },
        ],
        rows: props.reports.map((r) => [
          cell(r.uploaded_at.replace('T', ' ').slice(0, 16)),
          cell(r.file),
          cell(municipalityName(r.municipality_code)),
          cell(DATASETS.find((d) => d.name === r.dataset)?.title ?? '不明'),
          cell(r.status === 'accepted' ? '受理' : `却下（エラー${r.errors_total}件）`),
          cell(r.rows.toLocaleString('ja-JP'), r.rows),
        ]),
      }}
    />
  );
}

/** アップロード: drop or pick a CSV, see the ingest report at once; template downloads. */
export function UploadPage(
  props: Omit<LayoutProps, 'title' | 'children'> & { reports: IngestReport[]; presign?: boolean },
) {
  const { viewer } = props;
  const datasets = DATASETS.filter((d) => viewer.role === 'prefecture' || d.uploadedBy === 'municipality');
  return (
    <Layout {...props} title="アップロード" current="upload">
      <h1>データのアップロード</h1>
      <p class="lead">
        Excelから保存したCSV（Shift_JISでもUTF-8でも可）を選ぶと、すぐに検査して結果を表示します。1か所でも誤りがあるとファイル全体を取り込まず、直す場所（行・列・値）をお知らせします。
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
          <label for="file">CSVファイル（ここにドラッグ＆ドロップもできます）</label>
          <input type="file" id="file" name="file" accept=".csv,text/csv" required />
          <p id="chosen-file" aria-live="polite" />
        </div>
        <div>
          <label for="dataset">データの種類</label>
          <select id="dataset" name="dataset">
            <option value="">自動判定（見出しから判断）</option>
            {datasets.map((d) => (
              <option value={d.name}>{d.title}</option>
            ))}
          </select>
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
        <div>
          <button type="submit" class="primary">
            アップロードして検査
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
        <p>見出し行入りのCSVテンプレートです。列の順番は変えても構いません。</p>
        <ul>
          {datasets.map((d) => (
            <li>
              <a href={`/api/templates/${d.name}`} download>
                {d.title}のテンプレート
              </a>
              （{d.grain}）
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">アップロード履歴</h2>
        <UploadHistory reports={props.reports} />
      </section>
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
        {report.status === 'accepted' ? '受理（取り込み済み）' : '却下（取り込んでいません）'}
      </p>
      <p>{props.summary}</p>
      <p>
        市町村: {municipalityName(report.municipality_code)}／アップロード: {report.uploaded_at}／提出者:{' '}
        {report.uploader}
      </p>
      {report.errors.length > 0 ? problems(`エラー ${report.errors_total}件`, report.errors) : null}
      {report.warnings.length > 0 ? problems(`警告 ${report.warnings_total}件`, report.warnings) : null}
      <p>
        <a href="/submissions">データ提出状況へ戻る</a>
      </p>
    </Layout>
  );
}
