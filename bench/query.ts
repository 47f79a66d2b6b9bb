/**
 * Query benchmark (`npm run bench:query`; not a test). Generates national-
 * scale synthetic Parquet in the real curated layout — 1,741 municipalities
 * × 10 FYs: ~1M cases, ~200k monthly activity rows, 50k 自治会 in 2
 * snapshots, ~59k partition objects — then prints:
 * - floor: a bare DuckDB scan of every column of the same Parquet files;
 * - the one-time build of the DuckDB warehouse (<dataDir>/cache) from every file;
 * - publish: what runs after an accepted upload — the version's grid (its
 *   queries over every FY) built and stored under published/grid/;
 * - cold: a fresh engine and service (warehouse file reopened, no cached
 *   results) running every indicator at the published version: the grid
 *   is read from its stored object, 実施状況 is queried;
 * - page: the same for what the 県全体 page asks on its first load
 *   (PREFECTURE_PAGE_REQUESTS in dashboard/pages/prefecture.tsx and the
 *   summary, requested together);
 * - warm: every indicator again from the result cache;
 * - cold, grid not yet published: after a version bump with no file
 *   changed and no grid stored (the publisher failed or is still running):
 *   every partition object listed, the grid built by the first request;
 * - the protected grid: cells linked, the 推進チーム's pattern proven
 *   (nationally about 22 minutes; BENCH_PATTERN_LIMIT_S=0 skips it);
 * - re-sync: one cases partition replaced, new data version.
 * Last line: {"cold_s","warm_ms","floor_s","ratio","cold_unpublished_s","publish_s","build_s","resync_s","page_s",…}.
 * BENCH_MUNICIPALITIES=200 makes a smaller run (own folder); data of the
 * same size from an earlier run is reused unless BENCH_REGENERATE=1.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PREFECTURE_PAGE_REQUESTS } from '../dashboard/pages/prefecture';
import type { Viewer } from '../src/access/viewer';
import { DATASET_NAMES } from '../src/datasets';
import { AGE_BANDS, ISSUES, REFERRAL_ROUTES } from '../src/datasets/vocabularies';
import { PUBLISHED_GRID_PREFIX, publishedGridKey } from '../src/publication/grid-store';
import { DuckDbEngine, duckdbTableBinding } from '../src/query/duckdb-engine';
import { listPartitionFiles } from '../src/query/partition-files';
import type { ReferenceData } from '../src/query/reference';
import { INDICATOR_IDS } from '../src/query/types';
import { warehousePath } from '../src/query/warehouse';
import { IndicatorService } from '../src/service/indicator-service';
import { LocalStore } from '../src/storage/local-store';

const MUNICIPALITIES = Number(process.env.BENCH_MUNICIPALITIES ?? 1741);
const YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];
const CASES_TOTAL = Math.round((1_000_000 * MUNICIPALITIES) / 1741);
const JICHIKAI_TOTAL = Math.round((50_000 * MUNICIPALITIES) / 1741);
const dataDir = path.resolve(
  MUNICIPALITIES === 1741 ? 'bench/out/query-national' : `bench/out/query-${MUNICIPALITIES}`,
);
const viewer: Viewer = { role: 'prefecture', login: 'bench' };

const list = (codes: readonly { code: string }[]) => `[${codes.map((t) => `'${t.code}'`).join(', ')}]`;
const seconds = (ms: number) => Math.round(ms) / 1000;

/** A national reference: synthetic codes, 8 regions, log-uniform populations (800 – 3.7M). */
function nationalReference(): ReferenceData {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return {
    prefecture: { code: '000000', name: '全国' },
    municipalities: Array.from({ length: MUNICIPALITIES }, (_, i) => ({
      code: String(100000 + i * 7),
      name: `市町村${i + 1}`,
      region: `地方${(i % 8) + 1}`,
      population: Math.round(Math.exp(Math.log(800) + rand() * Math.log(3_700_000 / 800))),
      populationBasis: 'ベンチマーク用の合成値',
      populationRough: true,
    })),
  };
}

