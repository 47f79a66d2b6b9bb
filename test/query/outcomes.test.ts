import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import { CASE_STATUSES } from '../../src/datasets/vocabularies';
import { type DemoFile, generateDemoExtracts } from '../../src/demo';
import type { Row } from '../../src/query/types';
import type { IndicatorService } from '../../src/service/indicator-service';
import {
  count,
  fiscalYearCell,
  fiscalYearOfMonth,
  monthOfDateCell,
  readExtract,
  termCode,
} from '../demo/read-extract';
import { demoService } from './demo-data';

// 支援の成果 (sql/outcomes.sql) against figures worked out here from the demo
// extracts themselves — read with csv-parse, not the product's parser, and
// counted in plain TypeScript — so the test holds whatever the demo's
// numbers are (the demo data changes; these expectations follow it).

const prefecture: Viewer = { role: 'prefecture', login: 'outcomes-golden' };

/** A date cell as typed (西暦, 和暦, Excel serial, month only = its 1st) → epoch day. */
function dayOf(s: string): number {
  if (/^\d{5}$/.test(s)) return Number(s) - 25569; // Excel serial → days since 1970-01-01
  const m =
    /^(?:(\d{4})|(令和|R|平成|H)(\d+|元))\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?/.exec(s) ??
    undefined;
  if (!m) throw new Error(`not a date: ${s}`);
  const eraYear = m[3] === '元' ? 1 : Number(m[3]);
  const year = m[1] ? Number(m[1]) : (m[2] === '令和' || m[2] === 'R' ? 2018 : 1988) + eraYear;
  return Date.UTC(year, Number(m[4]) - 1, m[5] ? Number(m[5]) : 1) / 86_400_000;
}

interface Expected {
  persons: number;
  closed: number;
  supporting: number;
  watching: number;
  status_unknown: number;
  days: number[];
  undated: number;
  outreach_visits: number | null;
  participation_support: number | null;
}

const empty = (): Expected => ({
  persons: 0,
  closed: 0,
  supporting: 0,
  watching: 0,
  status_unknown: 0,
  days: [],
  undated: 0,
  outreach_visits: null,
  participation_support: null,
});

/** The rows of each (town, FY) partition from the newest file that holds it, as the ingest keeps them. */
function partitions(
  files: readonly DemoFile[],
  dataset: 'cases' | 'activities',
  fyOf: (row: Record<string, string>) => number,
): Map<string, Record<string, string>[]> {
  const out = new Map<string, { at: string; rows: Record<string, string>[] }>();
  for (const file of files.filter((f) => f.dataset === dataset)) {
    const byFy = new Map<number, Record<string, string>[]>();
    for (const row of readExtract(file)) byFy.set(fyOf(row), [...(byFy.get(fyOf(row)) ?? []), row]);
    for (const [fy, rows] of byFy) {
      const key = `${file.municipalityCode}|${fy}`;
      const seen = out.get(key);
      if (!seen || file.uploadedAt >= seen.at) out.set(key, { at: file.uploadedAt, rows });
    }
  }
  return new Map([...out].map(([k, v]) => [k, v.rows]));
}

