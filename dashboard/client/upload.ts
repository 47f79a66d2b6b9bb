/**
 * The upload form: drag-and-drop onto the drop zone or the file picker, then
 * POST /api/uploads and show the ingest report in Japanese at once. Without
 * JavaScript the form still posts (the server answers with the report page).
 *
 * On AWS (form[data-presign]) the file goes straight to the raw bucket with a
 * presigned PUT when its dataset is chosen; the ingest Lambda then writes the
 * report, which this page polls for. Either cloud path answers 202 first.
 * After each upload the history block is fetched again (GET /upload/history).
 */
import type { PartitionDiff } from '../../src/ingest/diff-report';
import type { IngestReport, Problem } from '../../src/ingest/report';

/** The report as the API sends it (the ingest's own types: one definition), with its summary. */
type UploadReport = Pick<
  IngestReport,
  | 'status'
  | 'file'
  | 'rows'
  | 'errors'
  | 'errors_total'
  | 'warnings'
  | 'warnings_total'
  | 'unchecked'
  | 'unchecked_total'
  | 'diff'
> & { summary?: string };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function problemTable(caption: string, problems: Problem[]): HTMLTableElement {
  const table = el('table');
  table.append(el('caption', caption));
  const head = el('thead');
  const headRow = el('tr');
  for (const h of ['行', '列', '値', '内容']) {
    const th = el('th', h);
    th.scope = 'col';
    headRow.append(th);
  }
  head.append(headRow);
  const body = el('tbody');
  for (const p of problems) {
    const tr = el('tr');
    for (const v of [p.row === null ? '—' : String(p.row), p.column ?? '—', p.value ?? '', p.message]) {
      tr.append(el('td', v));
    }
    body.append(tr);
  }
  table.append(head, body);
  return table;
}

/** Renders a report as DOM (text only: file names and cell values are user input). */
export function renderReport(target: HTMLElement, report: UploadReport): void {
  target.replaceChildren();
  const accepted = report.status === 'accepted';
  target.className = accepted ? 'report report-accepted' : 'report report-rejected';
  target.append(
    el('h2', accepted ? '取り込みました' : '取り込めませんでした（修正して再度アップロードしてください）'),
  );
  target.append(el('p', `ファイル: ${report.file}　行数: ${report.rows.toLocaleString('ja-JP')}`));
  if (report.summary) target.append(el('p', report.summary));
  if (report.errors.length > 0) {
    const more =
      report.errors_total > report.errors.length
        ? `（全${report.errors_total}件中、先頭${report.errors.length}件）`
        : '';
    target.append(problemTable(`エラー ${report.errors_total}件${more}`, report.errors));
  }
  const unchecked = report.unchecked ?? [];
  if (unchecked.length > 0)
    target.append(
      problemTable(
        `読み取れない値のため確認できなかった行 ${report.unchecked_total ?? unchecked.length}件`,
        unchecked,
      ),
    );
  if (report.warnings.length > 0)
    target.append(problemTable(`警告 ${report.warnings_total}件`, report.warnings));
  if (report.diff) target.append(diffTable(report.diff.partitions));
  target.focus();
}

/** 前回の提出からの変化: rows added, removed, changed, and the figures before → after. */
function diffTable(partitions: PartitionDiff[]): HTMLTableElement {
  const table = el('table');
  table.append(el('caption', '前回の提出からの変化'));
  const figures = partitions[0]?.figures ?? [];
  const headRow = el('tr');
  for (const h of ['区分', '追加', '削除', '変更', ...figures.map((f) => `${f.label}（前回→今回）`)]) {
    const th = el('th', h);
    th.scope = 'col';
    headRow.append(th);
  }
  const head = el('thead');
  head.append(headRow);
  const body = el('tbody');
  const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('ja-JP'));
  for (const p of partitions) {
    const tr = el('tr');
    const period = /^\d{4}$/.test(p.partition_value)
      ? `${p.partition_value}年度`
      : `基準日 ${p.partition_value}`;
    for (const v of [
      period,
      n(p.added),
      n(p.removed),
      n(p.changed),
      ...p.figures.map((f) => `${n(f.before)}→${n(f.after)}`),
    ])
      tr.append(el('td', v));
    body.append(tr);
  }
  table.append(head, body);
  return table;
}

