import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import type { QueryEngine } from '../../src/query/engine';
import { QueryInputError } from '../../src/query/errors';
import { INDICATOR_IDS, type Row } from '../../src/query/types';
import { IndicatorService } from '../../src/service/indicator-service';
import { tempDataDir, writeCuratedParquet } from './parquet-fixture';

const prefecture: Viewer = { role: 'prefecture', login: 'p' };
const team: Viewer = { role: 'promotion_team', login: 't' };
const HOKUEI = '313726';
const KOTOURA = '313718';
const CHIZU = '313289';
const OUTSIDE = '132012'; // a code outside Tottori's reference: still counts in the prefecture total

function kase(code: string, fy: number, id: string, openedOn: string): Record<string, unknown> {
  return {
    municipality_code: code,
    fiscal_year: fy,
    case_id: id,
    opened_on: openedOn,
    referral_route: 'agency_other',
    age_band: '50s',
    household_size: 2,
    issues: ['isolation', 'hikikomori'],
    status: 'supporting',
    closed_on: null,
    opened_on_precision: 'day',
  };
}
const cases = (code: string, fy: number, opened: string[]) =>
  opened.map((d, i) => kase(code, fy, `${code}-${fy}-${i}`, d));
const pop = (code: string, asOf: string, population: number) => ({
  municipality_code: code,
  as_of: asOf,
  population,
  households: null,
  aged_65_plus: null,
  jichikai_count: null,
  source: `人口${asOf}`,
});

/** Counts how often the engine really ran, to see the cache work. */
class CountingEngine implements QueryEngine {
  readonly name = 'duckdb' as const;
  runs = 0;
  constructor(private readonly inner: QueryEngine) {}
  run(q: string, p: readonly number[], v: string) {
    this.runs++;
    return this.inner.run(q, p, v);
  }
  close() {
    return this.inner.close();
  }
}

let dataDir: string;
let engine: CountingEngine;
let version = 'v1';
let service: IndicatorService;

