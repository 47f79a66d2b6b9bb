import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import type { Row } from '../../src/query/types';
import type { IndicatorService } from '../../src/service/indicator-service';
import { demoService } from './demo-data';

// The seed briefing's figures (../shared/docs/data-contract.md), from the demo
// extracts after the real ingest, through the real SQL.
const HOKUEI = '313726';
const YONAGO = '312029';
const prefecture: Viewer = { role: 'prefecture', login: 'golden' };

let service: IndicatorService;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ service, dispose } = await demoService('golden'));
}, 120_000);

afterAll(async () => {
  await dispose?.();
});

const townYear = (rows: Row[], code: string, fy: number): Row | undefined =>
  rows.find((r) => r.level === 'municipality' && r.municipality_code === code && r.fiscal_year === fy);

describe('golden figures from the demo extracts', () => {
  it('北栄町 consultations: 実人数 / 延べ / 支援会議 for FY2021, FY2022 and the full FY2023', async () => {
    const { data } = await service.get('consultations', { municipality: HOKUEI }, prefecture);
    const figures = [2021, 2022, 2023].map((fy) => {
      const r = townYear(data, HOKUEI, fy);
      return [r?.persons, r?.contacts, r?.support_meetings];
    });
    expect(figures).toEqual([
      [20, 159, 33],
      [41, 245, 51],
      [38, 301, 45], // the demo's full year (src/demo/README.md)
    ]);
    expect(townYear(data, HOKUEI, 2023)?.months_reported).toBe(12);
  });

  it("北栄町 April–September 2023 through the month window: the briefing's 21 / 155 / 22", async () => {
    const { data } = await service.get(
      'consultations',
      { municipality: HOKUEI, fromMonth: '2023-04', toMonth: '2023-09' },
      prefecture,
    );
    const r = townYear(data, HOKUEI, 2023);
    expect([r?.persons, r?.contacts, r?.support_meetings, r?.months_reported]).toEqual([21, 155, 22, 6]);
  });

  it('北栄町 rates use the 2023-04-01 population (14,451) and say so', async () => {
    const { data } = await service.get(
      'consultations',
      { municipality: HOKUEI, fiscalYear: 2022 },
      prefecture,
    );
    const r = townYear(data, HOKUEI, 2022);
    expect(r?.population).toBe(14451);
    expect(r?.population_as_of).toBe('2023-04-01');
    expect(r?.persons_per_10k).toBe(Math.round((41 * 10000 * 100) / 14451) / 100);
  });

  it('米子市 FY2022: 延べ相談件数 499, 重層的支援会議 27回, 検討ケース 44', async () => {
    const { data } = await service.get(
      'consultations',
      { municipality: YONAGO, fiscalYear: 2022 },
      prefecture,
    );
    const r = townYear(data, YONAGO, 2022);
    expect([r?.contacts, r?.juso_meetings, r?.meeting_cases]).toEqual([499, 27, 44]);
  });

  it('実施市町村: FY2021 1, FY2022 4, FY2023 5, FY2024 9, counting 実施 only', async () => {
    const { data } = await service.get('implementation', { from: 2021, to: 2024 }, prefecture);
    const byYear = new Map(data.filter((r) => r.level === 'prefecture').map((r) => [r.fiscal_year, r]));
    expect([2021, 2022, 2023, 2024].map((fy) => byYear.get(fy)?.implementing)).toEqual([1, 4, 5, 9]);
    expect(byYear.get(2024)?.implementing_incl_planned).toBe(9);
    expect(byYear.get(2024)?.planned).toBe(0);
    expect(byYear.get(2024)?.implementing_share).toBe(Math.round((9 / 19) * 10000) / 10000);
  });

  it('北栄町 世帯訪問調査: 25 of 63 自治会 completed by the end of FY2023', async () => {
    const { data } = await service.get('visits', { municipality: HOKUEI, to: 2023 }, prefecture);
    const latest = data.find((r) => r.level === 'municipality' && r.municipality_code === HOKUEI);
    expect([latest?.jichikai_completed, latest?.jichikai_total, latest?.as_of]).toEqual([
      25,
      63,
      '2024-03-31',
    ]);
  });

  it('benchmark: 北栄町 is aligned on its first 実施 year (FY2021 = year 0)', async () => {
    const { data } = await service.get('benchmark', { municipality: HOKUEI }, prefecture);
    const persons2022 = data.find(
      (r) => r.municipality_code === HOKUEI && r.fiscal_year === 2022 && r.metric === 'persons',
    );
    expect(persons2022?.years_since_implementation).toBe(1);
    expect(persons2022?.value).toBe(41);
    expect(new Set([persons2022?.peer1_code, persons2022?.peer2_code, persons2022?.peer3_code]).size).toBe(3);
  });
});