/** Expected figures per town × FY, straight from the extracts. */
function expectedFromExtracts(): Map<string, Expected> {
  const files = generateDemoExtracts();
  const out = new Map<string, Expected>();
  const at = (key: string) => out.get(key) ?? (out.set(key, empty()).get(key) as Expected);
  for (const [key, rows] of partitions(files, 'cases', (r) => fiscalYearCell(r.fiscal_year ?? ''))) {
    const e = at(key);
    for (const r of rows) {
      e.persons++;
      const status = r.status ? termCode(CASE_STATUSES, r.status) : null;
      const closedOn = r.closed_on ?? '';
      if (status === 'closed' || (status === null && closedOn !== '')) {
        e.closed++;
        if (closedOn !== '') e.days.push(dayOf(closedOn) - dayOf(r.opened_on ?? ''));
        else e.undated++;
      } else if (status === 'supporting') e.supporting++;
      else if (status === 'watching') e.watching++;
      else e.status_unknown++;
    }
  }
  const months = partitions(files, 'activities', (r) => fiscalYearOfMonth(monthOfDateCell(r.month ?? '')));
  for (const [key, rows] of months) {
    const e = at(key);
    const sum = (field: string) =>
      rows.some((r) => (r[field] ?? '') !== '') ? rows.reduce((s, r) => s + count(r[field]), 0) : null;
    e.outreach_visits = sum('outreach_visits');
    e.participation_support = sum('participation_support');
  }
  return out;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const m =
    sorted.length % 2
      ? (sorted[Math.floor(mid)] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Math.round(m * 10) / 10;
}

/** What a row of the indicator should hold for these towns' figures pooled. */
function pooled(parts: readonly Expected[]) {
  const sum = (f: keyof Expected) => parts.reduce((s, p) => s + (p[f] as number), 0);
  const sumOrNull = (f: 'outreach_visits' | 'participation_support') =>
    parts.some((p) => p[f] !== null) ? parts.reduce((s, p) => s + (p[f] ?? 0), 0) : null;
  const persons = sum('persons');
  const closed = sum('closed');
  const undated = sum('undated');
  // No case at all (tallies only): no 状態 counts, not zeros.
  const cases = (n: number) => (parts.some((p) => p.persons > 0) ? n : null);
  return {
    persons: cases(persons),
    closed: cases(closed),
    supporting: cases(sum('supporting')),
    watching: cases(sum('watching')),
    status_unknown: cases(sum('status_unknown')),
    closure_rate: persons > 0 ? Math.round((closed / persons) * 10000) / 10000 : null,
    median_support_days: undated === 0 ? median(parts.flatMap((p) => p.days)) : null,
    outreach_visits: sumOrNull('outreach_visits'),
    participation_support: sumOrNull('participation_support'),
  };
}

const FIELDS = [
  'persons',
  'closed',
  'supporting',
  'watching',
  'status_unknown',
  'closure_rate',
  'median_support_days',
  'outreach_visits',
  'participation_support',
] as const;
const pick = (row: Row) => Object.fromEntries(FIELDS.map((f) => [f, row[f]]));

let service: IndicatorService;
let dispose: (() => Promise<void>) | undefined;
let expected: Map<string, Expected>;
let rows: Row[];

beforeAll(async () => {
  ({ service, dispose } = await demoService('outcomes-golden'));
  expected = expectedFromExtracts();
  rows = (await service.get('outcomes', {}, prefecture)).data;
}, 180_000);

afterAll(async () => {
  await dispose?.();
});

describe('支援の成果 from the demo extracts (figures computed in the test)', () => {
  it('every town and fiscal year: 終結・支援中・見守り, 終結率, median 支援期間, アウトリーチ, 参加支援', () => {
    const towns = rows.filter((r) => r.level === 'municipality');
    expect(towns.length).toBe(expected.size);
    for (const [key, e] of expected) {
      const [code, fy] = key.split('|');
      const row = towns.find((r) => r.municipality_code === code && r.fiscal_year === Number(fy));
      expect(row, key).toBeDefined();
      expect(pick(row as Row), key).toEqual(pooled([e]));
    }
  });

  it('the demo has outcomes worth testing: closures with durations, both tallies, every status', () => {
    const all = [...expected.values()];
    expect(all.reduce((s, e) => s + e.closed, 0)).toBeGreaterThan(50);
    expect(all.filter((e) => e.days.length > 0).length).toBeGreaterThan(10);
    expect(all.reduce((s, e) => s + e.watching, 0)).toBeGreaterThan(0);
    expect(all.some((e) => (e.outreach_visits ?? 0) > 0)).toBe(true);
    expect(all.some((e) => (e.participation_support ?? 0) > 0)).toBe(true);
  });

  it('regions and the prefecture pool their towns (the median over all their cases)', () => {
    const regionOf = new Map(MUNICIPALITIES.map((m) => [m.code, m.region]));
    const years = [...new Set([...expected.keys()].map((k) => Number(k.split('|')[1])))];
    let checked = 0;
    for (const fy of years) {
      const inYear = [...expected].filter(([k]) => Number(k.split('|')[1]) === fy);
      const pref = rows.find((r) => r.level === 'prefecture' && r.fiscal_year === fy);
      expect(pick(pref as Row), `prefecture ${fy}`).toEqual(pooled(inYear.map(([, e]) => e)));
      for (const region of ['東部', '中部', '西部']) {
        const parts = inYear.filter(([k]) => regionOf.get(k.split('|')[0] as string) === region);
        const row = rows.find((r) => r.level === 'region' && r.region === region && r.fiscal_year === fy);
        if (parts.length === 0) {
          expect(row).toBeUndefined();
          continue;
        }
        expect(pick(row as Row), `${region} ${fy}`).toEqual(pooled(parts.map(([, e]) => e)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('the status counts sum to 相談実人数, which is the same figure 相談件数推移 shows', async () => {
    const consultations = (await service.get('consultations', {}, prefecture)).data;
    for (const row of rows) {
      if (row.persons === null) continue;
      const sum = ['closed', 'supporting', 'watching', 'status_unknown'].reduce(
        (s, f) => s + (row[f] as number),
        0,
      );
      expect(sum).toBe(row.persons);
      const same = consultations.find(
        (c) => c.level === row.level && c.area_code === row.area_code && c.fiscal_year === row.fiscal_year,
      );
      expect(same?.persons).toBe(row.persons);
    }
  });

  it('a window selects rows; it computes nothing new', async () => {
    const window = (await service.get('outcomes', { from: 2023, to: 2024 }, prefecture)).data;
    expect(window.length).toBeGreaterThan(0);
    for (const row of window) {
      expect([2023, 2024]).toContain(row.fiscal_year);
      const same = rows.find(
        (r) => r.level === row.level && r.area_code === row.area_code && r.fiscal_year === row.fiscal_year,
      );
      expect(row).toEqual(same);
    }
  });
});
