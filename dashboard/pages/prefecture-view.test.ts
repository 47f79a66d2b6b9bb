import { describe, expect, it } from 'vitest';
import { issuesFigure } from './issues-view';
import { headlineCards, implementationFigure, regionTrendFigure } from './prefecture-view';
import { visitsFigure } from './visits-view';

const fyRow = (fy: number, implementing: number, preparing: number, planned: number) => ({
  level: 'prefecture',
  fiscal_year: fy,
  implementing,
  preparing,
  planned,
  considering: 2,
  not_implemented: 19 - implementing - preparing - planned - 2 - (fy === 2021 ? 1 : 0),
  municipalities_total: 19,
  implementing_share: implementing / 19,
  population_covered_share: 0.5,
  national_share: 0.1,
  national_planned: fy === 2025,
});

describe('prefecture view', () => {
  it("stacks every status to all 19 towns by FY, in the tile map's colours, ignoring municipality rows", () => {
    const f = implementationFigure([
      fyRow(2022, 4, 1, 0),
      { level: 'municipality', fiscal_year: 2022, status: 'implementing' },
      fyRow(2021, 1, 2, 0),
    ]);
    expect(f.spec.kind).toBe('stacked-bar');
    expect(f.spec.labels).toEqual(['令和3年度', '令和4年度']);
    expect(f.spec.series.map((s) => [s.label, s.values])).toEqual([
      ['実施', [1, 4]],
      ['移行準備事業', [2, 1]],
      ['実施予定', [0, 0]],
      ['検討中', [2, 2]],
      ['未実施', [13, 12]],
      // FY2021 has one town without a status row: the bar still reaches 19.
      ['未登録', [1, 0]],
      ['実施市町村の人口割合（右軸）', [50, 50]],
      ['全国の実施割合（右軸・参考）', [10, 10]],
    ]);
    for (let y = 0; y < 2; y++)
      expect(f.spec.series.filter((s) => !s.percentLine).reduce((n, s) => n + (s.values[y] ?? 0), 0)).toBe(
        19,
      );
    expect(f.spec.series.find((s) => s.label === '未実施')).toMatchObject({
      colour: '#F2F2F2',
      border: '#767676',
    });
    expect(f.spec.series.slice(6).map((s) => s.percentLine)).toEqual([true, true]);
    expect(f.table.rows[1]?.map((c) => c.text)).toEqual([
      '令和4年度',
      '4',
      '1',
      '0',
      '2',
      '12',
      '21.1%',
      '50.0%',
      '10.0%',
    ]);
    expect(f.summary).toContain('実施4');
  });

  it('draws a gap, and the table says 秘匿, where a region figure is suppressed', () => {
    const f = regionTrendFigure([
      { level: 'region', region: '中部', fiscal_year: 2021, persons: 20, persons_per_10k: 1.5, contacts: 9 },
      {
        level: 'region',
        region: '東部',
        fiscal_year: 2021,
        persons: null,
        persons_per_10k: null,
        contacts: 4,
        suppressed: ['persons', 'persons_per_10k'],
      },
    ]);
    expect(f.spec.series).toEqual([
      { label: '中部', values: [1.5], partial: [false], suppressed: [false] },
      // Labelled 秘匿 on the chart, never a gap that reads as nothing.
      { label: '東部', values: [null], partial: [false], suppressed: [true] },
    ]);
    const east = f.table.rows.find((r) => r[0]?.text.includes('東部'));
    expect(east?.[2]).toMatchObject({ text: '秘匿', suppressed: true });
  });

  it('draws a partial year hollow, labels it 速報 and says how many towns each figure pools', () => {
    const row = (fy: number, per10k: number, n: number, partial: boolean) => ({
      level: 'region',
      region: '中部',
      fiscal_year: fy,
      persons: per10k * 10,
      persons_per_10k: per10k,
      municipalities_reporting: n,
      partial,
    });
    const f = regionTrendFigure([row(2025, 30, 4, false), row(2026, 0.5, 1, true)]);
    expect(f.spec.labels[1]).toMatch(/（速報）$/);
    expect(f.spec.series[0]?.partial).toEqual([false, true]);
    // The summary speaks of the last complete year, with its n.
    expect(f.summary).toContain('中部 30.0（4市町村）');
    expect(f.table.rows.map((r) => r[1]?.text)).toEqual(['4', '1']);
    expect(f.table.rows[1]?.[0]?.text).toContain('速報');
  });

  it('lists 課題 of the latest FY, largest first, with N and the 複合課題 share', () => {
    const issue = (fy: number, category_label: string, count: number) => ({
      level: 'prefecture',
      fiscal_year: fy,
      dimension: 'issue',
      category: category_label,
      category_label,
      count,
      cases: 100,
      share: count / 100,
    });
    const f = issuesFigure(
      [
        issue(2023, '独居', 10),
        issue(2024, '独居', 12),
        issue(2024, 'ひきこもり', 30),
        { level: 'prefecture', fiscal_year: 2024, dimension: 'issue_count', category: '2_plus', share: 0.42 },
      ],
      'prefecture',
    );
    expect(f.spec.labels).toEqual(['ひきこもり', '独居']);
    expect(f.spec.series[0]?.values).toEqual([30, 12]);
    expect(f.summary).toContain('複合課題（2つ以上）の割合は42.0%');
    expect(f.table.caption).toContain('N＝相談実人数100人');
  });

  it('labels a 秘匿 課題 in the chart and leaves it out of the ranking', () => {
    const row = (category_label: string, count: number | null, suppressed: string[] = []) => ({
      level: 'municipality',
      area_code: '313726',
      fiscal_year: 2025,
      dimension: 'issue',
      category: category_label,
      category_label,
      count,
      cases: 60,
      share: count === null ? null : count / 60,
      suppressed,
    });
    const f = issuesFigure(
      [
        row('ひきこもり', 26),
        row('独居', null, ['count', 'share']),
        row('精神疾患', null, ['count', 'share']),
        row('就労', 4),
      ],
      'municipality',
      '313726',
    );
    expect(f.spec.series[0]?.suppressed).toEqual([false, false, true, true]);
    expect(f.summary).toContain('多い順に（秘匿の項目を除く）ひきこもり 26人、就労 4人。');
    expect(f.summary).toContain('秘匿: 独居、精神疾患');
    expect(f.summary).not.toMatch(/多い順に[^。]*独居/);
  });

  it('shows each town’s latest 自治会訪問 snapshot as a percentage', () => {
    const f = visitsFigure([
      {
        level: 'municipality',
        municipality_code: '313726',
        as_of: '2024-03-31',
        jichikai_completed_share: 0.3968,
      },
      { level: 'history', municipality_code: '313726', as_of: '2023-03-31', jichikai_completed_share: 0.1 },
    ]);
    expect(f.spec).toMatchObject({ labels: ['北栄町'], series: [{ values: [39.7] }], percent: true });
  });

  it('puts 前年度比 on the headline cards', () => {
    const cards = headlineCards(
      [fyRow(2021, 1, 0, 0), fyRow(2022, 4, 0, 0)],
      [
        { level: 'prefecture', fiscal_year: 2021, persons: 20, contacts: 159, support_meetings: 33 },
        { level: 'prefecture', fiscal_year: 2022, persons: 41, contacts: 245, support_meetings: 51 },
      ],
    );
    expect(cards.map((c) => [c.label, c.value, c.change])).toEqual([
      ['実施市町村数（19市町村中）', '4市町村', '前年度比 +3市町村'],
      ['実施市町村の人口割合', '50.0%', '前年度比 +0.0ポイント'],
      ['相談実人数', '41人', '前年度比 +105.0%'],
      ['延べ相談件数', '245件', '前年度比 +54.1%'],
      ['支援会議開催回数', '51回', '前年度比 +54.5%'],
    ]);
  });

  it('takes the headline year from the summary, with its coverage and the 同一市町村ベース change', () => {
    const card = (id: 'persons' | 'contacts' | 'support_meetings') => ({
      id,
      value: 478,
      previous: 397,
      change: 1.204,
      change_same_municipalities: 1.0529,
      municipalities: 9,
      same_municipalities: 5,
      from_new_municipalities: 60,
      new_municipalities: 4,
    });
    const cards = headlineCards(
      [],
      [
        { level: 'prefecture', fiscal_year: 2024, persons: 397, contacts: 10, support_meetings: 10 },
        { level: 'prefecture', fiscal_year: 2025, persons: 478, contacts: 10, support_meetings: 10 },
        // An early upload for the running year: never the headline.
        { level: 'prefecture', fiscal_year: 2026, persons: 5, contacts: 0, support_meetings: 0 },
      ],
      {
        fiscal_year: 2025,
        partial: false,
        coverage: { expected: 12, reporting: 9, complete: 9 },
        provisional_years: [2026],
        cards: [card('persons'), card('contacts'), card('support_meetings')],
      },
    );
    expect(cards[0]).toMatchObject({ label: '相談実人数', value: '478人', change: '前年度比 +20.4%' });
    expect(cards[0]?.period).toContain('19市町村中9市町村の報告、全12か月');
    expect(cards[0]?.detail).toBe(
      '同一市町村ベース +5.3%（5市町村）。うち新たに報告を始めた4市町村による増加 +60人',
    );
  });

  it('shows 秘匿 on a card without a unit when the total is suppressed for this viewer', () => {
    const cards = headlineCards(
      [],
      [
        {
          level: 'prefecture',
          fiscal_year: 2022,
          persons: null,
          contacts: 245,
          support_meetings: 51,
          suppressed: ['persons'],
        },
      ],
    );
    expect(cards[0]).toMatchObject({ label: '相談実人数', value: '秘匿', change: null });
    expect(cards[1]?.value).toBe('245件');
  });
});
