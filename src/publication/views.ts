import { AGE_BANDS, ISSUES, REFERRAL_ROUTES } from '../datasets/vocabularies';
import { DERIVED_FIELDS } from '../query/entitled-view';
import { CONSULTATION_COUNTS, INDICATOR_FIELDS } from '../query/fields';
import { categoryLabel, withLabels } from '../query/labels';
import type { IndicatorId, Row } from '../query/types';
import { addYearOnYear } from '../query/year-on-year';
import { rowCells, VISIT_COUNTS } from './cells';
import { outcomesView } from './outcome-view';
import { withRowCoverage } from './row-coverage';

/** Every category of each 課題と特性 dimension: a town's table lists them all, zeros included. */
export const ISSUE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  total: ['all'],
  issue: ISSUES.map((t) => t.code),
  issue_count: ['1', '2_plus'],
  referral_route: REFERRAL_ROUTES.map((t) => t.code),
  age_band: AGE_BANDS.map((t) => t.code),
  household_size: ['1', '2', '3', '4', '5_plus', 'unknown'],
};

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const round = (v: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(v * f) / f;
};
const rate = (count: unknown, population: unknown): number | null =>
  typeof count === 'number' && typeof population === 'number' && population > 0
    ? round((count * 10000) / population, 2)
    : null;

/**
 * 課題と特性 with every category row of every table, zeros included, so
 * whether a row is listed never depends on its count. Same order as the SQL.
 */
export function withZeroCategories(rows: readonly Row[]): Row[] {
  // The query orders by level, area, FY, then dimension and category: each
  // table is a run of rows, so each is completed and sorted on its own.
  const out: Row[] = [];
  let start = 0;
  const byCategory = (a: Row, b: Row) => {
    const x = `${str(a.dimension)}\u0000${str(a.category)}`;
    const y = `${str(b.dimension)}\u0000${str(b.category)}`;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  while (start < rows.length) {
    const first = rows[start] as Row;
    let end = start + 1;
    while (
      end < rows.length &&
      (rows[end] as Row).level === first.level &&
      (rows[end] as Row).area_code === first.area_code &&
      (rows[end] as Row).fiscal_year === first.fiscal_year
    )
      end++;
    const members = rows.slice(start, end);
    const total = members.find((r) => r.dimension === 'total');
    if (total) {
      const have = new Set(members.map((r) => `${str(r.dimension)}|${str(r.category)}`));
      for (const [dimension, categories] of Object.entries(ISSUE_CATEGORIES)) {
        for (const category of categories) {
          if (have.has(`${dimension}|${category}`)) continue;
          const zero: Row = { ...total, dimension, category, count: 0, share: 0 };
          // The total row may already carry its label (the entitled view): relabel.
          if ('category_label' in total) zero.category_label = categoryLabel(dimension, category);
          members.push(zero);
        }
      }
      members.sort(byCategory);
    }
    for (const row of members) out.push(row);
    start = end;
  }
  return out;
}

/** Copies of the rows with this class's hidden cells null and named in `suppressed`. */
function applyHidden(id: IndicatorId, rows: readonly Row[], hidden: ReadonlySet<string>): Row[] {
  return rows.map((source) => {
    const row: Row = { ...source, suppressed: [] };
    const suppressed = row.suppressed as string[];
    for (const [field, cell] of rowCells(id, source)) {
      if (hidden.has(cell) && row[field] !== null) {
        row[field] = null;
        suppressed.push(field);
      }
    }
    return row;
  });
}

/** A derived figure is hidden with any figure it is computed from. */
function hideDerived(row: Row, field: string, bases: readonly string[]): void {
  const suppressed = row.suppressed as string[];
  if (row[field] !== null && row[field] !== undefined && bases.some((b) => suppressed.includes(b))) {
    row[field] = null;
    suppressed.push(field);
  }
}

const inWindow = (fy: unknown, from: number, to: number) =>
  typeof fy !== 'number' || (fy >= from && fy <= to);
const fyOfDate = (date: string): number => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
};

export interface Window {
  from: number;
  to: number;
}

/**
 * 相談件数推移 for a class: rates and 前年度比 from the figures it sees,
 * what each year covers on `today` (Japan), then the window.
 */
function consultations(rows: readonly Row[], hidden: ReadonlySet<string>, w: Window, today: string): Row[] {
  const shown = applyHidden('consultations', rows, hidden);
  for (const row of shown) for (const f of CONSULTATION_COUNTS) hideDerived(row, `${f}_per_10k`, [f]);
  return withRowCoverage(addYearOnYear(shown), today).filter((r) => inWindow(r.fiscal_year, w.from, w.to));
}

/** The entitled rows with each year row copied (month rows shared) and its coverage filled in. */
function entitledConsultations(rows: readonly Row[], w: Window, today: string): Row[] {
  const copies = rows.map((r) => (r.level === 'month' ? r : { ...r }));
  return withRowCoverage(copies, today).filter((r) => inWindow(r.fiscal_year, w.from, w.to));
}

