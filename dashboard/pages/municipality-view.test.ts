import { describe, expect, it } from 'vitest';
import {
  comparisonFigure,
  nearestBySize,
  peersOf,
  populationRow,
  yearsSinceFigure,
} from './municipality-view';

const town = (
  code: string,
  fy: number,
  first: number,
  per10k: number,
  extra: Record<string, unknown> = {},
) => ({
  level: 'municipality',
  municipality_code: code,
  fiscal_year: fy,
  metric: 'persons',
  first_implemented_fy: first,
  years_since_implementation: fy - first,
  value: 10,
  per_10k: per10k,
  ...extra,
});

describe('municipality view', () => {
  it('compares the town with its peers, region and prefecture per 10,000', () => {
    const rows = [
      town('313726', 2022, 2021, 28.4, {
        peer_per_10k: 10,
        region_per_10k: 9,
        prefecture_per_10k: 7.1,
        peer1_code: '313866',
      }),
      town('313726', 2021, 2021, 13.8, {
        peer_per_10k: null,
        region_per_10k: 13.8,
        prefecture_per_10k: 13.8,
      }),
    ];
    const f = comparisonFigure(rows, '313726', 'persons', '相談実人数');
    expect(f.spec.labels).toEqual(['令和3年度', '令和4年度']);
    // The peers are named on the chart (the latest year's) and per year in the table.
    expect(f.spec.series.map((s) => s.label)).toEqual([
      '北栄町',
      '人口規模等が近い市町村（大山町）',
      '圏域',
      '県全体',
    ]);
    expect(f.spec.series[1]?.values).toEqual([null, 10]);
    expect(f.summary).toContain('北栄町 28.4');
    expect(f.summary).toContain('人口規模等が近い市町村（大山町）10.0');
    expect(f.table.rows.map((r) => r.at(-1)?.text)).toEqual(['比較できる市町村がありません', '大山町']);
    expect(peersOf(rows, '313726')).toEqual(['313866']);
  });

  it('aligns towns on their first year and shows only earlier starters as 先輩事例', () => {
    const rows = [
      town('312011', 2022, 2022, 5),
      town('312011', 2023, 2022, 6),
      town('313726', 2021, 2021, 13.8),
      town('313726', 2022, 2021, 28.4),
      town('312037', 2023, 2023, 9),
      { level: 'cohort', metric: 'persons', years_since_implementation: 0, per_10k: 7, municipalities: 3 },
      { level: 'cohort', metric: 'persons', years_since_implementation: 1, per_10k: 8, municipalities: 2 },
    ];
    const f = yearsSinceFigure(rows, '312011');
    expect(f.spec.labels).toEqual(['1年目', '2年目']);
    expect(f.spec.series.map((s) => s.label)).toEqual([
      '鳥取市（本市）',
      '北栄町（令和3年度開始）',
      '実施市町村全体',
    ]);
    expect(f.spec.series[0]).toMatchObject({ values: [5, 6], dashed: false });
    // Two towns pooled are those two towns: not drawn; n is in the table.
    expect(f.spec.series[2]?.values).toEqual([7, null]);
    expect(f.table.rows.at(-1)?.map((c) => c.text)).toEqual([
      '実施市町村全体の市町村数',
      '3市町村',
      '2市町村',
    ]);
    expect(f.summary).toContain('3市町村以上');
  });

  it('for a town not yet implementing, shows peers first, then the closest in size', () => {
    expect(nearestBySize('313254', ['312011', '314030', '313289'], 2)).toEqual(['314030', '313289']);
    const rows = [
      town('312011', 2022, 2022, 5),
      town('314030', 2025, 2025, 20),
      town('313289', 2022, 2022, 26),
    ];
    const f = yearsSinceFigure(rows, '313254', { peers: ['312011'] });
    expect(f.spec.series.map((s) => s.label)).toEqual([
      '鳥取市（令和4年度開始）',
      '智頭町（令和4年度開始）',
      '江府町（令和7年度開始）',
    ]);
  });
});

describe('populationRow', () => {
  it('takes the newest FY row of the town that carries a population', () => {
    const rows = [
      { municipality_code: '313726', fiscal_year: 2022, population: 14600 },
      { municipality_code: '313726', fiscal_year: 2023, population: 14451 },
      { municipality_code: '313726', fiscal_year: 2024, population: null },
      { municipality_code: '312029', fiscal_year: 2025, population: 145004 },
    ];
    expect(populationRow(rows, '313726')?.population).toBe(14451);
    expect(populationRow(rows, '314021')).toBeUndefined();
  });
});
