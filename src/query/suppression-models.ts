import type { CellRef, SuppressionModel } from './suppression';
import type { IndicatorId, Row } from './types';

/** The counts of 相談件数推移 that describe people or their meetings. */
export const CONSULTATION_COUNTS = [
  'persons',
  'new_persons',
  'continuing_persons',
  'contacts',
  'support_meetings',
  'juso_meetings',
  'meeting_cases',
] as const;
const ACTIVITY_COUNTS = ['new_persons', 'contacts', 'support_meetings', 'juso_meetings', 'meeting_cases'];

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const townOf = (row: Row): string | null =>
  typeof row.municipality_code === 'string' ? row.municipality_code : null;

function push(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

/**
 * Vertical relations of one figure across areas: a region = its towns;
 * the prefecture = all towns = its regions plus towns of unknown region.
 */
function areaRelations(
  rows: readonly Row[],
  groupOf: (row: Row) => string | null,
  idOf: (row: Row) => string,
): string[][] {
  const region = new Map<string, string[]>();
  const prefTowns = new Map<string, string[]>();
  const prefParts = new Map<string, string[]>();
  const totals = new Map<string, string>();
  for (const row of rows) {
    const group = groupOf(row);
    if (group === null) continue;
    const id = idOf(row);
    if (row.level === 'municipality') {
      push(prefTowns, group, id);
      if (row.region !== null && row.region !== undefined) push(region, `${group}|${str(row.region)}`, id);
      else push(prefParts, group, id);
    } else if (row.level === 'region') {
      totals.set(`region|${group}|${str(row.region)}`, id);
      push(prefParts, group, id);
    } else if (row.level === 'prefecture') {
      totals.set(`prefecture|${group}`, id);
    }
  }
  const out: string[][] = [];
  for (const [key, towns] of region) {
    const total = totals.get(`region|${key}`);
    if (total) out.push([total, ...towns]);
  }
  for (const [group, towns] of prefTowns) {
    const total = totals.get(`prefecture|${group}`);
    if (!total) continue;
    out.push([total, ...towns]);
    out.push([total, ...(prefParts.get(group) ?? [])]);
  }
  return out;
}

const consultationId = (row: Row, field: string): string =>
  `${str(row.level)}|${str(row.area_code)}|${str(row.fiscal_year)}|${str(row.month)}|${field}`;

export const consultationsModel: SuppressionModel = {
  cells: (row) =>
    CONSULTATION_COUNTS.map((field) => ({
      field,
      id: consultationId(row, field),
      owner: row.level === 'municipality' || row.level === 'month' ? townOf(row) : null,
    })),
  derived: Object.fromEntries(CONSULTATION_COUNTS.map((f) => [`${f}_per_10k`, [f]])),
  relations(rows) {
    const out: string[][] = [];
    for (const row of rows) {
      if (row.level === 'month') continue;
      out.push(['persons', 'new_persons', 'continuing_persons'].map((f) => consultationId(row, f)));
    }
    for (const field of CONSULTATION_COUNTS) {
      out.push(
        ...areaRelations(
          rows,
          (r) => (r.level === 'month' ? null : `${str(r.fiscal_year)}`),
          (r) => consultationId(r, field),
        ),
      );
    }
    // A town's FY figures = the sum of its months (new_persons too, conservatively:
    // the monthly tally of new persons should add up to the FY's new cases).
    const months = new Map<string, Row[]>();
    for (const row of rows) {
      if (row.level === 'month') push2(months, `${str(row.area_code)}|${str(row.fiscal_year)}`, row);
    }
    for (const row of rows) {
      if (row.level !== 'municipality') continue;
      const parts = months.get(`${str(row.area_code)}|${str(row.fiscal_year)}`);
      if (!parts) continue;
      for (const field of ACTIVITY_COUNTS) {
        out.push([consultationId(row, field), ...parts.map((m) => consultationId(m, field))]);
      }
    }
    return out;
  },
};

function push2(map: Map<string, Row[]>, key: string, row: Row): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

const issueId = (row: Row, dimension: unknown, category: unknown): string =>
  `${str(row.level)}|${str(row.area_code)}|${str(row.fiscal_year)}|${str(dimension)}|${str(category)}`;

export const issuesModel: SuppressionModel = {
  cells(row) {
    const owner = row.level === 'municipality' ? townOf(row) : null;
    return [
      { field: 'count', id: issueId(row, row.dimension, row.category), owner },
      { field: 'cases', id: issueId(row, 'total', 'all'), owner },
    ];
  },
  derived: { share: ['count', 'cases'] },
  relations(rows) {
    const out: string[][] = [];
    // Every dimension but `issue` (a case may have several) sums to N.
    const parts = new Map<string, string[]>();
    for (const row of rows) {
      if (row.dimension === 'issue' || row.dimension === 'total') continue;
      push(parts, `${issueId(row, row.dimension, '')}`, issueId(row, row.dimension, row.category));
    }
    for (const row of rows) {
      if (row.dimension !== 'total') continue;
      for (const dimension of ['referral_route', 'age_band', 'household_size', 'issue_count']) {
        const list = parts.get(issueId(row, dimension, ''));
        if (list) out.push([issueId(row, 'total', 'all'), ...list]);
      }
    }
    out.push(
      ...areaRelations(
        rows,
        (r) => `${str(r.fiscal_year)}|${str(r.dimension)}|${str(r.category)}`,
        (r) => issueId(r, r.dimension, r.category),
      ),
    );
    return out;
  },
};

const VISIT_COUNTS = ['concern_households', 'referrals'] as const;
const visitId = (row: Row, field: string): string =>
  row.level === 'municipality' || row.level === 'history'
    ? `town|${str(row.municipality_code)}|${str(row.as_of)}|${field}`
    : `${str(row.level)}|${str(row.area_code)}|${field}`;

export const visitsModel: SuppressionModel = {
  cells: (row) =>
    VISIT_COUNTS.map((field) => ({
      field,
      id: visitId(row, field),
      owner: row.level === 'municipality' || row.level === 'history' ? townOf(row) : null,
    })),
  derived: {},
  relations(rows) {
    const latest = rows.filter((r) => r.level !== 'history');
    return VISIT_COUNTS.flatMap((field) =>
      areaRelations(
        latest,
        () => 'latest',
        (r) => visitId(r, field),
      ),
    );
  },
};

const BENCHMARK_FIELDS: readonly [string, string][] = [
  ['value', 'per_10k'],
  ['peer_value', 'peer_per_10k'],
  ['region_value', 'region_per_10k'],
  ['prefecture_value', 'prefecture_per_10k'],
];
const ownId = (code: unknown, fy: unknown, metric: unknown): string =>
  `town|${str(code)}|${str(fy)}|${str(metric)}`;

function benchmarkCells(row: Row): CellRef[] {
  const fy = str(row.fiscal_year);
  const metric = str(row.metric);
  if (row.level === 'cohort') {
    return [{ field: 'value', id: `cohort|${str(row.area_code)}|${metric}`, owner: null }];
  }
  return [
    { field: 'value', id: ownId(row.municipality_code, fy, metric), owner: townOf(row) },
    { field: 'peer_value', id: `peer|${str(row.municipality_code)}|${fy}|${metric}`, owner: null },
    { field: 'region_value', id: `region|${str(row.region)}|${fy}|${metric}`, owner: null },
    { field: 'prefecture_value', id: `prefecture|${fy}|${metric}`, owner: null },
  ];
}

export const benchmarkModel: SuppressionModel = {
  cells: benchmarkCells,
  derived: Object.fromEntries(BENCHMARK_FIELDS.map(([count, rate]) => [rate, [count]])),
  relations(rows) {
    const towns = rows.filter((r) => r.level === 'municipality');
    const present = new Set(towns.map((r) => ownId(r.municipality_code, r.fiscal_year, r.metric)));
    const region = new Map<string, string[]>();
    const prefecture = new Map<string, string[]>();
    const cohort = new Map<string, string[]>();
    const out: string[][] = [];
    for (const r of towns) {
      const fy = str(r.fiscal_year);
      const metric = str(r.metric);
      const own = ownId(r.municipality_code, fy, metric);
      push(region, `region|${str(r.region)}|${fy}|${metric}`, own);
      push(prefecture, `prefecture|${fy}|${metric}`, own);
      if (r.years_since_implementation !== null)
        push(cohort, `cohort|${str(r.years_since_implementation)}|${metric}`, own);
      const peers = [r.peer1_code, r.peer2_code, r.peer3_code]
        .map((p) => ownId(p, fy, metric))
        .filter((id) => present.has(id));
      if (r.peer_value !== null) out.push([`peer|${str(r.municipality_code)}|${fy}|${metric}`, ...peers]);
    }
    for (const map of [region, prefecture, cohort]) {
      for (const [total, parts] of map) out.push([total, ...parts]);
    }
    return out;
  },
};

/** 実施状況 is public information about municipalities, not people: nothing to suppress. */
export const implementationModel: SuppressionModel = {
  cells: () => [],
  derived: {},
  relations: () => [],
};

export const SUPPRESSION_MODELS: Readonly<Record<IndicatorId, SuppressionModel>> = {
  consultations: consultationsModel,
  issues: issuesModel,
  visits: visitsModel,
  implementation: implementationModel,
  benchmark: benchmarkModel,
};
