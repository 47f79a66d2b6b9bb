import { describe, expect, it } from 'vitest';
import { agingByTown, agingScatterFigure, compareTable, isUnstable, partialMark } from './compare-view';

const row = (
  code: string,
  population: number,
  persons: number | null,
  extra: Record<string, unknown> = {},
) => ({
  level: 'municipality',
  municipality_code: code,
  region: '西部',
  fiscal_year: 2024,
  population,
  persons,
  persons_per_10k: persons === null ? null : (persons * 10000) / population,
  ...extra,
});

describe('compare view', () => {
  it('marks rates unstable for small towns or few persons', () => {
    expect(isUnstable(row('314030', 2448, 40))).toBe(true);
    expect(isUnstable(row('312029', 145004, 9))).toBe(true);
    expect(isUnstable(row('312029', 145004, 120))).toBe(false);
  });

  it('puts every town in one row with sortable values, 秘匿 sorted as empty', () => {
    const t = compareTable(
      [
        row('312029', 145004, 120),
        row('314030', 2448, null, { suppressed: ['persons', 'persons_per_10k'] }),
        row('312029', 145004, 99, { fiscal_year: 2023 }),
      ],
      2024,
      new Map([['312029', 30.5]]),
    );
    expect(t.rows).toHaveLength(19);
    const byName = (name: string) => t.rows.find((r) => r[0]?.text === name);
    expect(
      byName('米子市')
        ?.map((c) => c.text)
        .slice(0, 6),
    ).toEqual(['米子市', '西部', '145,004', '30.5%', '120', '8.3']);
    expect(byName('江府町')?.[4]).toMatchObject({ text: '秘匿', value: null, suppressed: true });
    // A town without figures keeps its row, with dashes.
    expect(
      byName('日野町')
        ?.slice(1, 5)
        .map((c) => c.text),
    ).toEqual(['西部', '—', '—', '—']);
  });

  it('reads 65歳以上割合 from benchmark rows (latest FY) for the scatter', () => {
    const aging = agingByTown([
      { municipality_code: '312029', fiscal_year: 2023, aging_rate: 0.3 },
      { municipality_code: '312029', fiscal_year: 2024, aging_rate: 0.31 },
    ]);
    expect(aging.get('312029')).toBeCloseTo(31);
    const f = agingScatterFigure([row('312029', 145004, 120)], 2024, aging, '312029');
    expect(f.spec.points).toEqual([{ label: '米子市', x: 31, y: (120 * 10000) / 145004, highlight: true }]);
  });
});

describe('partialMark', () => {
  it('says how much of the year a partial figure covers, and nothing for a whole year', () => {
    expect(partialMark({ partial: true, months_reported: 6 })).toBe('（速報・6か月分）');
    expect(partialMark({ partial: true, months_reported: 12 })).toBe('（速報・年度途中）');
    expect(partialMark({ partial: false, months_reported: 12 })).toBe('');
  });
});
