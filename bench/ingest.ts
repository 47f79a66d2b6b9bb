import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { mulberry32 } from '../src/demo/prng';
import { ingestUpload } from '../src/ingest/ingest';
import { localStores } from '../src/storage/stores';

/**
 * `npm run bench:ingest` — the full ingest of a 1,000,000-row CP932 `cases`
 * file against DuckDB's own read_csv → COPY of the same rows in UTF-8,
 * measured in the same run on the same machine. A file this size is checked
 * in bulk inside DuckDB (src/ingest/bulk/); the report it must produce is
 * the row path's, so the file carries the same rule warnings a real
 * extract would. The ingest runs in a child process so its peak RSS is its
 * own. Bar: peak RSS ≤ 1 GiB. The ratio is printed as information: a real
 * monthly extract is 100–20,000 rows, and what a town feels — pressing
 * アップロード to seeing its figures — is `npm run bench:upload`'s measure
 * (the old ratio bar of 2.0 is retired).
 * The last line printed is one JSON object.
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
const SEED = 20240314;
const TOWN = '313726'; // 北栄町

const ROUTES = [
  '本人',
  '家族・親族',
  '関係機関',
  '庁内他部署',
  '民生委員',
  '地域住民・自治会',
  '世帯訪問調査',
  'その他',
];
const AGES = [
  '19歳以下',
  '20～29歳',
  '30～39歳',
  '40代',
  '50～59歳',
  '60～64歳',
  '65～74歳',
  '75歳以上',
  '不明',
];
const ISSUES = [
  '孤独・孤立',
  '独居',
  'ひきこもり',
  '8050問題',
  '生活困窮',
  '債務・金銭管理',
  '就労',
  'うつ',
  'ゴミ屋敷',
  '介護',
  '認知症',
  'DV',
];
const STATUSES = ['支援中', '見守り・つながり継続', '終結'];
const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** A date inside the fiscal year, written the way Excel users do (和暦, 西暦, 全角). */
function dateText(r: () => number, fy: number, from = 0): { text: string; ord: number } {
  const ord = from + Math.floor(r() * (360 - from));
  const d = new Date(Date.UTC(fy, 3, 1 + ord));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const style = Math.floor(r() * 3);
  const text =
    style === 0
      ? `R${y - 2018}.${m}.${day}`
      : style === 1
        ? `${y}/${m}/${day}`
        : `令和${y - 2018}年${m}月${day}日`;
  return { text, ord };
}

function* csvLines(rows: number): Generator<string> {
  const r = mulberry32(SEED);
  const years = [2021, 2022, 2023];
  for (let i = 0; i < rows; i++) {
    const fy = years[i % years.length] as number;
    const opened = dateText(r, fy);
    const status = pick(r, STATUSES);
    const closed = status === '終結' && r() < 0.9 ? dateText(r, fy, opened.ord).text : '';
    const issueCount = 1 + Math.floor(r() * 3);
    const issues = new Set<string>();
    for (let k = 0; k < issueCount; k++) issues.add(pick(r, ISSUES));
    const household = r() < 0.2 ? '' : String(1 + Math.floor(r() * 6));
    yield `${TOWN},${r() < 0.5 ? `R${fy - 2018}` : `${fy}`},C${i},${opened.text},${pick(r, ROUTES)},${pick(r, AGES)},${household},${[...issues].join('・')},${status},${closed}`;
  }
}

