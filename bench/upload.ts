import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { createApp } from '../dashboard/app';
import { ensureDemoAccounts } from '../dashboard/auth/demo-accounts';
import { startServer } from '../dashboard/server';
import { localDeps } from '../dashboard/services/deps';
import { loadConfig } from '../src/config';
import { ensureDemoData } from '../src/demo';
import { mulberry32 } from '../src/demo/prng';
import { fiscalYearAt } from '../src/ingest/validate';

/**
 * `npm run bench:upload` — what a town feels: from pressing アップロード to
 * its new figures on the dashboard. On the local server (the demo data, a
 * real HTTP listener), a CP932 `cases` file of this fiscal year and its
 * `activities` (April to this month) are POSTed as the upload page does,
 * then the indicator API is polled until it serves the new 実人数 and 延べ
 * 相談件数 (ingest, publication, data version, warehouse and cache).
 * Baseline, same run: DuckDB's bare read_csv → COPY of the same cases rows.
 * Each size runs once to warm up, then RUNS times with new content; the
 * median is reported. Bar: ≤ 1 s for 5,000 rows; 20,000 rows stated.
 * The last line printed is one JSON object.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = [5_000, 20_000];
const TOWN = '313726'; // 北栄町
const LOGIN = `municipality-${TOWN}`;

const ROUTES = ['本人', '家族・親族', '関係機関', '民生委員', '地域住民・自治会', 'その他'];
const AGES = ['20～29歳', '30～39歳', '40代', '50～59歳', '65～74歳', '75歳以上'];
const ISSUES = ['孤独・孤立', '独居', 'ひきこもり', '8050問題', '生活困窮', '就労', 'うつ', '介護'];
const CASES_HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const ACTIVITIES_HEADER = '市町村コード,年月,新規相談者数,延べ相談件数,支援会議開催回数,検討ケース数';

interface Files {
  cases: Uint8Array;
  casesUtf8: string;
  activities: Uint8Array;
  contacts: number;
}

/** A month's extracts as a town writes them (和暦 and 西暦 mixed, CP932), different for each run. */
function extracts(rows: number, fy: number, months: number, run: number): Files {
  const r = mulberry32(rows * 31 + run);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const lines = [CASES_HEADER];
  for (let i = 0; i < rows; i++) {
    const month = Math.floor(r() * months);
    const day = 1 + Math.floor(r() * 28);
    const m = ((3 + month) % 12) + 1;
    const y = m < 4 ? fy + 1 : fy;
    const opened = r() < 0.5 ? `R${y - 2018}.${m}.${day}` : `${y}/${m}/${day}`;
    const status = r() < 0.2 ? '終結' : '支援中';
    const closed = status === '終結' ? `${y}/${m}/${Math.min(28, day + 1)}` : '';
    lines.push(
      `${TOWN},R${fy - 2018},R${run}-C${i},${opened},${pick(ROUTES)},${pick(AGES)},${1 + Math.floor(r() * 5)},${pick(ISSUES)},${status},${closed}`,
    );
  }
  const text = `${lines.join('\r\n')}\r\n`;
  const activity = [ACTIVITIES_HEADER];
  let contacts = 0;
  for (let month = 0; month < months; month++) {
    const m = ((3 + month) % 12) + 1;
    const y = m < 4 ? fy + 1 : fy;
    const c = 100 + run * 7 + month;
    contacts += c;
    activity.push(`${TOWN},${y}/${m},${10 + month},${c},2,5`);
  }
  return {
    cases: new Uint8Array(iconv.encode(text, 'cp932')),
    casesUtf8: text,
    activities: new Uint8Array(iconv.encode(`${activity.join('\r\n')}\r\n`, 'cp932')),
    contacts,
  };
}