async function generate(reference: ReferenceData): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(path.join(dataDir, 'curated'), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const towns = reference.municipalities.map((m) => `('${m.code}', ${m.population})`).join(', ');
  await db.run(`CREATE TABLE towns AS SELECT * FROM (VALUES ${towns}) AS t(code, population)`);
  await db.run(`CREATE TABLE years AS SELECT unnest(${JSON.stringify(YEARS)}) AS fy`);
  // Cases per town-year proportional to sqrt(population), scaled to the total.
  await db.run(
    `CREATE TABLE weights AS SELECT code, population, sqrt(population) / SUM(sqrt(population)) OVER () AS w FROM towns`,
  );
  const out = (dataset: string) => path.join(dataDir, 'curated', dataset);
  const copy = (dataset: string, select: string, partition: string) =>
    db.run(
      `COPY (${select}) TO '${out(dataset)}' (FORMAT parquet, PARTITION_BY (municipality_code, ${partition}), FILENAME_PATTERN 'data', OVERWRITE_OR_IGNORE)`,
    );
  const pick = (terms: readonly { code: string }[], salt: string) =>
    `(${list(terms)})[1 + CAST(floor(random() * ${terms.length}) AS INTEGER)] /* ${salt} */`;
  await db.run('SELECT setseed(0.42)');
  await copy(
    'cases',
    `SELECT code AS municipality_code, fy AS fiscal_year, 'C' || CAST(i AS VARCHAR) AS case_id,
       CAST(make_date(CASE WHEN random() < 0.6 THEN fy ELSE fy - 1 END, 4 + CAST(floor(random() * 9) AS INTEGER), 1) AS DATE) AS opened_on,
       ${pick(REFERRAL_ROUTES, 'route')} AS referral_route,
       ${pick(AGE_BANDS, 'age')} AS age_band,
       CAST(1 + floor(random() * 6) AS INTEGER) AS household_size,
       CASE WHEN random() < 0.4 THEN [${pick(ISSUES, 'a')}, ${pick(ISSUES, 'b')}] ELSE [${pick(ISSUES, 'c')}] END AS issues,
       'supporting' AS status, CAST(NULL AS DATE) AS closed_on, 'day' AS opened_on_precision
     FROM (SELECT code, fy, unnest(range(CAST(round(w * ${CASES_TOTAL} / ${YEARS.length}) AS BIGINT))) AS i FROM weights, years)`,
    'fiscal_year',
  );
  await copy(
    'activities',
    `SELECT code AS municipality_code, fy AS fiscal_year,
       CAST(make_date(CASE WHEN m >= 4 THEN fy ELSE fy + 1 END, m, 1) AS DATE) AS month,
       CAST(floor(random() * 10) AS INTEGER) AS new_persons, CAST(floor(random() * 80) AS INTEGER) AS contacts,
       CAST(floor(random() * 5) AS INTEGER) AS support_meetings, CAST(floor(random() * 3) AS INTEGER) AS juso_meetings,
       CAST(floor(random() * 8) AS INTEGER) AS meeting_cases, CAST(NULL AS INTEGER) AS outreach_visits,
       CAST(NULL AS INTEGER) AS participation_support
     FROM towns, years, (SELECT unnest(range(1, 13)) AS m)`,
    'fiscal_year',
  );
  await copy(
    'implementation',
    `SELECT code AS municipality_code, fy AS fiscal_year,
       CASE WHEN fy >= 2021 + (hash(code) % 6) THEN 'implementing' ELSE 'considering' END AS status,
       random() < 0.8 AS comprehensive_consultation, random() < 0.5 AS multi_agency, random() < 0.5 AS outreach,
       random() < 0.5 AS participation, random() < 0.5 AS community, TRUE AS support_meeting,
       random() < 0.2 AS isolation_council, CAST(NULL AS DATE) AS advocacy_visit_on
     FROM towns, years`,
    'fiscal_year',
  );
  await copy(
    'visits',
    `SELECT code AS municipality_code, as_of, 'J' || CAST(j AS VARCHAR) AS jichikai_id, '自治会' || CAST(j AS VARCHAR) AS jichikai_name,
       40 AS households, CASE WHEN as_of = DATE '2025-03-31' THEN 40 ELSE 20 END AS visited_households,
       CASE WHEN as_of = DATE '2025-03-31' THEN 'completed' ELSE 'in_progress' END AS status,
       CASE WHEN as_of = DATE '2025-03-31' THEN as_of END AS completed_on, TRUE AS hearing_done,
       CAST(floor(random() * 3) AS INTEGER) AS concern_households, CAST(floor(random() * 2) AS INTEGER) AS referrals
     FROM (SELECT code, unnest(range(CAST(round(w * ${JICHIKAI_TOTAL}) AS BIGINT) + 1)) AS j FROM weights),
          (SELECT unnest([DATE '2024-03-31', DATE '2025-03-31']) AS as_of)`,
    'as_of',
  );
  await copy(
    'population',
    `SELECT code AS municipality_code, as_of, population, CAST(population / 2.3 AS INTEGER) AS households,
       CAST(population * (0.25 + random() * 0.2) AS INTEGER) AS aged_65_plus, CAST(NULL AS INTEGER) AS jichikai_count,
       'ベンチマーク用の合成値' AS source
     FROM towns, (SELECT unnest([DATE '2020-04-01', DATE '2024-04-01']) AS as_of)`,
    'as_of',
  );
  db.closeSync();
  instance.closeSync();
}