/** Writes the same rows twice: CP932 for the ingest, UTF-8 for DuckDB's baseline. */
async function generate(rows: number): Promise<{ cp932: string; utf8: string }> {
  mkdirSync(OUT, { recursive: true });
  const cp932 = path.join(OUT, `cases-${rows}-cp932.csv`);
  const utf8 = path.join(OUT, `cases-${rows}-utf8.csv`);
  if (existsSync(cp932) && existsSync(utf8)) return { cp932, utf8 };
  const a = createWriteStream(cp932);
  const b = createWriteStream(utf8);
  let chunk: string[] = [HEADER];
  const flush = async () => {
    const text = `${chunk.join('\r\n')}\r\n`;
    chunk = [];
    const waits: Promise<void>[] = [];
    if (!a.write(iconv.encode(text, 'cp932'))) waits.push(drain(a));
    if (!b.write(text)) waits.push(drain(b));
    await Promise.all(waits);
  };
  for (const line of csvLines(rows)) {
    chunk.push(line);
    if (chunk.length >= 10_000) await flush();
  }
  await flush();
  await Promise.all([close(a), close(b)]);
  return { cp932, utf8 };
}

const drain = (s: NodeJS.WritableStream) => new Promise<void>((resolve) => s.once('drain', () => resolve()));
const close = (s: NodeJS.WritableStream) => new Promise<void>((resolve) => s.end(() => resolve()));

/** Child mode: one ingest, timed from reading the file to the saved report. */
async function child(file: string, dataDir: string): Promise<void> {
  const start = performance.now();
  // A Buffer is the Uint8Array the ingest takes: no copy.
  const bytes = await readFile(file);
  const report = await ingestUpload(
    localStores(dataDir),
    {
      bytes,
      fileName: path.basename(file),
      dataset: 'cases',
      municipalityCode: TOWN,
      uploader: { role: 'municipality', municipalityCode: TOWN, login: 'bench' },
    },
    { maxUploadBytes: 1024 * 1024 * 1024 },
  );
  const seconds = (performance.now() - start) / 1000;
  const maxRssKb = process.resourceUsage().maxRSS;
  console.log(
    JSON.stringify({
      seconds,
      maxRssKb,
      status: report.status,
      rows: report.rows,
      errors: report.errors.slice(0, 3),
    }),
  );
}

async function duckdbCopy(utf8: string): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-duckdb-'));
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const start = performance.now();
    await connection.run(
      `COPY (SELECT * FROM read_csv('${utf8}', header = true)) TO '${path.join(dir, 'out.parquet')}' (FORMAT parquet)`,
    );
    return (performance.now() - start) / 1000;
  } finally {
    connection.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [mode, childFile, childDir] = process.argv.slice(2);
  if (mode === '--child' && childFile && childDir) return child(childFile, childDir);

  console.log(`生成中: ${ROWS.toLocaleString('ja-JP')}行の相談ケース（CP932）…`);
  const { cp932, utf8 } = await generate(ROWS);
  console.log(`  ${cp932} (${((await stat(cp932)).size / 1024 / 1024).toFixed(1)} MB)`);

  const duckdbSeconds = await duckdbCopy(utf8);
  console.log(`DuckDB read_csv → COPY parquet (UTF-8): ${duckdbSeconds.toFixed(2)} s`);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-ingest-'));
  try {
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const out = execFileSync(tsx, [fileURLToPath(import.meta.url), '--child', cp932, dataDir], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const result = JSON.parse(out.trim().split('\n').pop() as string) as {
      seconds: number;
      maxRssKb: number;
      status: string;
      rows: number;
      errors: unknown[];
    };
    if (result.status !== 'accepted' || result.rows !== ROWS)
      throw new Error(`ingest did not accept the file: ${JSON.stringify(result)}`);
    const peakMb = result.maxRssKb / 1024;
    const ratio = result.seconds / duckdbSeconds;
    console.log(
      `取り込み（ingestUpload, CP932）: ${result.seconds.toFixed(2)} s, 最大RSS ${peakMb.toFixed(0)} MB`,
    );
    console.log(`比: ${ratio.toFixed(2)}（参考値）, RSS 目標 ≤ 1024 MB`);
    console.log(
      JSON.stringify({
        rows: ROWS,
        ingest_s: round(result.seconds),
        duckdb_copy_s: round(duckdbSeconds),
        ratio: round(ratio),
        peak_rss_mb: Math.round(peakMb),
      }),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number): number => Math.round(n * 100) / 100;

await main();