async function duckdbCopy(utf8: string): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-upload-duckdb-'));
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    const file = path.join(dir, 'cases.csv');
    await writeFile(file, utf8);
    const start = performance.now();
    await connection.run(
      `COPY (SELECT * FROM read_csv('${file}', header = true)) TO '${path.join(dir, 'out.parquet')}' (FORMAT parquet)`,
    );
    return (performance.now() - start) / 1000;
  } finally {
    connection.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (n: number): number => Math.round(n * 1000) / 1000;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-upload-'));
  const config = { ...loadConfig({}), dataDir };
  console.log('準備中: デモデータの取り込みとサーバーの起動…');
  const { accounts } = await ensureDemoAccounts(dataDir);
  await ensureDemoData(config);
  const deps = await localDeps(config);
  const server = await startServer(createApp(deps, { distDir: path.join(dataDir, 'no-assets') }), 0);
  const token = accounts.find((a) => a.login === LOGIN)?.token;
  const auth = { Authorization: `Bearer ${token}` };
  const now = new Date();
  const fy = fiscalYearAt(now);
  // April to this month, as a town sends its activities in December.
  const months = ((new Date(now.getTime() + 9 * 3600_000).getUTCMonth() + 12 - 3) % 12) + 1;

  const post = async (bytes: Uint8Array, dataset: string, name: string) => {
    const form = new FormData();
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'text/csv' }));
    form.set('dataset', dataset);
    const res = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: auth });
    const body = (await res.json()) as { data?: { status?: string; errors?: unknown[] } };
    if (res.status !== 201) throw new Error(`${name}: ${res.status} ${JSON.stringify(body.data?.errors)}`);
  };
  const visible = async (persons: number, contacts: number): Promise<boolean> => {
    const res = await fetch(
      `${server.url}/api/indicators/consultations?municipality=${TOWN}&fiscal_year=${fy}`,
      { headers: auth },
    );
    const body = (await res.json()) as { data: Record<string, unknown>[] };
    const row = body.data.find((r) => r.level === 'municipality' && r.municipality_code === TOWN);
    return Number(row?.persons) === persons && Number(row?.contacts) === contacts;
  };

  /** One upload as a person makes it: both files, then the dashboard shows them. */
  const once = async (rows: number, run: number) => {
    const files = extracts(rows, fy, months, run);
    const start = performance.now();
    await post(files.cases, 'cases', `相談ケース_${run}.csv`);
    const casesDone = performance.now();
    await post(files.activities, 'activities', `月次活動実績_${run}.csv`);
    const postsDone = performance.now();
    while (!(await visible(rows, files.contacts))) {
      if (performance.now() - start > 120_000) throw new Error('new figures never became visible');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const end = performance.now();
    return {
      total: (end - start) / 1000,
      cases: (casesDone - start) / 1000,
      activities: (postsDone - casesDone) / 1000,
      poll: (end - postsDone) / 1000,
      baseline: await duckdbCopy(files.casesUtf8),
    };
  };

  const results: Record<number, { total: number; baseline: number }> = {};
  try {
    for (const rows of SIZES) {
      await once(rows, 0);
      const runs = [];
      for (let run = 1; run <= RUNS; run++) runs.push(await once(rows, run));
      const total = median(runs.map((r) => r.total));
      const baseline = median(runs.map((r) => r.baseline));
      results[rows] = { total, baseline };
      console.log(
        `${rows.toLocaleString('ja-JP')}行（CP932）＋活動${months}か月: アップロード→表示 ${total.toFixed(3)} s（中央値、${RUNS}回: ${runs.map((r) => r.total.toFixed(3)).join(' / ')}）`,
      );
      console.log(
        `  内訳（中央値）: 相談ケース POST ${median(runs.map((r) => r.cases)).toFixed(3)} s、月次活動実績 POST ${median(runs.map((r) => r.activities)).toFixed(3)} s、表示まで ${median(runs.map((r) => r.poll)).toFixed(3)} s`,
      );
      console.log(
        `  DuckDB read_csv → COPY（同じ行、UTF-8）: ${baseline.toFixed(3)} s、比 ${(total / baseline).toFixed(1)}`,
      );
    }
    const five = results[5_000] as { total: number; baseline: number };
    const twenty = results[20_000] as { total: number; baseline: number };
    console.log(`目標: 5,000行で ≤ 1 s → ${five.total <= 1 ? '達成' : '未達'}`);
    console.log(
      JSON.stringify({
        upload_visible_s: round(five.total),
        upload_visible_20k_s: round(twenty.total),
        duckdb_copy_s: round(five.baseline),
        duckdb_copy_20k_s: round(twenty.baseline),
        ratio: round(five.total / five.baseline),
        ratio_20k: round(twenty.total / twenty.baseline),
        runs: RUNS,
      }),
    );
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