/** Swaps in the server's fresh history block, so the upload just made is listed at once. */
async function refreshHistory(root: Document): Promise<void> {
  const section = root.getElementById('upload-history');
  const src = section?.dataset.historySrc;
  if (!section || !src) return;
  const response = await fetch(src, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
  if (!response.ok) return;
  // Server-rendered, escaped HTML from our own origin.
  const fresh = new DOMParser()
    .parseFromString(await response.text(), 'text/html')
    .getElementById('upload-history');
  if (fresh) section.replaceWith(root.importNode(fresh, true));
}

/** Shows only the chosen dataset's 前回の提出 line (all of them when 自動判定). */
function showPrevious(root: Document, dataset: string): void {
  for (const line of root.querySelectorAll<HTMLElement>('#previous-upload [data-dataset]'))
    line.hidden = dataset !== '' && line.dataset.dataset !== dataset;
}

interface Presigned {
  url: string;
  headers: Record<string, string>;
  upload_id: string;
}

type ApiBody = { data?: unknown; error?: { message?: string }; message?: string } | null;

const POLL_INTERVAL_MS = 2000;
const POLL_ATTEMPTS = 90;

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function errorMessage(body: ApiBody, status: number): string {
  return body?.error?.message ?? body?.message ?? `アップロードに失敗しました（${status}）。`;
}

/** Asks for a presigned PUT, sends the file to S3 and returns the upload id the report will carry. */
async function putPresigned(
  form: HTMLFormElement,
  file: File,
  dataset: string,
  token: string,
): Promise<string> {
  const municipality = form.querySelector<HTMLInputElement | HTMLSelectElement>(
    '[name="municipality"]',
  )?.value;
  const response = await fetch('/api/uploads/presign', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': token },
    credentials: 'same-origin',
    body: JSON.stringify({
      dataset,
      municipality: municipality || undefined,
      file_name: file.name,
      size: file.size,
      sha256: await sha256Hex(file),
      // 見出しの意味の指定: kept for the town before the file goes to S3, where the ingest reads it.
      header: [...form.querySelectorAll<HTMLSelectElement>('select[name="header"]')]
        .map((s) => s.value)
        .filter((v) => v !== ''),
    }),
  });
  const body = (await response.json().catch(() => null)) as ApiBody;
  if (!response.ok) throw new Error(errorMessage(body, response.status));
  const presigned = body?.data as Presigned;
  const put = await fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body: file });
  if (!put.ok) throw new Error(`ファイルを保存できませんでした（${put.status}）。もう一度お試しください。`);
  return presigned.upload_id;
}

