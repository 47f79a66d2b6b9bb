import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  dueAfter,
  monthsOf,
  noFacts,
  statusFor,
  type TownFacts,
  townSchedule,
} from './schedule';

const facts = (over: Partial<TownFacts>): TownFacts => ({ ...noFacts('313726'), ...over });
const implementingIn = (...years: number[]) => new Map(years.map((fy) => [fy, 'implementing']));

describe('calendar helpers', () => {
  it('lists a fiscal year April to March', () => {
    const months = monthsOf(2025);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-04-01');
    expect(months[8]).toBe('2025-12-01');
    expect(months[9]).toBe('2026-01-01');
    expect(months[11]).toBe('2026-03-01');
  });

  it('puts a deadline on the due day of the following month, across the year end', () => {
    expect(dueAfter('2025-04-01', 10)).toBe('2025-05-10');
    expect(dueAfter('2025-12-01', 5)).toBe('2026-01-05');
  });

  it('counts calendar days', () => {
    expect(daysBetween('2026-05-10', '2026-12-04')).toBe(208);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
  });

  it('carries the latest earlier status into a year the prefecture has not entered', () => {
    const byYear = new Map([
      [2023, 'planned'],
      [2024, 'implementing'],
    ]);
    expect(statusFor(byYear, 2024)).toEqual({ status: 'implementing', carried: false });
    expect(statusFor(byYear, 2026)).toEqual({ status: 'implementing', carried: true });
    expect(statusFor(byYear, 2022)).toEqual({ status: null, carried: false });
  });
});

describe('monthly tallies (activities)', () => {
  const options = { dueDay: 10, today: '2025-08-15' };
  const implementing = implementingIn(2025);

  it('are 提出済 when every month due so far is in, whatever is not due yet', () => {
    const s = townSchedule(
      facts({ statusByYear: implementing, activityMonths: new Set(monthsOf(2025).slice(0, 4)) }),
      2025,
      options,
    );
    const cell = s.cells.activities;
    expect(cell.state).toBe('submitted');
    expect(cell.overdueDays).toBeNull();
    // August ends after today: not due (9/10), nor anything after it.
    expect(cell.months.map((m) => m.state)).toEqual([
      ...Array(4).fill('submitted'),
      ...Array(8).fill('pending'),
    ]);
  });

  it('are 未提出 with the days since the earliest missed deadline', () => {
    const s = townSchedule(
      facts({ statusByYear: implementing, activityMonths: new Set(['2025-04-01', '2025-06-01']) }),
      2025,
      options,
    );
    const cell = s.cells.activities;
    expect(cell.state).toBe('missing');
    // May was due 6/10; July 8/10: the earliest missed counts.
    expect(cell.overdueDays).toBe(daysBetween('2025-06-10', '2025-08-15'));
    expect(cell.months.slice(0, 5).map((m) => m.state)).toEqual([
      'submitted',
      'overdue',
      'submitted',
      'overdue',
      'pending',
    ]);
    expect(cell.months[1]?.dueOn).toBe('2025-06-10');
  });

  it('are not overdue on the due day itself', () => {
    const s = townSchedule(
      facts({ statusByYear: implementing, activityMonths: new Set(monthsOf(2025).slice(0, 3)) }),
      2025,
      { dueDay: 10, today: '2025-08-10' },
    );
    expect(s.cells.activities.state).toBe('submitted');
    expect(s.cells.activities.months[3]?.state).toBe('pending');
  });

  it('are 未提出 with the next deadline when nothing has come due yet', () => {
    const s = townSchedule(facts({ statusByYear: implementing }), 2025, { dueDay: 10, today: '2025-04-20' });
    expect(s.cells.activities).toMatchObject({ state: 'missing', overdueDays: null, nextDue: '2025-05-10' });
  });

  it('are 対象外 for a town that is not 実施 that year (移行準備事業 sends nothing)', () => {
    const s = townSchedule(facts({ statusByYear: new Map([[2025, 'preparing']]) }), 2025, options);
    expect(s.cells.activities.state).toBe('not_expected');
    expect(s.cells.cases.state).toBe('not_expected');
    expect(s.cells.activities.months.every((m) => m.state === 'not_expected' && m.dueOn === null)).toBe(true);
  });

  it('follow the due day setting', () => {
    const f = facts({ statusByYear: implementing, activityMonths: new Set(monthsOf(2025).slice(0, 3)) });
    expect(townSchedule(f, 2025, { dueDay: 20, today: '2025-08-15' }).cells.activities.state).toBe(
      'submitted',
    );
    expect(townSchedule(f, 2025, { dueDay: 5, today: '2025-08-15' }).cells.activities.state).toBe('missing');
  });
});

