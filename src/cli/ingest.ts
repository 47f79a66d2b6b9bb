import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import type { Viewer } from '../access/viewer';
import { loadConfig } from '../config';
import { DATASET_NAMES, type DatasetName, isDatasetName } from '../datasets';
import { municipalitiesInFile } from '../ingest/csv-source';
import { type HeaderAnswer, parseHeaderAssignment } from '../ingest/header-answers';
import { ingestUpload } from '../ingest/ingest';
import { describeProblem, type IngestReport, summariseJa } from '../ingest/report';
import { isPrefectureCode, parseMunicipality } from '../normalise/municipality';
import { localStores, storesFromConfig } from '../storage/stores';

/**
 * `npm run ingest -- [--data-dir DIR] [--dataset NAME] [--municipality CODE] [--header 見出し=意味]... [--json] FILE...`
 * Exit 0 when every file was accepted, 1 when any was rejected, 2 on a usage error.
 */

const PREFECTURE = '310000';
/** Problems printed per rejected file; the full list is in the saved report and --json. */
const SHOWN_PROBLEMS = 20;
/** A single file this large gets a progress bar too. */
const PROGRESS_MB = 10;

const USAGE = `使い方: npm run ingest -- [--data-dir フォルダ] [--dataset 種類] [--municipality 市町村コード] [--header 見出し=意味]... [--json] ファイル...
  --data-dir      データの保存先フォルダ（省略時は DATA_DIR、なければ ./data）
  --dataset       データの種類: ${DATASET_NAMES.join(' / ')}（省略時は見出しから判別）
  --municipality  アップロードする市町村のコードまたは名前（省略時はファイルの行から判別、複数なら県全体 310000）
  --header        意味があいまいな見出し（相談件数・件数・人数 など）が何の数かの指定。繰り返し可。
                  例: --header 相談件数=contacts（延べ）／new_persons（新規）／persons（実人数）。
                  取り込めたときはその市町村の次回以降にも使います
  --json          結果を JSON で出力
終了コード: 0 すべて取り込み / 1 取り込めなかったファイルあり / 2 使い方の誤り`;

class UsageError extends Error {}

interface CliOptions {
  dataDir: string | undefined;
  dataset: DatasetName | undefined;
  municipality: string | undefined;
  headerAnswers: Record<string, HeaderAnswer>;
  json: boolean;
  files: string[];
}

function parseOptions(argv: string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`指定の誤り: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  if (positionals.length === 0) throw new UsageError('取り込むファイルを指定してください。');
  const dataset = values.dataset;
  if (dataset !== undefined && !isDatasetName(dataset))
    throw new UsageError(
      `データの種類「${dataset}」はありません。${DATASET_NAMES.join(' / ')} のいずれかです。`,
    );
  let municipality: string | undefined;
  if (values.municipality !== undefined) {
    const code = parseMunicipality(values.municipality);
    if (code.ok) municipality = code.value;
    else if (isPrefectureCode(values.municipality.trim())) municipality = PREFECTURE;
    else throw new UsageError(`市町村「${values.municipality}」が分かりません: ${code.message}`);
  }
  const headerAnswers: Record<string, HeaderAnswer> = {};
  for (const text of values.header ?? []) {
    const parsed = parseHeaderAssignment(text);
    if (typeof parsed === 'string') throw new UsageError(parsed);
    headerAnswers[parsed[0]] = parsed[1];
  }
  return {
    dataDir: values['data-dir'],
    dataset,
    municipality,
    headerAnswers,
    json: values.json ?? false,
    files: positionals,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      dataset: { type: 'string' },
      municipality: { type: 'string' },
      header: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** CLI runs act for the prefecture, or for one town's staff when --municipality names a town. */
function uploaderFor(municipality: string | undefined): Viewer {
  if (municipality === undefined || isPrefectureCode(municipality))
    return { role: 'prefecture', login: 'cli' };
  return { role: 'municipality', municipalityCode: municipality, login: 'cli' };
}

/** Sizes of the files, refusing any that cannot be read before anything is ingested. */
async function checkReadable(files: string[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`ファイル「${file}」を読めません。パスを確認してください。`);
    sizes.push(info.size);
  }
  return sizes;
}

function printHuman(report: IngestReport): void {
  console.log(summariseJa(report));
  for (const problem of report.errors.slice(0, SHOWN_PROBLEMS))
    console.log(`  エラー ${describeProblem(problem)}`);
  if (report.errors_total > SHOWN_PROBLEMS)
    console.log(
      `  …ほか${(report.errors_total - SHOWN_PROBLEMS).toLocaleString('ja-JP')}件（--json で一覧）`,
    );
  for (const problem of report.warnings.slice(0, SHOWN_PROBLEMS))
    console.log(`  確認 ${describeProblem(problem)}`);
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const sizes = await checkReadable(options.files);
  const config = loadConfig();
  const stores = options.dataDir ? localStores(path.resolve(options.dataDir)) : storesFromConfig(config);
  // Progress in MB over all files: worth showing for many files or a large one, never in --json or a pipe.
  const totalMb = sizes.reduce((a, b) => a + b, 0) / 1024 / 1024;
  const showProgress =
    !options.json && process.stderr.isTTY === true && (options.files.length > 1 || totalMb >= PROGRESS_MB);
  const bar = showProgress
    ? new SingleBar({
        stream: process.stderr,
        format: '取り込み中 [{bar}] {value}/{total} MB（{done}/{files}ファイル）{file}',
      })
    : undefined;
  const round = (mb: number) => Math.round(mb * 10) / 10;
  let doneMb = 0;
  const progress = { file: '', done: 0, files: options.files.length };
  bar?.start(round(totalMb), 0, progress);
  const reports: IngestReport[] = [];
  for (const [i, file] of options.files.entries()) {
    bar?.update(round(doneMb), { ...progress, file: path.basename(file), done: i });
    const bytes = new Uint8Array(await readFile(file));
    const municipalityCode =
      options.municipality ?? defaultMunicipality(bytes, options.dataset, options.headerAnswers);
    const report = await ingestUpload(
      stores,
      {
        bytes,
        fileName: path.basename(file),
        ...(options.dataset ? { dataset: options.dataset } : {}),
        municipalityCode,
        uploader: uploaderFor(options.municipality),
        headerAnswers: options.headerAnswers,
      },
      { maxUploadBytes: config.maxUploadBytes },
    );
    reports.push(report);
    doneMb += (sizes[i] ?? 0) / 1024 / 1024;
    bar?.update(round(doneMb), { ...progress, done: i + 1 });
    if (!options.json) {
      // Summaries go to stdout between bar redraws on stderr.
      bar?.stop();
      printHuman(report);
      if (i + 1 < options.files.length)
        bar?.start(round(totalMb), round(doneMb), { ...progress, done: i + 1 });
    }
  }
  bar?.stop();
  if (options.json) console.log(JSON.stringify(reports, null, 2));
  return reports.every((r) => r.status === 'accepted') ? 0 : 1;
}

/** One town named in every row → that town; otherwise a prefecture-wide upload. */
function defaultMunicipality(
  bytes: Uint8Array,
  dataset: DatasetName | undefined,
  answers: Record<string, HeaderAnswer>,
): string {
  const codes = municipalitiesInFile(bytes, dataset, answers);
  return codes.length === 1 ? (codes[0] as string) : PREFECTURE;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      process.exitCode = 2;
      return;
    }
    console.error(
      '取り込み中に予期しないエラーが起きました（保存先やDuckDBの問題の可能性があります）:',
      error,
    );
    process.exitCode = 3;
  },
);