beforeAll(async () => {
  dataDir = await tempDataDir();
  await writeCuratedParquet(dataDir, {
    cases: [
      // 北栄町 FY2022: 3 opened inside the FY (新規), 2 carried over (継続); FY2021: 4
      ...cases(HOKUEI, 2022, ['2022-04-01', '2022-10-15', '2023-03-31', '2022-03-31', '2020-06-01']),
      ...cases(HOKUEI, 2021, ['2021-05-01', '2021-06-01', '2021-07-01', '2021-08-01']),
      ...cases(KOTOURA, 2022, ['2022-05-01', '2022-06-01', '2022-07-01']),
      ...cases(CHIZU, 2022, ['2022-05-01', '2022-06-01', '2022-07-01', '2022-08-01']),
      ...cases(OUTSIDE, 2022, ['2022-05-01', '2022-06-01', '2022-07-01']),
    ],
    population: [
      // 北栄町: FY2022 takes 2022-04-01 (on April 1 counts), FY2023 takes 2023-01-10; FY2021 falls back to the earliest
      pop(HOKUEI, '2022-04-01', 14000),
      pop(HOKUEI, '2023-01-10', 13800),
      pop(HOKUEI, '2023-04-02', 13500),
      // 琴浦町 FY2022: the row dated after April 1 is the only one, so it is used (earliest available)
      pop(KOTOURA, '2022-10-01', 16000),
    ],
  });
  engine = new CountingEngine(new DuckDbEngine({ dataDir }));
  service = new IndicatorService({ engine, dataVersion: async () => version, suppressionK: 3 });
});
afterAll(async () => {
  await service?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const find = (rows: Row[], level: string, area: string, fy: number) =>
  rows.find((r) => r.level === level && r.area_code === area && r.fiscal_year === fy);

describe('IndicatorService', () => {
  it('splits 実人数 into 新規 (opened inside the FY) and 継続', async () => {
    const { data } = await service.get('consultations', {}, prefecture);
    const r = find(data, 'municipality', HOKUEI, 2022);
    expect([r?.persons, r?.new_persons, r?.continuing_persons]).toEqual([5, 3, 2]);
  });

  it('takes each FY’s population from the latest row on or before April 1, else the earliest, else the reference', async () => {
    const { data } = await service.get('consultations', {}, prefecture);
    const h2022 = find(data, 'municipality', HOKUEI, 2022);
    expect([h2022?.population, h2022?.population_as_of, h2022?.population_source]).toEqual([
      14000,
      '2022-04-01',
      '人口2022-04-01',
    ]);
    expect(h2022?.persons_per_10k).toBe(Math.round((5 * 10000 * 100) / 14000) / 100);
    expect(find(data, 'municipality', HOKUEI, 2021)?.population_as_of).toBe('2022-04-01');
    expect(find(data, 'municipality', KOTOURA, 2022)?.population).toBe(16000);
    const chizu = find(data, 'municipality', CHIZU, 2022);
    expect([chizu?.population, chizu?.population_as_of, chizu?.population_rough]).toEqual([6400, null, true]);
  });

  it('region totals add up their towns; the prefecture total also counts codes outside the reference', async () => {
    const { data } = await service.get('consultations', { fiscalYear: 2022 }, prefecture);
    expect(find(data, 'region', '中部', 2022)?.persons).toBe(5 + 3);
    expect(find(data, 'region', '東部', 2022)?.persons).toBe(4);
    expect(find(data, 'prefecture', '310000', 2022)?.persons).toBe(5 + 3 + 4 + 3);
    expect(find(data, 'municipality', OUTSIDE, 2022)?.region).toBeNull();
  });

  it('computes 前年度比 from the previous FY even when the range starts later', async () => {
    const { data } = await service.get('consultations', { fiscalYear: 2022 }, prefecture);
    expect(data.every((r) => r.fiscal_year === 2022)).toBe(true);
    expect(find(data, 'municipality', HOKUEI, 2022)?.persons_yoy).toBe(1.25);
  });

  it('keeps one town’s rows with its region and the prefecture when filtered by municipality', async () => {
    const { data, meta } = await service.get('consultations', { municipality: KOTOURA }, prefecture);
    expect(new Set(data.map((r) => `${r.level}:${r.area_code}`))).toEqual(
      new Set([`municipality:${KOTOURA}`, 'region:中部', 'prefecture:310000']),
    );
    expect(meta.filters.municipality).toBe(KOTOURA);
  });

  it('データ時点 is never after today (in Japan): a running FY does not read as of its end', async () => {
    // FY2022 ends 2023-03-31; on 2022-12-01 09:30 JST (00:30 UTC) that is still months away.
    const early = new IndicatorService({
      engine,
      dataVersion: async () => version,
      suppressionK: 3,
      clock: () => new Date('2022-12-01T00:30:00Z'),
    });
    const running = await early.get('consultations', {}, prefecture);
    expect(running.meta.as_of).toBe('2022-12-01');
    const { meta } = await service.get('consultations', {}, prefecture);
    expect(meta.as_of).toBe('2023-03-31');
  });

  it('an absent dataset gives an empty table', async () => {
    const { data, meta } = await service.get('visits', {}, prefecture);
    expect(data).toEqual([]);
    expect(meta.as_of).toBeNull();
  });

  it('builds the published grid once per data version and suppresses from it, per viewer', async () => {
    version = 'cache-1';
    const before = engine.runs;
    const exact = await service.get('consultations', {}, prefecture);
    const shown = await service.get('consultations', {}, team);
    const again = await service.get('consultations', {}, prefecture);
    await service.get('issues', { from: 2022, to: 2023 }, team);
    // One query per table of the grid (相談, 課題, 訪問, 比較, 成果, and 実施状況 kept with them), each over every FY.
    expect(engine.runs - before).toBe(6);
    expect([exact.meta.cached, shown.meta.cached, again.meta.cached]).toEqual([false, true, true]);
    // 北栄町 FY2022 継続 = 2: exact for the prefecture, 秘匿 for the team, from the same cached rows
    expect(find(exact.data, 'municipality', HOKUEI, 2022)?.continuing_persons).toBe(2);
    const hidden = find(shown.data, 'municipality', HOKUEI, 2022);
    expect(hidden?.continuing_persons).toBeNull();
    expect(hidden?.suppressed).toContain('continuing_persons');
    expect(shown.meta.suppression.applied).toBe(true);
    // The note counts towns with a 秘匿 figure, as a reader would, not internal cells.
    const towns = new Set(
      shown.data
        .filter((r) => r.level === 'municipality' && Array.isArray(r.suppressed) && r.suppressed.length > 0)
        .map((r) => r.municipality_code),
    );
    expect(shown.meta.suppression.note).toContain(`（${towns.size}市町村の値`);
    expect(again.data).toEqual(exact.data);
    version = 'cache-2';
    await service.get('consultations', {}, prefecture);
    expect(engine.runs - before).toBe(12);
  });

  it('every viewer gets the same answer whoever asked first (the exact rows are shared)', async () => {
    const town: Viewer = { role: 'municipality', municipalityCode: HOKUEI, login: 'h' };
    const viewers = [prefecture, team, town];
    const answers = async (order: Viewer[], tag: string) => {
      version = tag;
      const out = new Map<Viewer, string>();
      for (const id of INDICATOR_IDS)
        for (const viewer of order) {
          const { data, meta } = await service.get(id, { from: 2022 }, viewer);
          out.set(
            viewer,
            `${out.get(viewer) ?? ''}${JSON.stringify({ data, suppression: meta.suppression })}`,
          );
        }
      return out;
    };
    const entitledFirst = await answers(viewers, 'order-1');
    const entitledLast = await answers([...viewers].reverse(), 'order-2');
    for (const viewer of viewers) expect(entitledLast.get(viewer)).toBe(entitledFirst.get(viewer));
    // The team really sees hidden figures here, so the comparison covers suppression.
    expect(entitledFirst.get(team)).toMatch(/"suppressed":\["[a-z_]+"/);
  });

  it('rejects bad filters with a Japanese QueryInputError', async () => {
    await expect(service.get('consultations', { fiscalYear: 1900 }, prefecture)).rejects.toBeInstanceOf(
      QueryInputError,
    );
    await expect(service.get('consultations', { municipality: '999999' }, prefecture)).rejects.toThrow(
      /市町村コード/,
    );
    await expect(service.get('consultations', { from: 2024, to: 2022 }, prefecture)).rejects.toThrow(
      /開始年度/,
    );
    await expect(service.get('nope' as never, {}, prefecture)).rejects.toBeInstanceOf(QueryInputError);
  });
});
