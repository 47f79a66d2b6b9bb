import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { REFERRAL_ROUTES, termsInGroup } from '../../src/datasets/vocabularies';
import {
  DEMO_COMPLETE_MARKER,
  DEMO_EXTRACTS_DIR,
  ensureDemoData,
  generateDemoExtracts,
  SEED_FIGURES,
} from '../../src/demo';
import type { IngestReport } from '../../src/ingest/report';

// The whole demo through the real ingest into a temp data folder, then the
// seed's figures read back from the curated Parquet with DuckDB, as the
// indicators will read them.
let dataDir: string;
let reports: IngestReport[];
let progress: Array<[number, number]>;
let instance: DuckDBInstance;
let db: DuckDBConnection;

const parquet = (dataset: string): string =>
  `read_parquet('${path.join(dataDir, 'curated', dataset).replaceAll("'", "''")}/*/*/*.parquet', hive_partitioning = true)`;

async function rows(sql: string): Promise<Array<Record<string, unknown>>> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'demo-seed-'));
  progress = [];
  const result = await ensureDemoData(
    { ...loadConfig({}), dataDir },
    { onProgress: (done, total) => progress.push([done, total]) },
  );
  expect(result.generated).toBe(true);
  reports = result.reports;
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
}, 180_000);

afterAll(async () => {
  db?.closeSync();
  instance?.closeSync();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('ensureDemoData into an empty data folder', () => {
  it('accepts every demo file with zero errors and reports progress per file', () => {
    const files = generateDemoExtracts();
    expect(reports).toHaveLength(files.length);
    for (const report of reports) {
      expect(report.errors, report.file).toEqual([]);
      expect(report.status, report.file).toBe('accepted');
    }
    expect(progress.at(-1)).toEqual([files.length, files.length]);
  });

  it('is read by the ingest in the encoding each file was written in (CP932 or UTF-8 with BOM)', () => {
    const files = generateDemoExtracts();
    expect(reports.map((r) => [r.file, r.encoding])).toEqual(files.map((f) => [f.fileName, f.encoding]));
    expect(new Set(reports.map((r) => r.encoding))).toEqual(new Set(['cp932', 'utf-8-bom']));
  });

  it('keeps the extracts as real files for people to open, and marks the load complete', async () => {
    const written = await readdir(path.join(dataDir, DEMO_EXTRACTS_DIR));
    expect(written.filter((f) => f.endsWith('.csv')).sort()).toEqual(
      generateDemoExtracts()
        .map((f) => f.fileName)
        .sort(),
    );
    expect(written).toContain(DEMO_COMPLETE_MARKER);
  });

  it('does nothing when curated data already exists', async () => {
    const again = await ensureDemoData({ ...loadConfig({}), dataDir });
    expect(again).toEqual({ generated: false, reports: [] });
  });
});

describe("the seed's figures, read back from the curated Parquet", () => {
  it('北栄町 実人数 / 延べ / 支援会議 for FY2021 and FY2022, and a full FY2023 of 12 months', async () => {
    const persons = await rows(
      `SELECT fiscal_year::INTEGER AS fy, count(*)::INTEGER AS n FROM ${parquet('cases')}
       WHERE municipality_code::VARCHAR = '313726' GROUP BY ALL ORDER BY fy`,
    );
    const tallies = await rows(
      `SELECT fiscal_year::INTEGER AS fy, sum(contacts)::INTEGER AS contacts,
              sum(support_meetings)::INTEGER AS meetings, count(*)::INTEGER AS months,
              max(month)::VARCHAR AS last_month
       FROM ${parquet('activities')} WHERE municipality_code::VARCHAR = '313726' GROUP BY ALL ORDER BY fy`,
    );
    for (const [fy, figures] of Object.entries(SEED_FIGURES.hokuei)) {
      expect(persons.find((r) => r.fy === Number(fy))?.n, `FY${fy} 実人数`).toBe(figures.persons);
      expect(tallies.find((r) => r.fy === Number(fy))).toMatchObject({
        contacts: figures.contacts,
        meetings: figures.supportMeetings,
      });
    }
    expect(tallies.find((r) => r.fy === 2023)).toMatchObject({
      months: 12,
      last_month: SEED_FIGURES.hokueiFy2023LastMonth,
    });
    const [lastCase] = await rows(
      `SELECT max(greatest(opened_on, coalesce(closed_on, opened_on)))::VARCHAR AS last_day FROM ${parquet('cases')}
       WHERE municipality_code::VARCHAR = '313726' AND fiscal_year = 2023`,
    );
    expect((lastCase?.last_day as string) <= '2024-03-31').toBe(true);
    expect((lastCase?.last_day as string) > '2023-09-30').toBe(true);
  });

  it("北栄町 April–September 2023 inside the full FY2023: the seed's 21 persons / 延べ 155 / 支援会議 22", async () => {
    // persons: FY2023 cases open at some point in the window (continuing cases count from April);
    // contacts and meetings: the monthly tallies of the window.
    const half = SEED_FIGURES.hokueiFy2023FirstHalf;
    const from = `${half.fromMonth}-01`;
    const to = `${half.toMonth}-01`;
    const [persons] = await rows(
      `SELECT count(*)::INTEGER AS n,
              count(*) FILTER (WHERE opened_on < DATE '${from}')::INTEGER AS continuing
       FROM ${parquet('cases')}
       WHERE municipality_code::VARCHAR = '313726' AND fiscal_year = ${half.fiscalYear}
         AND opened_on <= last_day(DATE '${to}')
         AND (closed_on IS NULL OR closed_on >= DATE '${from}')`,
    );
    const [tallies] = await rows(
      `SELECT sum(contacts)::INTEGER AS contacts, sum(support_meetings)::INTEGER AS meetings,
              count(*)::INTEGER AS months
       FROM ${parquet('activities')}
       WHERE municipality_code::VARCHAR = '313726' AND month BETWEEN DATE '${from}' AND DATE '${to}'`,
    );
    expect([persons?.n, tallies?.contacts, tallies?.meetings, tallies?.months]).toEqual([
      half.persons,
      half.contacts,
      half.supportMeetings,
      6,
    ]);
    expect(persons?.continuing as number).toBeGreaterThan(0);
  });

  it("北栄町: 9割以上 of each briefing year's cases came from 関係機関 (the group of 相談経路)", async () => {
    const agencies = termsInGroup(REFERRAL_ROUTES, 'agencies')
      .map((c) => `'${c}'`)
      .join(', ');
    const shares = await rows(
      `SELECT fiscal_year::INTEGER AS fy,
              (count(*) FILTER (WHERE referral_route IN (${agencies})) / count(*))::DOUBLE AS share
       FROM ${parquet('cases')}
       WHERE municipality_code::VARCHAR = '313726' AND fiscal_year BETWEEN 2021 AND 2023 GROUP BY ALL ORDER BY fy`,
    );
    expect(shares.map((r) => r.fy)).toEqual([2021, 2022, 2023]);
    for (const r of shares) expect(r.share as number, `FY${r.fy}`).toBeGreaterThanOrEqual(0.9);
  });

  it('米子市 FY2022 延べ 499, 重層的支援会議 27回, 検討ケース 44', async () => {
    const [yonago] = await rows(
      `SELECT sum(contacts)::INTEGER AS contacts, sum(juso_meetings)::INTEGER AS juso,
              sum(meeting_cases)::INTEGER AS cases
       FROM ${parquet('activities')} WHERE municipality_code::VARCHAR = '312029' AND fiscal_year = 2022`,
    );
    expect(yonago).toEqual({ contacts: 499, juso: 27, cases: 44 });
  });

  it('実施市町村 FY2021 1, FY2022 4, FY2023 5, FY2024 9, counting status 実施 only', async () => {
    const counts = await rows(
      `SELECT fiscal_year::INTEGER AS fy,
              count(*) FILTER (WHERE status = 'implementing')::INTEGER AS implementing,
              count(*) FILTER (WHERE status = 'planned')::INTEGER AS planned
       FROM ${parquet('implementation')} GROUP BY ALL ORDER BY fy`,
    );
    expect(counts).toEqual([
      { fy: 2021, implementing: 1, planned: 0 },
      { fy: 2022, implementing: 4, planned: 0 },
      { fy: 2023, implementing: 5, planned: 0 },
      { fy: 2024, implementing: 9, planned: 0 },
      { fy: 2025, implementing: 9, planned: 0 },
    ]);
    for (const [fy, n] of Object.entries(SEED_FIGURES.implementingCounts))
      expect(counts.find((r) => r.fy === Number(fy))?.implementing, `FY${fy}`).toBe(n);
  });

  it('八頭町・湯梨浜町・琴浦町・江府町 report cases and 12 months of tallies from FY2024', async () => {
    const first = await rows(
      `SELECT municipality_code::VARCHAR AS code, min(fiscal_year)::INTEGER AS first_fy,
              count(*) FILTER (WHERE fiscal_year = 2024)::INTEGER AS months_2024
       FROM ${parquet('activities')}
       WHERE municipality_code::VARCHAR IN ('313297', '313700', '313718', '314030') GROUP BY ALL ORDER BY code`,
    );
    expect(first).toEqual(
      ['313297', '313700', '313718', '314030'].map((code) => ({ code, first_fy: 2024, months_2024: 12 })),
    );
  });

  it('北栄町 世帯訪問調査: 25 of 63 自治会 completed by the end of FY2023', async () => {
    const [hokuei] = await rows(
      `SELECT count(*)::INTEGER AS total, count(*) FILTER (WHERE status = 'completed')::INTEGER AS done
       FROM ${parquet('visits')}
       WHERE municipality_code::VARCHAR = '313726' AND as_of::DATE = DATE '2024-03-31'`,
    );
    expect(hokuei).toEqual({ total: 63, done: 25 });
  });

  it('北栄町 population 14,451 (5,493 households, 63 自治会) as of 2023-04-01', async () => {
    const [hokuei] = await rows(
      `SELECT population::INTEGER AS population, households::INTEGER AS households,
              jichikai_count::INTEGER AS jichikai, source
       FROM ${parquet('population')}
       WHERE municipality_code::VARCHAR = '313726' AND as_of::DATE = DATE '2023-04-01'`,
    );
    expect(hokuei).toMatchObject({ population: 14_451, households: 5_493, jichikai: 63 });
    expect(String(hokuei?.source)).toMatch(/デモ用/);
  });

  it('新規相談者数 matches the cases opened in each FY, for every town and year', async () => {
    const mismatches = await rows(
      `WITH fresh AS (
         SELECT municipality_code::VARCHAR AS code, fiscal_year::INTEGER AS fy,
                count(*) FILTER (WHERE opened_on >= make_date(fiscal_year::INTEGER, 4, 1))::INTEGER AS n
         FROM ${parquet('cases')} GROUP BY ALL),
       tallied AS (
         SELECT municipality_code::VARCHAR AS code, fiscal_year::INTEGER AS fy, sum(new_persons)::INTEGER AS n
         FROM ${parquet('activities')} GROUP BY ALL)
       SELECT * FROM fresh FULL JOIN tallied USING (code, fy) WHERE fresh.n IS DISTINCT FROM tallied.n`,
    );
    expect(mismatches).toEqual([]);
  });
});

describe('an interrupted demo load', () => {
  it('is resumed on the next run, ending with the same figures and no duplicated rows', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-resume-'));
    try {
      const config = { ...loadConfig({}), dataDir: dir };
      const stopAfterFive = (done: number) => {
        if (done === 5) throw new Error('interrupted');
      };
      await expect(ensureDemoData(config, { onProgress: stopAfterFive })).rejects.toThrow('interrupted');
      const resumed = await ensureDemoData(config);
      expect(resumed.generated).toBe(true);
      expect(resumed.reports.every((r) => r.status === 'accepted')).toBe(true);
      const [hokuei] = (
        await db.runAndReadAll(
          `SELECT count(*)::INTEGER AS n FROM read_parquet('${dir}/curated/cases/*/*/*.parquet', hive_partitioning = true)
           WHERE municipality_code::VARCHAR = '313726' AND fiscal_year = 2021`,
        )
      ).getRowObjectsJson();
      expect(hokuei?.n).toBe(SEED_FIGURES.hokuei[2021].persons);
      expect(await ensureDemoData(config)).toEqual({ generated: false, reports: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