function issues(rows: readonly Row[], hidden: ReadonlySet<string>, w: Window): Row[] {
  const inside = rows.filter((r) => inWindow(r.fiscal_year, w.from, w.to));
  const shown = applyHidden('issues', inside, hidden);
  for (const row of shown) hideDerived(row, 'share', ['count', 'cases']);
  return shown;
}

/**
 * 自治会訪問進捗 in a window: every snapshot in it (history), each town's
 * newest one (municipality), and their region and prefecture sums — sums
 * of what the class sees, hidden where any town's figure is.
 */
function visits(rows: readonly Row[], hidden: ReadonlySet<string>, w: Window): Row[] {
  const history = applyHidden(
    'visits',
    rows.filter((r) => r.level === 'history' && inWindow(fyOfDate(str(r.as_of)), w.from, w.to)),
    hidden,
  );
  const latest = new Map<string, Row>();
  for (const row of history) {
    const code = str(row.municipality_code);
    const seen = latest.get(code);
    if (!seen || str(row.as_of) > str(seen.as_of)) latest.set(code, row);
  }
  const towns = [...latest.values()].map(
    (r): Row => ({ ...r, level: 'municipality', suppressed: [...(r.suppressed as string[])] }),
  );
  const template = rows.find((r) => r.level === 'prefecture');
  const groups = new Map<string, Row[]>();
  for (const town of towns) {
    if (town.region !== null && town.region !== undefined) {
      const list = groups.get(`region|${str(town.region)}`);
      if (list) list.push(town);
      else groups.set(`region|${str(town.region)}`, [town]);
    }
  }
  const totals: Row[] = [];
  if (towns.length) totals.push(visitTotal('prefecture', towns, template));
  for (const [key, members] of groups) totals.push(visitTotal(key, members, template));
  const all = [...history, ...towns, ...totals];
  for (const row of all) {
    row.jichikai_completed_share = share(row.jichikai_completed, row.jichikai_total);
    row.households_visited_share = share(row.households_visited, row.households_total);
  }
  const order = (r: Row) => `${str(r.level)}\u0000${str(r.area_code)}\u0000${str(r.as_of)}`;
  return all.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

const share = (part: unknown, whole: unknown): number | null =>
  typeof part === 'number' && typeof whole === 'number' && whole !== 0 ? round(part / whole, 4) : null;

const VISIT_SUMS = [
  'jichikai_total',
  'jichikai_completed',
  'jichikai_in_progress',
  'households_total',
  'households_visited',
  'hearing_done',
];

function visitTotal(key: string, members: readonly Row[], prefecture: Row | undefined): Row {
  const isRegion = key.startsWith('region|');
  const region = isRegion ? key.slice('region|'.length) : null;
  const row: Row = {
    level: isRegion ? 'region' : 'prefecture',
    area_code: isRegion ? region : (prefecture?.area_code ?? null),
    area_name: isRegion ? region : (prefecture?.area_name ?? null),
    region,
    municipality_code: null,
    // ISO dates order as strings: the latest member snapshot dates the pooled row.
    as_of:
      members
        .map((r) => str(r.as_of))
        .sort()
        .at(-1) ?? '',
  };
  const sum = (field: string): number | null =>
    members.reduce<number | null>(
      (s, r) => (typeof r[field] === 'number' ? (s ?? 0) + (r[field] as number) : s),
      null,
    );
  for (const f of VISIT_SUMS) row[f] = sum(f);
  row.jichikai_completed_share = null;
  row.households_visited_share = null;
  const suppressed: string[] = [];
  for (const f of VISIT_COUNTS) {
    if (members.some((m) => (m.suppressed as string[]).includes(f))) {
      row[f] = null;
      suppressed.push(f);
    } else row[f] = sum(f);
  }
  // Keep the SQL's column order: hearing_done before the two counts.
  const ordered: Row = {};
  for (const f of VISIT_COLUMNS) ordered[f] = row[f] ?? null;
  ordered.suppressed = suppressed;
  return ordered;
}

/** The benchmark query's own columns, in its order (the labelled table less the fields the service adds). */
const BENCHMARK_COLUMNS = INDICATOR_FIELDS.benchmark.filter((f) => !DERIVED_FIELDS.includes(f));

/** The visits query's own columns, in its order. */
const VISIT_COLUMNS = INDICATOR_FIELDS.visits.filter((f) => !DERIVED_FIELDS.includes(f));

/**
 * 人口規模等が近い市町村・圏域・県との比較 in a window. Region and prefecture values are
 * the grid's cells; peer pools and 先輩事例 cohorts are sums of the town
 * values this class sees, hidden where any of them is hidden, so a pool
 * never tells a reader more than its parts.
 */
function benchmark(rows: readonly Row[], hidden: ReadonlySet<string>, w: Window): Row[] {
  // Nothing hidden: the grid's town rows already carry the exact peer sums the query made from the
  // same town rows; select them, never copy (87,000 rows nationally).
  const towns =
    hidden.size === 0
      ? rows.filter((r) => r.level === 'municipality' && inWindow(r.fiscal_year, w.from, w.to))
      : protectedBenchmarkTowns(rows, hidden, w); // copies keep the grid rows' labels
  return [...withLabels(cohortsOf(towns)), ...towns];
}

/** Town rows copied with this class's hidden cells null, and peer sums of only what it sees. */
function protectedBenchmarkTowns(rows: readonly Row[], hidden: ReadonlySet<string>, w: Window): Row[] {
  const towns = applyHidden(
    'benchmark',
    rows.filter((r) => r.level === 'municipality' && inWindow(r.fiscal_year, w.from, w.to)),
    hidden,
  );
  const byKey = new Map(
    towns.map((r) => [`${str(r.municipality_code)}|${str(r.fiscal_year)}|${str(r.metric)}`, r]),
  );
  for (const row of towns) {
    const peers = [row.peer1_code, row.peer2_code, row.peer3_code]
      .map((p) => byKey.get(`${str(p)}|${str(row.fiscal_year)}|${str(row.metric)}`))
      .filter((p): p is Row => p !== undefined);
    const suppressed = row.suppressed as string[];
    if (peers.length === 0) {
      row.peer_value = null;
      row.peer_population = null;
    } else if (peers.some((p) => (p.suppressed as string[]).includes('value'))) {
      row.peer_value = null;
      row.peer_population = peers.reduce((s, p) => s + (p.population as number), 0);
      suppressed.push('peer_value');
    } else {
      row.peer_value = peers.reduce((s, p) => s + (p.value as number), 0);
      row.peer_population = peers.reduce((s, p) => s + (p.population as number), 0);
    }
    row.peer_per_10k = rate(row.peer_value, row.peer_population);
    for (const [count, perTenK] of [
      ['value', 'per_10k'],
      ['peer_value', 'peer_per_10k'],
      ['region_value', 'region_per_10k'],
      ['prefecture_value', 'prefecture_per_10k'],
    ] as const)
      hideDerived(row, perTenK, [count]);
  }
  return towns;
}

/** 先輩事例: one row per years-since-implementation and metric, hidden where any member is. */
function cohortsOf(towns: readonly Row[]): Row[] {
  const cohorts = new Map<string, Row[]>();
  for (const row of towns) {
    if (typeof row.years_since_implementation !== 'number') continue;
    const key = `${row.years_since_implementation}|${str(row.metric)}`;
    const list = cohorts.get(key);
    if (list) list.push(row);
    else cohorts.set(key, [row]);
  }
  const cohortRows: Row[] = [];
  for (const members of cohorts.values()) {
    const first = members[0] as Row;
    const anyHidden = members.some((m) => (m.suppressed as string[]).includes('value'));
    const value = anyHidden ? null : members.reduce((s, m) => s + (m.value as number), 0);
    const population = members.reduce((s, m) => s + (m.population as number), 0);
    const row: Row = Object.fromEntries(BENCHMARK_COLUMNS.map((c) => [c, null]));
    Object.assign(row, {
      level: 'cohort',
      area_code: String(first.years_since_implementation),
      years_since_implementation: first.years_since_implementation,
      metric: first.metric,
      value,
      population,
      per_10k: rate(value, population),
      population_source: '市町村人口の合計',
      municipalities: members.length,
      suppressed: anyHidden ? ['value', 'per_10k'] : [],
    });
    cohortRows.push(row);
  }
  cohortRows.sort((a, b) =>
    str(a.area_code) === str(b.area_code)
      ? str(a.metric).localeCompare(str(b.metric))
      : str(a.area_code) < str(b.area_code)
        ? -1
        : 1,
  );
  return cohortRows;
}

/**
 * What one class of viewer sees of an indicator in a window: a slice of the
 * published grid (`hidden` = its 秘匿 cells; empty for an entitled viewer),
 * with every derived figure computed from what it sees, labelled.
 */
export function viewOf(
  id: IndicatorId,
  rows: readonly Row[],
  hidden: ReadonlySet<string>,
  w: Window,
  today: string,
): Row[] {
  // Nothing hidden: the grid's rows are already the entitled view (labels, 前年度比); select, never copy.
  if (hidden.size === 0 && id === 'issues') return rows.filter((r) => inWindow(r.fiscal_year, w.from, w.to));
  if (hidden.size === 0 && id === 'consultations') return entitledConsultations(rows, w, today);
  switch (id) {
    case 'consultations':
      return withLabels(consultations(rows, hidden, w, today));
    case 'issues':
      return withLabels(issues(rows, hidden, w));
    case 'visits':
      return visits(rows, hidden, w);
    case 'benchmark':
      return benchmark(rows, hidden, w);
    case 'outcomes':
      return outcomesView(rows, hidden, w);
    default:
      return withLabels(rows.filter((r) => inWindow(r.fiscal_year, w.from, w.to)).map((r) => ({ ...r })));
  }
}
