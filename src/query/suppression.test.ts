import { describe, expect, it } from 'vitest';
import type { Viewer } from '../access/viewer';
import { copyRows, type SuppressionModel, suppress } from './suppression';
import { consultationsModel } from './suppression-models';
import type { Row } from './types';

const team: Viewer = { role: 'promotion_team', login: 't' };
const prefecture: Viewer = { role: 'prefecture', login: 'p' };
const hokuei: Viewer = { role: 'municipality', municipalityCode: '313726', login: 'h' };

/** Three towns and their region total: one figure each. */
const model: SuppressionModel = {
  cells: (row) => [
    { field: 'n', id: String(row.area), owner: row.area === 'total' ? null : String(row.area) },
  ],
  derived: { rate: ['n'] },
  relations: (rows) => [rows.map((r) => String(r.area))],
};
const table = (values: Record<string, number>): Row[] =>
  Object.entries(values).map(([area, n]) => ({ area, n, rate: n / 10 }));
const shown = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.area, r.n]));

describe('suppress', () => {
  it('hides counts 0 < n < k from viewers without the right, with their rates, and lists them', () => {
    const rows = table({ '313726': 2, '313700': 9, '312037': 14, total: 25 });
    const out = suppress({ rows, model }, team, 3);
    const hokueiRow = out.rows.find((r) => r.area === '313726');
    expect(hokueiRow?.n).toBeNull();
    expect(hokueiRow?.rate).toBeNull();
    expect(hokueiRow?.suppressed).toEqual(['n', 'rate']);
    expect(out.applied).toBe(true);
  });

  it('hides a second figure so the hidden one cannot be recovered from the total', () => {
    const rows = table({ '313726': 2, '313700': 9, '312037': 14, total: 25 });
    const out = shown(suppress({ rows, model }, team, 3).rows);
    // the smallest other visible figure is the complement
    expect(out).toEqual({ '313726': null, '313700': null, '312037': 14, total: 25 });
  });

  it('never hides zeros or counts of at least k on their own', () => {
    const rows = table({ '313726': 0, '313700': 3, '312037': 14, total: 17 });
    const out = suppress({ rows, model }, team, 3);
    expect(out.suppressedCells).toBe(0);
    expect(shown(out.rows)).toEqual({ '313726': 0, '313700': 3, '312037': 14, total: 17 });
  });

  it('shows a town its own exact figures, and protects the others from it via the total', () => {
    const rows = table({ '313726': 1, '313700': 2, total: 3 });
    const out = shown(suppress({ rows, model }, hokuei, 3).rows);
    // 313700 = total − own: the total must go too
    expect(out).toEqual({ '313726': 1, '313700': null, total: null });
  });

  it('applies nothing for the prefecture, which sees exact figures', () => {
    const rows = table({ '313726': 1, '313700': 2, total: 3 });
    const out = suppress({ rows, model }, prefecture, 3);
    expect(out.applied).toBe(false);
    expect(shown(out.rows)).toEqual({ '313726': 1, '313700': 2, total: 3 });
  });

  it('does not modify its input', () => {
    const rows = table({ '313726': 1, '313700': 9, total: 10 });
    const copy = structuredClone(rows);
    suppress({ rows, model }, team, 3);
    expect(rows).toEqual(copy);
  });

  it('respects k: with k = 5 a 4 is hidden, with k = 3 it is not', () => {
    const rows = table({ '313726': 4, '313700': 9, '312037': 14, total: 27 });
    expect(shown(suppress({ rows, model }, team, 5).rows)['313726']).toBeNull();
    expect(shown(suppress({ rows, model }, team, 3).rows)['313726']).toBe(4);
  });

  it('consultations: persons = new + continuing inside one row is protected too', () => {
    const row: Row = {
      level: 'municipality',
      area_code: '313254',
      municipality_code: '313254',
      region: '東部',
      fiscal_year: 2023,
      month: null,
      persons: 10,
      new_persons: 8,
      continuing_persons: 2,
      contacts: 50,
      support_meetings: 6,
      juso_meetings: null,
      meeting_cases: 7,
    };
    const [out] = suppress({ rows: [row], model: consultationsModel }, team, 3).rows;
    expect(out?.continuing_persons).toBeNull();
    // one more of persons/new_persons must go, or 2 = 10 − 8
    expect(out?.persons === null || out?.new_persons === null).toBe(true);
    expect(out?.contacts).toBe(50);
  });
});

describe('copyRows', () => {
  it('copies every row with its own keys and an empty suppressed list, whatever its shape', () => {
    const rows: Row[] = [
      { level: 'municipality', persons: 2 },
      { level: 'region', persons: 5 },
      { level: 'prefecture', persons: 7, region: null },
      { level: 'month' },
    ];
    const copies = copyRows(rows);
    expect(copies).toEqual(rows.map((r) => ({ ...r, suppressed: [] })));
    expect(copies.map((c) => Object.keys(c))).toEqual(rows.map((r) => [...Object.keys(r), 'suppressed']));
    expect(copies[0]).not.toBe(rows[0]);
    expect(copies[0]?.suppressed).not.toBe(copies[1]?.suppressed);
  });
});
