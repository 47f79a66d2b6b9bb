import { CONSULTATION_COUNTS, OUTCOME_COUNTS } from '../query/fields';
import type { Row } from '../query/types';

/**
 * The cells of the published grid: every count a page, API call or export
 * can show, named once however many rows repeat it. 相談実人数 of a town and
 * FY is one cell whether it appears in 相談件数推移, as N of 課題と特性 or as
 * a benchmark value, so hiding it hides it everywhere.
 */
export interface GridCell {
  id: string;
  value: number;
  /** The town whose figure it is; null for a region or prefecture total. */
  owner: string | null;
  /** For a total: the town cells it sums (its own town's share is what a town viewer can take away). */
  members?: string[];
  /**
   * A town's monthly tally or 課題と特性 category: detail shown only to
   * those entitled to the town's figures, withheld from everyone else
   * whatever its value (zeros included).
   */
  detail?: boolean;
}

/** total = Σ parts, exactly, in the exact data. */
export interface Relation {
  total: string;
  parts: string[];
}

/** Σ coef·cell ≤ 0: what a reader knows without any figure (an issue count never exceeds N). */
export interface Inequality {
  terms: [string, number][];
}

export interface CellGrid {
  cells: Map<string, GridCell>;
  relations: Relation[];
  inequalities: Inequality[];
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Consultation counts kept per month in `activities`. */
export const MONTH_COUNTS = ['new_persons', 'contacts', 'support_meetings', 'juso_meetings', 'meeting_cases'];

/** Dimensions of 課題と特性 whose categories sum to N (one category per case). */
export const ADDITIVE_DIMENSIONS = ['referral_route', 'age_band', 'household_size', 'issue_count'];

/** The grid id of a count of one area and FY: town `t|code`, region `r|name`, prefecture `p`. */
export function areaCellId(row: Row, fy: unknown, field: string): string | null {
  if (row.level === 'municipality') return `t|${str(row.municipality_code)}|${str(fy)}|${field}`;
  if (row.level === 'region') return `r|${str(row.region)}|${str(fy)}|${field}`;
  if (row.level === 'prefecture') return `p|${str(fy)}|${field}`;
  return null;
}

/** The region a region total's id names (`r|name|…`); null for any other cell. */
export const regionOfTotal = (id: string): string | null =>
  id.startsWith('r|') ? id.slice(2, id.indexOf('|', 2)) : null;

export const monthCellId = (row: Row, field: string): string =>
  `m|${str(row.municipality_code)}|${str(row.month)}|${field}`;

/** 課題と特性's count field: N of the total row is 相談実人数 itself. */
export function issueField(row: Row): string {
  return row.dimension === 'total' ? 'persons' : `i:${str(row.dimension)}:${str(row.category)}`;
}

export const visitCellId = (row: Row, field: string): string =>
  `v|${str(row.municipality_code)}|${str(row.as_of)}|${field}`;

/** Which grid cell each counted field of a row shows, by indicator. */
export function rowCells(indicator: string, row: Row): [field: string, id: string][] {
  switch (indicator) {
    case 'consultations':
      if (row.level === 'month') return MONTH_COUNTS.map((f) => [f, monthCellId(row, f)]);
      return CONSULTATION_COUNTS.flatMap((f) => {
        const id = areaCellId(row, row.fiscal_year, f);
        return id ? [[f, id] as [string, string]] : [];
      });
    case 'issues': {
      const count = areaCellId(row, row.fiscal_year, issueField(row));
      const cases = areaCellId(row, row.fiscal_year, 'persons');
      return count && cases
        ? [
            ['count', count],
            ['cases', cases],
          ]
        : [];
    }
    case 'visits':
      if (row.level === 'municipality' || row.level === 'history')
        return VISIT_COUNTS.map((f) => [f, visitCellId(row, f)]);
      return [];
    case 'benchmark': {
      if (row.level !== 'municipality') return [];
      const metric = str(row.metric);
      const fy = row.fiscal_year;
      return [
        ['value', `t|${str(row.municipality_code)}|${str(fy)}|${metric}`],
        ['region_value', `r|${str(row.region)}|${str(fy)}|${metric}`],
        ['prefecture_value', `p|${str(fy)}|${metric}`],
      ];
    }
    case 'outcomes':
      // 相談実人数 is the one cell of consultations; each outcome count is `o:` (src/publication/outcome-cells.ts).
      return ['persons', ...OUTCOME_COUNTS].flatMap((f) => {
        const id = areaCellId(row, row.fiscal_year, f === 'persons' ? f : `o:${f}`);
        return id ? [[f, id] as [string, string]] : [];
      });
    default:
      return [];
  }
}

export const VISIT_COUNTS = ['concern_households', 'referrals'] as const;

class GridBuilder {
  readonly cells = new Map<string, GridCell>();
  readonly relations: Relation[] = [];
  readonly inequalities: Inequality[] = [];

  add(id: string, value: unknown, owner: string | null, detail = false): void {
    if (typeof value !== 'number' || this.cells.has(id)) return;
    this.cells.set(id, detail ? { id, value, owner, detail } : { id, value, owner });
  }

