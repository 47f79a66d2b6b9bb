import { describe, expect, it } from 'vitest';
import { referralFigure, referralGroup, referralGroups } from './referral-view';

const route = (fy: number, category: string, count: number | null, cases = 20) => ({
  level: 'municipality',
  area_code: '313726',
  fiscal_year: fy,
  dimension: 'referral_route',
  category,
  count,
  cases,
  suppressed: count === null ? ['count'] : [],
});

describe('相談経路 by group', () => {
  it('groups routes, old codes included', () => {
    expect(referralGroup('elderly')).toBe(referralGroup('disability'));
    expect(referralGroup('agency')).toBe('agencies');
    expect(referralGroup('self_family')).toBe('self_family');
    expect(referralGroup('no_such_code')).toBeUndefined();
  });

  it('sums visible routes per group; a group with a 秘匿 route is 秘匿 itself', () => {
    const rows = [route(2023, 'elderly', 10), route(2023, 'medical', 8), route(2023, 'self_family', 2)];
    const { n, groups } = referralGroups(rows, 2023);
    expect(n).toBe(20);
    expect(groups.find((g) => g.code === 'agencies')?.count).toBe(18);
    const hidden = referralGroups([...rows, route(2023, 'school', null)], 2023);
    expect(hidden.groups.find((g) => g.code === 'agencies')?.count).toBeNull();
    expect(hidden.groups.find((g) => g.code === 'self_family')?.count).toBe(2);
  });

  it('says the 関係機関 share in the summary and draws shares stacked', () => {
    const f = referralFigure(
      [
        route(2022, 'elderly', 19),
        route(2022, 'self_family', 1),
        route(2023, 'elderly', 18),
        route(2023, 'community', 2),
      ],
      'municipality',
      '313726',
    );
    expect(f.spec.kind).toBe('stacked-bar');
    expect(f.summary).toContain('18人（90.0%）が関係機関からの相談');
    expect(f.summary).toContain('95.0%');
    const agencies = f.spec.series.find((s) => s.label === '関係機関');
    expect(agencies?.values).toEqual([95, 90]);
  });
});