describe('case lists (cases)', () => {
  it('cover the months that had ended when the list was taken in', () => {
    // 北栄町's mid-year extract of October 2023: April–September.
    const s = townSchedule(
      facts({ statusByYear: implementingIn(2023), casesTakenOn: new Map([[2023, '2023-10-12']]) }),
      2023,
      { dueDay: 10, today: '2024-06-01' },
    );
    const states = s.cells.cases.months.map((m) => m.state);
    expect(states).toEqual([...Array(6).fill('submitted'), ...Array(6).fill('overdue')]);
    expect(s.cells.cases.state).toBe('missing');
    expect(s.cells.cases.overdueDays).toBe(daysBetween('2023-11-10', '2024-06-01'));
  });

  it('are 提出済 for a whole year once taken in after it closed', () => {
    const s = townSchedule(
      facts({ statusByYear: implementingIn(2024), casesTakenOn: new Map([[2024, '2025-04-15']]) }),
      2024,
      { dueDay: 10, today: '2026-12-04' },
    );
    expect(s.cells.cases.state).toBe('submitted');
    expect(s.cells.cases.months.every((m) => m.state === 'submitted')).toBe(true);
  });
});

describe('自治会訪問 snapshots (visits)', () => {
  it('are expected per half year from a 実施 town’s first snapshot on', () => {
    const f = facts({ statusByYear: implementingIn(2023, 2024), visitsAsOf: ['2024-03-31', '2024-09-30'] });
    const before = townSchedule(f, 2023, { dueDay: 10, today: '2026-12-04' }).cells.visits;
    // The first snapshot is in the second half of FY2023: the first half was not expected.
    expect(before.months.map((m) => m.state)).toEqual([
      ...Array(6).fill('not_expected'),
      ...Array(6).fill('submitted'),
    ]);
    expect(before.state).toBe('submitted');
    const after = townSchedule(f, 2024, { dueDay: 10, today: '2026-12-04' }).cells.visits;
    expect(after.state).toBe('missing');
    expect(after.overdueDays).toBe(daysBetween('2025-04-10', '2026-12-04'));
  });

  it('are 対象外 for a town that runs no survey', () => {
    const s = townSchedule(facts({ statusByYear: implementingIn(2024) }), 2024, {
      dueDay: 10,
      today: '2026-12-04',
    });
    expect(s.cells.visits.state).toBe('not_expected');
  });
});

describe("the prefecture's datasets", () => {
  it('expect a 実施状況 row and a population 基準日 in every year for every town, due in May', () => {
    const f = facts({ statusByYear: new Map([[2024, 'not_implemented']]), populationAsOf: ['2024-04-01'] });
    const s = townSchedule(f, 2024, { dueDay: 10, today: '2026-12-04' });
    expect(s.cells.implementation).toMatchObject({ state: 'submitted', sender: 'prefecture' });
    expect(s.cells.population).toMatchObject({ state: 'submitted', sender: 'prefecture' });
    const next = townSchedule(f, 2026, { dueDay: 10, today: '2026-12-04' });
    expect(next.statusCarried).toBe(true);
    expect(next.cells.implementation).toMatchObject({ state: 'missing', overdueDays: 208 });
    expect(next.cells.population.state).toBe('missing');
    // A town that does not implement sends nothing itself.
    expect(next.cells.cases.state).toBe('not_expected');
  });
});