/** Waits for the ingest's report of an upload accepted for processing (202). */
async function pollReport(uploadId: string): Promise<UploadReport | undefined> {
  for (let i = 0; i < POLL_ATTEMPTS; i++) {
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    const response = await fetch(`/api/uploads/${encodeURIComponent(uploadId)}`, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (response.status === 404) continue;
    const body = (await response.json().catch(() => null)) as ApiBody;
    if (response.ok) return body?.data as UploadReport;
    throw new Error(errorMessage(body, response.status));
  }
  return undefined;
}

function showMessage(target: HTMLElement, message: string): void {
  target.replaceChildren(el('p', message));
  target.className = 'report report-rejected';
  target.focus();
}

async function showPolled(result: HTMLElement, uploadId: string): Promise<void> {
  result.replaceChildren(el('p', `受け付けました（受付番号 ${uploadId}）。確認結果を待っています…`));
  const report = await pollReport(uploadId);
  if (report) renderReport(result, report);
  else
    showMessage(
      result,
      `確認結果がまだ届いていません。しばらくしてからデータ提出状況で受付番号 ${uploadId} を確認してください。`,
    );
}

/** A column the ingest would not map by itself (POST /api/uploads answers them in `data.questions`). */
interface HeaderQuestion {
  column: string;
  header: string;
  choices: { answer: string; label: string; value: string }[];
}

/**
 * Ask, don't guess: opens 見出しの意味の指定 at each column the upload was
 * asked about, so the uploader chooses and sends the same file again.
 */
function askAboutHeaders(root: Document, result: HTMLElement, questions: readonly HeaderQuestion[]): void {
  if (questions.length === 0) return;
  const details = root.getElementById('header-choices') as HTMLDetailsElement | null;
  if (!details) return;
  details.open = true;
  const names = questions.map((q) => `「${q.column}」`).join('');
  const send =
    root.querySelector('form[data-upload] button[type="submit"]')?.textContent?.trim() ?? 'アップロード';
  const note = el(
    'p',
    `${names}が何の数かを、下の「見出しの意味の指定」で選び、もう一度「${send}」を押してください。`,
  );
  note.className = 'warning';
  result.prepend(note);
  let first: HTMLSelectElement | undefined;
  for (const q of questions) {
    const select = details.querySelector<HTMLSelectElement>(`select[data-header="${CSS.escape(q.header)}"]`);
    if (!select) continue;
    select.setAttribute('aria-invalid', 'true');
    first ??= select;
  }
  first?.focus();
}

export function initUpload(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('form[data-upload]');
  const result = root.getElementById('upload-result');
  const zone = root.querySelector<HTMLElement>('[data-drop-zone]');
  const input = form?.querySelector<HTMLInputElement>('input[type="file"]');
  const chosen = root.getElementById('chosen-file');
  if (!form || !result || !input) return;
  const showChosen = () => {
    if (chosen) chosen.textContent = input.files?.[0] ? `選択中: ${input.files[0].name}` : '';
  };
  input.addEventListener('change', showChosen);
  const select = form.querySelector<HTMLSelectElement>('select[name="dataset"]');
  select?.addEventListener('change', () => showPrevious(root, select.value));
  if (zone) {
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('drop-active');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('drop-active'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('drop-active');
      if (e.dataTransfer?.files.length) {
        input.files = e.dataTransfer.files;
        showChosen();
      }
    });
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!input.files?.length) {
      showMessage(result, 'ファイルを選択してください。');
      return;
    }
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) button.disabled = true;
    result.replaceChildren(el('p', '取り込み中です…'));
    try {
      const token = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
      const dataset = form.querySelector<HTMLSelectElement>('select[name="dataset"]')?.value ?? '';
      const file = input.files[0] as File;
      // Not form.dataset: on a <form> that is its <select name="dataset">, which shadows the property.
      if (form.getAttribute('data-presign') === 'true' && dataset) {
        const uploadId = await putPresigned(form, file, dataset, token);
        await showPolled(result, uploadId);
        return;
      }
      const response = await fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        headers: { Accept: 'application/json', 'X-CSRF-Token': token },
        credentials: 'same-origin',
      });
      const body = (await response.json().catch(() => null)) as
        | { data?: UploadReport; error?: { message?: string }; message?: string }
        | UploadReport
        | null;
      const report = body && 'status' in body ? body : body && 'data' in body ? body.data : undefined;
      const accepted = report as { upload_id?: string } | undefined;
      if (response.status === 202 && accepted?.upload_id) await showPolled(result, accepted.upload_id);
      else if (report && (report.status === 'accepted' || report.status === 'rejected')) {
        renderReport(result, report);
        askAboutHeaders(root, result, (report as { questions?: HeaderQuestion[] }).questions ?? []);
      } else {
        const msg =
          body && 'error' in body
            ? body.error?.message
            : body && 'message' in body
              ? body.message
              : undefined;
        showMessage(result, msg ?? `アップロードに失敗しました（${response.status}）。`);
      }
    } catch (error) {
      showMessage(
        result,
        error instanceof Error && /[ぁ-んァ-ヶ一-龠]/.test(error.message)
          ? error.message
          : '通信に失敗しました。ネットワークを確認して再度お試しください。',
      );
    } finally {
      if (button) button.disabled = false;
      await refreshHistory(root).catch(() => undefined);
    }
  });
}
