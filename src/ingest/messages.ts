import type { Column, Dataset } from '../datasets';
import { municipalityByCode } from '../datasets/municipalities';
import type { Problem } from './report';

/**
 * Every Japanese sentence the ingest shows that is not a normaliser's own:
 * one place to read them all, and to keep their tone the same (what is
 * wrong, then what to do).
 */

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10}MB`;

export const townName = (code: string): string =>
  code === '310000' ? '鳥取県' : (municipalityByCode(code)?.name ?? code);

const datasetList = (datasets: readonly string[]): string => datasets.map((t) => `「${t}」`).join('・');

export const messages = {
  fileTooLarge: (size: number, limit: number) =>
    `ファイルが大きすぎます（${mb(size)}、上限${mb(limit)}）。年度ごとなどに分けてアップロードしてください。`,
  emptyFile: () => 'ファイルが空です。見出し行とデータ行のあるCSVファイルをアップロードしてください。',
  noDataRows: () => '見出し行の下にデータ行がありません。データを入力してからアップロードしてください。',
  datasetNotDetected: () =>
    '見出し行からデータの種類（相談ケース・月次活動実績など）を判別できませんでした。様式（テンプレート）の見出しを使うか、データの種類を指定してアップロードしてください。',
  datasetAmbiguous: (titles: readonly string[]) =>
    `見出しが${datasetList(titles)}のどちらにも当てはまり、データの種類を判別できません。データの種類を指定してアップロードしてください。`,
  headerNotFound: (dataset: Dataset) =>
    `「${dataset.title}」の見出し行が見つかりません（先頭10行を確認しました）。様式（テンプレート）の見出し行をそのまま使ってください。`,
  duplicateColumn: (earlier: string, column: Column) =>
    `「${column.header}」にあたる列が2つあります（もう1つは「${earlier}」）。どちらか1列にまとめてください。`,
  personalColumn: (reason: string) =>
    `個人情報にあたる列があるため、ファイル全体を取り込みませんでした（${reason}）。この列を削除してからアップロードしてください。`,
  missingColumn: (column: Column, betterFit: Dataset | undefined) =>
    `必須の列「${column.header}」がありません。見出し行に「${column.header}」の列を追加してください。${
      betterFit
        ? `（このファイルは「${betterFit.title}」の様式のようです。データの種類を確認してください。）`
        : ''
    }`,
  unknownColumn: (dataset: Dataset) =>
    `「${dataset.title}」の様式にない列のため、この列の値は取り込みません（取り込みには影響しません）。`,
  unnamedColumn: () =>
    '見出しのない列に値があります。この列の値は取り込みません。必要な値なら見出しを付けてください。',
  uploadNotAllowed: (dataset: Dataset, code: string) =>
    dataset.uploadedBy === 'prefecture'
      ? `「${dataset.title}」は県（孤独・孤立対策課）がアップロードするデータです。この利用者ではアップロードできません。`
      : `この利用者は${townName(code)}のデータをアップロードできません。自分の市町村のデータか確認してください。`,
  unknownUploadMunicipality: (code: string) =>
    `アップロード先の市町村コード「${code}」が鳥取県の市町村にありません。市町村を選び直してください。`,
  rawKeyInvalid: () =>
    'ファイルの置き場所からデータの種類と市町村が分かりません（raw/データの種類/市町村コード/ファイル名 に置いてください）。',
  requiredBlank: (column: Column) => `「${column.header}」は必須です。値を入力してください。`,
  patternMismatch: (column: Column) =>
    `「${column.header}」に使えない文字があります。半角英数字・「_」・「-」の${maxLengthOf(column)}文字以内で入力してください。`,
  tooLong: (column: Column, max: number) =>
    `「${column.header}」が長すぎます。${max}文字以内にしてください。`,
  tooFewItems: (column: Column, min: number) => `「${column.header}」は${min}つ以上入力してください。`,
  extraCells: (width: number) =>
    `見出しのない位置（${width + 1}列目以降）に値があります。列がずれていないか、区切りの「,」が余分に入っていないか確認してください。`,
  municipalityMismatch: (rowCode: string, uploadCode: string) =>
    `${townName(rowCode)}（${rowCode}）の行です。このアップロードは${townName(uploadCode)}（${uploadCode}）のものなので、${townName(uploadCode)}の行だけにしてください。`,
  prefectureCodeInRow: () =>
    '行の市町村に鳥取県（310000）は使えません。県内19市町村のいずれかを入力してください。',
  fiscalYearOutOfRange: (fy: number, min: number, max: number) =>
    `${fy}年度のデータは取り込めません。${min}年度（令和元年度）から${max}年度までにしてください。`,
  duplicateKey: (columns: readonly string[], firstRow: number) =>
    columns.length > 0
      ? `「${columns.join('・')}」が${firstRow}行目と同じです。同じ市町村・期間の中で重複しないようにしてください。`
      : `同じ市町村・期間の行が${firstRow}行目にもあります。1行にまとめてください。`,
  conditionalBlank: (column: Column, count: number, reason: string) =>
    `${reason}の行で「${column.header}」が空欄の行が${count.toLocaleString('ja-JP')}行あります。分かる場合は入力すると集計に使えます（このままでも取り込みます）。`,
  checkFiscalYearRange: () => '年度の範囲',
  checkRule: (headers: readonly string[]) => `${headers.map((h) => `「${h}」`).join('と')}の関係`,
  checkDuplicateKey: (headers: readonly string[]) => `${headers.map((h) => `「${h}」`).join('・')}の重複`,
  checksNotRun: (unread: readonly string[], checks: readonly string[]) =>
    `${unread.map((h) => `「${h}」`).join('・')}を読み取れないため、この行の${checks.join('・')}は確認できませんでした。値を直すと次のアップロードで確認します。`,
  hiddenRows: (rows: readonly number[]) =>
    `非表示の行が${rows.length.toLocaleString('ja-JP')}行あります（${rows.slice(0, 5).join('・')}行目${rows.length > 5 ? 'ほか' : ''}）。非表示の行もデータとして取り込みます。取り込まない行は削除してください。`,
  optionalBlank: (column: Column, count: number) =>
    `「${column.header}」が空欄の行が${count.toLocaleString('ja-JP')}行あります。分かる場合は入力すると集計に使えます（このままでも取り込みます）。`,
} as const;

function maxLengthOf(column: Column): number {
  return column.type.kind === 'string' ? column.type.maxLength : 0;
}

/** A problem about the whole file (no row, no column). */
export function fileProblem(code: string, message: string, value: string | null = null): Problem {
  return { row: null, column: null, value, code, message };
}
