import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryColumns, toEntitledView } from './entitled-view';
import { withLabels } from './labels';
import type { Row } from './types';
import { addYearOnYear } from './year-on-year';

/** Copies of the query's own columns with an empty `suppressed` list: what a class with 秘匿 starts from. */
function copyRows(rows: readonly Row[]): Row[] {
  return rows.map((row) => {
    const copy: Row = {};
    for (const key of queryColumns(row)) copy[key] = row[key] as Row[string];
    copy.suppressed = [];
    return copy;
  });
}

/** What the general path gives a viewer with nothing hidden: copies, then 前年度比, then labels. */
function stepByStep(rows: readonly Row[], yearOnYear: boolean, fromFy?: number): Row[] {
  let out = copyRows(rows);
  if (yearOnYear) {
    out = addYearOnYear(out);
    // Coverage fields start empty; publication/row-coverage.ts fills them per day.
    for (const row of out)
      Object.assign(row, {
        partial: null,
        persons_yoy_same_municipalities: null,
        contacts_yoy_same_municipalities: null,
        same_municipalities: null,
      });
  }
  if (fromFy !== undefined)
    out = out.filter((r) => typeof r.fiscal_year !== 'number' || r.fiscal_year >= fromFy);
  return withLabels(out);
}

/** Same values and the same key order (the JSON a viewer gets). */
const asJson = (rows: readonly Row[]) => JSON.stringify(rows);

/** Fresh rows as an engine returns them (toEntitledView works in place). */
const fresh = (rows: readonly Row[]): Row[] => rows.map((r) => ({ ...r }));

/** The entitled viewer's rows as the service gives them: in place, then the FYs before `fromFy` left out. */
function entitledView(rows: readonly Row[], options: { yearOnYear: boolean; fromFy?: number }): Row[] {
  const all = toEntitledView(fresh(rows), options);
  const { fromFy } = options;
  return fromFy === undefined
    ? all
    : all.filter((r) => typeof r.fiscal_year !== 'number' || r.fiscal_year >= fromFy);
}

const consultationRow = fc.record({
  level: fc.constantFrom('municipality', 'region', 'prefecture', 'month'),
  area_code: fc.constantFrom('313726', '313718', '東部', '310000'),
  fiscal_year: fc.option(fc.integer({ min: 2019, max: 2024 }), { nil: null }),
  month: fc.option(fc.constantFrom('2022-04-01', '2023-01-01'), { nil: null }),
  persons: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
  contacts: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
});

const issueRow = fc.record({
  level: fc.constantFrom('municipality', 'prefecture'),
  area_code: fc.constantFrom('313726', '310000'),
  fiscal_year: fc.integer({ min: 2021, max: 2023 }),
  dimension: fc.option(fc.constantFrom('total', 'issue', 'age_band', 'household_size', 'unknown_dim'), {
    nil: null,
  }),
  category: fc.option(fc.constantFrom('all', 'isolation', '50s', '5_plus', 'zzz'), { nil: null }),
  count: fc.integer({ min: 0, max: 9 }),
});

const otherRow = fc.record({
  level: fc.constantFrom('municipality', 'cohort'),
  status: fc.option(fc.constantFrom('implementing', 'considering', 'unheard_of'), { nil: null }),
  metric: fc.option(fc.constantFrom('persons', 'contacts', 'not_a_metric'), { nil: null }),
  value: fc.option(fc.integer(), { nil: null }),
});

describe('toEntitledView (nothing to hide)', () => {
  it('gives exactly the step-by-step rows for consultations-like tables, in query order or not', () => {
    fc.assert(
      fc.property(
        fc.array(consultationRow, { maxLength: 40 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 2019, max: 2024 }), { nil: undefined }),
        (rows, ordered, fromFy) => {
          const input = ordered
            ? [...rows].sort((a, b) =>
                `${a.level}|${a.area_code}|${a.fiscal_year}|${a.month}`.localeCompare(
                  `${b.level}|${b.area_code}|${b.fiscal_year}|${b.month}`,
                ),
              )
            : rows;
          expect(asJson(entitledView(input, { yearOnYear: true, fromFy }))).toBe(
            asJson(stepByStep(input, true, fromFy)),
          );
        },
      ),
    );
  });

  it('labels issues, status and metric rows exactly as withLabels does', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(issueRow), { maxLength: 30 }), (rows) => {
        expect(asJson(entitledView(rows, { yearOnYear: false }))).toBe(asJson(stepByStep(rows, false)));
      }),
    );
    fc.assert(
      fc.property(fc.array(otherRow, { maxLength: 30 }), (rows) => {
        expect(asJson(entitledView(rows, { yearOnYear: false }))).toBe(asJson(stepByStep(rows, false)));
      }),
    );
  });

  it('adds 前年度比 from the previous FY of the same area, and an empty suppressed list nobody can fill', () => {
    const rows: Row[] = [
      {
        level: 'municipality',
        area_code: '313726',
        fiscal_year: 2021,
        month: null,
        persons: 20,
        contacts: 100,
      },
      {
        level: 'municipality',
        area_code: '313726',
        fiscal_year: 2022,
        month: null,
        persons: 41,
        contacts: 0,
      },
      {
        level: 'municipality',
        area_code: '313726',
        fiscal_year: 2024,
        month: null,
        persons: 10,
        contacts: 5,
      },
      {
        level: 'month',
        area_code: '313726',
        fiscal_year: 2022,
        month: '2022-04-01',
        persons: null,
        contacts: 9,
      },
    ];
    const view = entitledView(rows, { yearOnYear: true, fromFy: 2022 });
    expect(view.map((r) => [r.fiscal_year, r.persons_yoy, r.contacts_yoy])).toEqual([
      [2022, 2.05, 0],
      [2024, null, null],
      [2022, null, null],
    ]);
    expect(view[0]?.suppressed).toEqual([]);
    expect(Object.isFrozen(view[0]?.suppressed)).toBe(true);
  });

  it('leaves rows that suppression copies exactly as the query returned them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(consultationRow, issueRow, otherRow), { maxLength: 30 }), (rows) => {
        const before = asJson(copyRows(rows));
        expect(asJson(copyRows(toEntitledView(fresh(rows), { yearOnYear: true })))).toBe(before);
      }),
    );
  });

  it('refuses a query column named like a field it adds', () => {
    expect(() => toEntitledView([{ level: 'x', category_label: 'y' }], { yearOnYear: false })).toThrow(
      /category_label/,
    );
  });
});