  /** A relation over the cells present; a total's members are its town cells. */
  relate(total: string, parts: string[], members = false): void {
    const totalCell = this.cells.get(total);
    const present = parts.filter((p) => this.cells.has(p));
    if (!totalCell || present.length === 0) return;
    const sum = present.reduce((s, p) => s + (this.cells.get(p) as GridCell).value, 0);
    // Only what holds in the exact data is a relation a reader can rely on.
    if (sum !== totalCell.value) return;
    this.relations.push({ total, parts: present });
    if (members) totalCell.members = present;
  }
}

const push = (map: Map<string, string[]>, key: string, id: string) => {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
};

/** Region and prefecture totals of one field: each sums its towns. */
function areaSums(b: GridBuilder, rows: readonly Row[], fieldOf: (row: Row) => string): void {
  const region = new Map<string, string[]>();
  const prefecture = new Map<string, string[]>();
  // The prefecture as its regions (plus towns of no region): the same sum, one level up.
  const parts = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.level !== 'municipality') continue;
    const field = fieldOf(row);
    const id = areaCellId(row, row.fiscal_year, field) as string;
    if (!b.cells.has(id)) continue;
    const total = `p|${str(row.fiscal_year)}|${field}`;
    const part =
      row.region !== null && row.region !== undefined
        ? `r|${str(row.region)}|${str(row.fiscal_year)}|${field}`
        : id;
    if (part !== id) push(region, part, id);
    push(prefecture, total, id);
    const set = parts.get(total) ?? new Set<string>();
    set.add(part);
    parts.set(total, set);
  }
  for (const map of [region, prefecture]) for (const [total, members] of map) b.relate(total, members, true);
  for (const [total, members] of parts) if (members.size > 1) b.relate(total, [...members]);
}

/**
 * The grid's cells and how they hang together, from the exact full-range
 * rows of 相談件数推移 and 課題と特性 (zero rows included) and every visit
 * snapshot. Other figures (rates, shares, 前年度比, peer and cohort pools,
 * visit totals, window sums) are derived from published cells, never from
 * this grid's hidden values, so they add no relation of their own.
 */
export function buildCellGrid(tables: {
  consultations: readonly Row[];
  issues: readonly Row[];
  visits: readonly Row[];
}): CellGrid {
  const b = new GridBuilder();
  const townOf = (row: Row) =>
    row.level === 'municipality' || row.level === 'month' ? str(row.municipality_code) : null;

  for (const row of tables.consultations) {
    for (const [field, id] of rowCells('consultations', row))
      b.add(id, row[field], townOf(row), row.level === 'month');
  }
  for (const row of tables.issues) {
    const detail = row.level === 'municipality' && row.dimension !== 'total';
    for (const [field, id] of rowCells('issues', row))
      b.add(id, row[field], townOf(row), detail && field === 'count');
  }
  for (const row of tables.visits) {
    if (row.level !== 'history') continue;
    for (const [field, id] of rowCells('visits', row)) b.add(id, row[field], str(row.municipality_code));
  }

  // 相談件数推移: 実人数 = 新規 + 継続 in every row; areas sum their towns; a town's FY = its months.
  for (const row of tables.consultations) {
    if (row.level === 'month') continue;
    const id = (f: string) => areaCellId(row, row.fiscal_year, f) as string;
    b.relate(id('persons'), [id('new_persons'), id('continuing_persons')]);
  }
  for (const field of CONSULTATION_COUNTS) areaSums(b, tables.consultations, () => field);
  const months = new Map<string, Row[]>();
  for (const row of tables.consultations) {
    if (row.level === 'month') {
      const list = months.get(`${str(row.municipality_code)}|${str(row.fiscal_year)}`);
      if (list) list.push(row);
      else months.set(`${str(row.municipality_code)}|${str(row.fiscal_year)}`, [row]);
    }
  }
  for (const row of tables.consultations) {
    if (row.level !== 'municipality') continue;
    const parts = months.get(`${str(row.municipality_code)}|${str(row.fiscal_year)}`);
    if (!parts) continue;
    for (const field of MONTH_COUNTS) {
      b.relate(
        areaCellId(row, row.fiscal_year, field) as string,
        parts.map((m) => monthCellId(m, field)),
      );
    }
  }

  // 課題と特性: each one-category-per-case dimension sums to N; areas sum their towns.
  const tablesOf = new Map<string, Row[]>();
  for (const row of tables.issues) {
    const key = `${str(row.level)}|${str(row.area_code)}|${str(row.fiscal_year)}`;
    const list = tablesOf.get(key);
    if (list) list.push(row);
    else tablesOf.set(key, [row]);
  }
  for (const rows of tablesOf.values()) {
    const first = rows[0] as Row;
    const n = areaCellId(first, first.fiscal_year, 'persons') as string;
    for (const dimension of ADDITIVE_DIMENSIONS) {
      const parts = rows.filter((r) => r.dimension === dimension);
      if (parts.length)
        b.relate(
          n,
          parts.map((r) => areaCellId(r, r.fiscal_year, issueField(r)) as string),
        );
    }
    if (first.level !== 'municipality') continue;
    // What any reader knows of a town's issues: each ≤ N, and their sum lies
    // between (cases with one issue) + 2·(cases with two or more) and
    // (one) + (all issues)·(two or more).
    const issueIds = rows
      .filter((r) => r.dimension === 'issue')
      .map((r) => areaCellId(r, r.fiscal_year, issueField(r)) as string);
    for (const id of issueIds)
      b.inequalities.push({
        terms: [
          [id, 1],
          [n, -1],
        ],
      });
    const one = areaCellId(first, first.fiscal_year, 'i:issue_count:1') as string;
    const many = areaCellId(first, first.fiscal_year, 'i:issue_count:2_plus') as string;
    if (issueIds.length && b.cells.has(one) && b.cells.has(many)) {
      b.inequalities.push({
        terms: [[one, 1], [many, 2], ...issueIds.map((id): [string, number] => [id, -1])],
      });
      b.inequalities.push({
        terms: [[one, -1], [many, -issueIds.length], ...issueIds.map((id): [string, number] => [id, 1])],
      });
    }
  }
  areaSums(
    b,
    tables.issues.filter((r) => r.dimension !== 'total'),
    (row) => issueField(row),
  );

  return { cells: b.cells, relations: b.relations, inequalities: b.inequalities };
}