/** The floor: one DuckDB scan touching every column of every file of every dataset. */
async function bareScan(): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const started = performance.now();
  for (const dataset of DATASET_NAMES) {
    const binding = await duckdbTableBinding(dataDir, dataset);
    const reader = await db.runAndReadAll(`SELECT * FROM (${binding}) LIMIT 0`);
    const columns = reader.columnNames();
    await db.runAndReadAll(
      `SELECT COUNT(*), ${columns.map((c) => `COUNT(${c})`).join(', ')} FROM (${binding})`,
    );
  }
  const elapsed = performance.now() - started;
  db.closeSync();
  instance.closeSync();
  return elapsed;
}

async function main(): Promise<void> {
  const reference = nationalReference();
  const marker = path.join(dataDir, 'generated.json');
  const previous = await readFile(marker, 'utf8').catch(() => '');
  const wanted = JSON.stringify({ municipalities: MUNICIPALITIES, years: YEARS });
  if (previous === wanted && process.env.BENCH_REGENERATE !== '1') {
    console.log(`reusing ${MUNICIPALITIES} municipalities × ${YEARS.length} FYs in ${dataDir}`);
  } else {
    const genStarted = performance.now();
    await generate(reference);
    await writeFile(marker, wanted);
    console.log(
      `generated ${MUNICIPALITIES} municipalities × ${YEARS.length} FYs in ${seconds(performance.now() - genStarted)} s (${dataDir})`,
    );
  }

  const floorMs = await bareScan();
  console.log(`floor: bare DuckDB scan of every column of the same Parquet: ${seconds(floorMs)} s`);

  // One-time build of the warehouse from every partition file (a fresh install or a discarded cache).
  await rm(warehousePath(dataDir), { force: true });
  await rm(`${warehousePath(dataDir)}.wal`, { force: true });
  const buildEngine = new DuckDbEngine({ dataDir, reference });
  const buildStarted = performance.now();
  await buildEngine.sync(DATASET_NAMES, 'bench-1');
  const buildMs = performance.now() - buildStarted;
  await buildEngine.close();
  console.log(`one-time warehouse build from all partition files: ${seconds(buildMs)} s`);

  // After ingest: the publisher builds the version's grid (its queries over every FY) and stores it.
  await rm(path.join(dataDir, PUBLISHED_GRID_PREFIX), { recursive: true, force: true });
  const publishMs = await timePublish(reference, 'bench-1');
  // Cold: a fresh engine and service (warehouse file reopened, no cached results) at the published version.
  const cold = await timeAll(reference, 'bench-1', 'cold');
  // The 県全体 page's first load, as the page asks, at the published version.
  const pageMs = await timePage(reference, 'bench-1');
  // Cold after a version bump before its grid is published (the publisher failed or is still
  // running): the sync lists every partition object and the first request builds the grid.
  const coldChecked = await timeAll(reference, 'bench-2', 'cold, grid not yet published');
  // Printed now: a proof that overruns its limit keeps the event loop too busy to print later.
  console.log(
    `県全体 page first load (its requests and summary together, fresh service): ${seconds(pageMs)} s`,
  );

  // The protected grid: the exact grid of every FY, its cells linked, the 推進チーム's pattern proven.
  const protectedGrid = await timeProtectedGrid(reference, 'bench-2');

  // Incremental re-sync: one cases partition rewritten (same rows, new object), new data version.
  await rewriteOnePartition();
  const resyncEngine = new DuckDbEngine({ dataDir, reference });
  const resyncStarted = performance.now();
  const outcomes = await resyncEngine.sync(DATASET_NAMES, 'bench-3');
  const resyncMs = performance.now() - resyncStarted;
  await resyncEngine.close();
  const reloaded = outcomes.map((o, i) => `${DATASET_NAMES[i]} ${o.mode}/${o.reloadedPartitions}`).join(', ');
  console.log(`re-sync after one partition changed: ${seconds(resyncMs)} s (${reloaded})`);

  console.log(
    `all indicators cold from the published grid: ${seconds(cold.coldMs)} s (bar ≤ 3 s); before it is published (listing + build): ${seconds(coldChecked.coldMs)} s; warm: ${cold.warmMs.toFixed(1)} ms (bar ≤ 10 ms); publishing the grid: ${seconds(publishMs)} s`,
  );
  console.log(`cold / floor: ${(cold.coldMs / floorMs).toFixed(2)}× (goal ≤ 5×)`);
  console.log(
    JSON.stringify({
      cold_s: seconds(cold.coldMs),
      warm_ms: Math.round(cold.warmMs * 100) / 100,
      floor_s: seconds(floorMs),
      ratio: Math.round((cold.coldMs / floorMs) * 100) / 100,
      cold_unpublished_s: seconds(coldChecked.coldMs),
      publish_s: seconds(publishMs),
      build_s: seconds(buildMs),
      resync_s: seconds(resyncMs),
      page_s: seconds(pageMs),
      grid_s: seconds(protectedGrid.gridMs),
      link_s: seconds(protectedGrid.linkMs),
      team_pattern_s: protectedGrid.patternMs === null ? null : seconds(protectedGrid.patternMs),
      team_hidden_share: protectedGrid.hiddenShare,
    }),
  );
  process.exit(0);
}

const PATTERN_LIMIT_MS = Number(process.env.BENCH_PATTERN_LIMIT_S ?? 3600) * 1000;

/**
 * The published grid of a data version: the exact grid (four queries over
 * every FY), its cells and relations, and the 推進チーム's proven pattern
 * (given up after BENCH_PATTERN_LIMIT_S, default 3600 s — nationally it
 * takes about 22 minutes — and reported null; 0 skips it, for the other
 * figures: a proof that overruns keeps the process too busy to finish them).
 */
async function timeProtectedGrid(reference: ReferenceData, version: string) {
  const service = freshService(reference, version);
  let started = performance.now();
  const { grid } = await service.grid(version);
  const gridMs = performance.now() - started;
  started = performance.now();
  const cells = grid.cells;
  const linkMs = performance.now() - started;
  console.log(
    `published grid: exact tables ${seconds(gridMs)} s; ${cells.cells.size} cells and ${cells.relations.length} relations linked in ${seconds(linkMs)} s`,
  );
  if (PATTERN_LIMIT_MS === 0) {
    console.log('推進チーム pattern: skipped (BENCH_PATTERN_LIMIT_S=0)');
    return { gridMs, linkMs, patternMs: null, hiddenShare: null };
  }
  started = performance.now();
  const pattern = await Promise.race([
    grid.protection(null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), PATTERN_LIMIT_MS).unref()),
  ]);
  const patternMs = pattern === null ? null : performance.now() - started;
  let hiddenShare: number | null = null;
  if (pattern) {
    let total = 0;
    let hidden = 0;
    for (const cell of cells.cells.values()) {
      if (cell.owner === null || cell.detail) continue;
      total += cell.value;
      if (pattern.hidden.has(cell.id)) hidden += cell.value;
    }
    hiddenShare = total > 0 ? Math.round((hidden / total) * 10000) / 10000 : 0;
    console.log(
      `推進チーム pattern: ${pattern.primary.size} primary, ${pattern.hidden.size - pattern.withheld.size} hidden beside ${pattern.withheld.size} withheld detail cells, ${pattern.solves} LPs, ${seconds(patternMs as number)} s; hidden town FY counts hold ${(hiddenShare * 100).toFixed(2)}% of their total`,
    );
  } else console.log(`推進チーム pattern: not proven within ${PATTERN_LIMIT_MS / 1000} s`);
  return { gridMs, linkMs, patternMs, hiddenShare };
}

/**
 * A new engine and service over the warehouse file and the published grids:
 * nothing cached but the files. `writes`: it stores the grids it builds (the publisher).
 */
const freshService = (reference: ReferenceData, version: string, writes = false): IndicatorService =>
  new IndicatorService({
    engine: new DuckDbEngine({ dataDir, reference }),
    dataVersion: async () => version,
    suppressionK: 3,
    reference,
    publishedGrids: { store: new LocalStore(dataDir), write: writes },
  });

/** What runs after an accepted upload: the version's grid built and stored (its queries, encoding, the write). */
async function timePublish(reference: ReferenceData, version: string): Promise<number> {
  const service = freshService(reference, version, true);
  const started = performance.now();
  await service.publish();
  const elapsed = performance.now() - started;
  await service.close();
  const stored = await new LocalStore(dataDir).head(publishedGridKey(version));
  console.log(
    `published the grid of ${version}: ${seconds(elapsed)} s (${((stored?.size ?? 0) / 1e6).toFixed(1)} MB stored)`,
  );
  return elapsed;
}

/** Every indicator through a fresh engine and service, then again from the cache. */
async function timeAll(reference: ReferenceData, version: string, label: string) {
  const service = freshService(reference, version);
  const coldStarted = performance.now();
  for (const id of INDICATOR_IDS) {
    const t = performance.now();
    const { data } = await service.get(id, {}, viewer);
    console.log(`  ${label} ${id}: ${seconds(performance.now() - t)} s, ${data.length} rows`);
  }
  const coldMs = performance.now() - coldStarted;
  const warmStarted = performance.now();
  for (const id of INDICATOR_IDS) await service.get(id, {}, viewer);
  const warmMs = performance.now() - warmStarted;
  await service.close();
  return { coldMs, warmMs };
}

/** What the 県全体 page requests on its first load, besides the summary (dashboard/pages/prefecture.tsx). */
const PAGE_REQUESTS = Object.values(PREFECTURE_PAGE_REQUESTS);

/** A fresh engine and service answering the page's requests together, as the page sends them. */
async function timePage(reference: ReferenceData, version: string): Promise<number> {
  const service = freshService(reference, version);
  const started = performance.now();
  const [answers] = await Promise.all([
    Promise.all(PAGE_REQUESTS.map(([id, filters]) => service.get(id, filters, viewer))),
    service.summary(viewer),
  ]);
  const elapsed = performance.now() - started;
  if (answers.some((a) => a.meta.cached)) throw new Error('page run was not cold');
  await service.close();
  return elapsed;
}

/** Replaces one cases partition object as the ingest does (temp file + rename): same rows, new mtime. */
async function rewriteOnePartition(): Promise<void> {
  const [first] = await listPartitionFiles(dataDir, 'cases');
  if (!first) throw new Error('no cases partition to rewrite');
  const file = path.join(dataDir, 'curated', 'cases', first.key);
  const temp = `${file}.tmp`;
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  await db.run(`COPY (SELECT * FROM read_parquet('${file}')) TO '${temp}' (FORMAT parquet)`);
  db.closeSync();
  instance.closeSync();
  await rename(temp, file);
}

await main();
