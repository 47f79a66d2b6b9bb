import type { IndicatorId, Row } from '../../src/query/types';

/**
 * An independent check of a suppressed response against the exact one (same
 * rows, same order): written from the tables' structure, not from the
 * suppression models, so a gap in a model shows up here.
 */
interface Relation {
  total: [number, string];
  parts: [number, string][];
  /** Whether the total must equal the sum of the parts in exact data. */
  exactSum: boolean;
}

const COUNTS: Record<IndicatorId, string[]> = {
  consultations: [
    'persons',
    'new_persons',
    'continuing_persons',
    'contacts',
    'support_meetings',
    'juso_meetings',
    'meeting_cases',
  ],
  issues: ['count', 'cases'],
  visits: ['concern_households', 'referrals'],
  implementation: [],
  benchmark: ['value', 'peer_value', 'region_value', 'prefecture_value'],
};

const RATES: Record<IndicatorId, [string, string[]][]> = {
  consultations: COUNTS.consultations.map((c) => [`${c}_per_10k`, [c]]),
  issues: [['share', ['count', 'cases']]],
  visits: [],
  implementation: [],
  benchmark: [
    ['per_10k', ['value']],
    ['peer_per_10k', ['peer_value']],
    ['region_per_10k', ['region_value']],
    ['prefecture_per_10k', ['prefecture_value']],
  ],
};

function group<T>(items: T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

type Indexed = { row: Row; i: number };

function areaRelations(rows: Indexed[], field: string, by: (r: Row) => string | null): Relation[] {
  const out: Relation[] = [];
  const towns = group(
    rows.filter((x) => x.row.level === 'municipality'),
    (x) => by(x.row),
  );
  for (const [key, parts] of towns) {
    const regionParts = group(parts, (x) => (x.row.region == null ? null : String(x.row.region)));
    for (const [region, members] of regionParts) {
      const total = rows.find(
        (x) => x.row.level === 'region' && x.row.region === region && by(x.row) === key,
      );
      if (total)
        out.push({ total: [total.i, field], parts: members.map((m) => [m.i, field]), exactSum: true });
    }
    const pref = rows.find((x) => x.row.level === 'prefecture' && by(x.row) === key);
    if (pref) out.push({ total: [pref.i, field], parts: parts.map((m) => [m.i, field]), exactSum: true });
  }
  return out;
}

function relationsOf(id: IndicatorId, exact: Row[]): Relation[] {
  const rows = exact.map((row, i) => ({ row, i }));
  const out: Relation[] = [];
  if (id === 'consultations') {
    for (const field of COUNTS.consultations)
      out.push(...areaRelations(rows, field, (r) => String(r.fiscal_year)));
    for (const x of rows) {
      if (x.row.level === 'month') continue;
      out.push({
        total: [x.i, 'persons'],
        parts: [
          [x.i, 'new_persons'],
          [x.i, 'continuing_persons'],
        ],
        exactSum: true,
      });
    }
    const months = group(
      rows.filter((x) => x.row.level === 'month'),
      (x) => `${x.row.municipality_code}|${x.row.fiscal_year}`,
    );
    for (const x of rows.filter((r) => r.row.level === 'municipality')) {
      const parts = months.get(`${x.row.municipality_code}|${x.row.fiscal_year}`) ?? [];
      for (const field of ['contacts', 'support_meetings', 'juso_meetings', 'meeting_cases']) {
        if (parts.length)
          out.push({ total: [x.i, field], parts: parts.map((m) => [m.i, field]), exactSum: true });
      }
    }
  }
  if (id === 'issues') {
    out.push(...areaRelations(rows, 'count', (r) => `${r.fiscal_year}|${r.dimension}|${r.category}`));
    const tables = group(rows, (x) => `${x.row.level}|${x.row.area_code}|${x.row.fiscal_year}`);
    for (const members of tables.values()) {
      const total = members.find((x) => x.row.dimension === 'total');
      if (!total) continue;
      for (const dimension of ['referral_route', 'age_band', 'household_size', 'issue_count']) {
        const parts = members.filter((x) => x.row.dimension === dimension);
        out.push({ total: [total.i, 'count'], parts: parts.map((m) => [m.i, 'count']), exactSum: true });
      }
    }
  }
  if (id === 'visits') {
    const latest = rows.filter((x) => x.row.level !== 'history');
    for (const field of COUNTS.visits) out.push(...areaRelations(latest, field, () => 'latest'));
  }
  if (id === 'benchmark') {
    const towns = rows.filter((x) => x.row.level === 'municipality');
    const own = new Map(
      towns.map((x) => [`${x.row.municipality_code}|${x.row.fiscal_year}|${x.row.metric}`, x]),
    );
    for (const x of towns) {
      const key = `${x.row.fiscal_year}|${x.row.metric}`;
      const sameRegion = towns.filter(
        (t) => `${t.row.fiscal_year}|${t.row.metric}` === key && t.row.region === x.row.region,
      );
      const all = towns.filter((t) => `${t.row.fiscal_year}|${t.row.metric}` === key);
      out.push({
        total: [x.i, 'region_value'],
        parts: sameRegion.map((t) => [t.i, 'value']),
        exactSum: true,
      });
      out.push({ total: [x.i, 'prefecture_value'], parts: all.map((t) => [t.i, 'value']), exactSum: true });
      const peers = [x.row.peer1_code, x.row.peer2_code, x.row.peer3_code]
        .map((p) => own.get(`${p}|${key}`))
        .filter((p): p is Indexed => p !== undefined);
      out.push({ total: [x.i, 'peer_value'], parts: peers.map((t) => [t.i, 'value']), exactSum: true });
    }
    for (const c of rows.filter((x) => x.row.level === 'cohort')) {
      const parts = towns.filter(
        (t) => String(t.row.years_since_implementation) === c.row.area_code && t.row.metric === c.row.metric,
      );
      out.push({ total: [c.i, 'value'], parts: parts.map((t) => [t.i, 'value']), exactSum: true });
    }
  }
  return out;
}

/** Every way the response could give a hidden figure away; empty when none. */
export function auditSuppression(id: IndicatorId, exact: Row[], shown: Row[]): string[] {
  const problems: string[] = [];
  if (exact.length !== shown.length) return [`row count differs: ${exact.length} vs ${shown.length}`];
  const value = (rows: Row[], [i, f]: [number, string]) => rows[i]?.[f];
  const hidden = (cell: [number, string]) =>
    value(shown, cell) === null && typeof value(exact, cell) === 'number';
  exact.forEach((row, i) => {
    for (const field of COUNTS[id]) {
      const v = row[field];
      const s = shown[i]?.[field];
      if (typeof v === 'number' && s !== null && s !== v)
        problems.push(`row ${i} ${field}: shown ${s} ≠ exact ${v}`);
    }
    for (const [rate, bases] of RATES[id]) {
      if (shown[i]?.[rate] != null && bases.some((b) => shown[i]?.[b] === null && row[b] != null)) {
        problems.push(`row ${i} ${rate} shown although ${bases.join('/')} hidden`);
      }
    }
  });
  for (const rel of relationsOf(id, exact)) {
    const parts = rel.parts.filter((p) => typeof value(exact, p) === 'number');
    if (typeof value(exact, rel.total) !== 'number') continue;
    if (rel.exactSum) {
      const sum = parts.reduce((s, p) => s + (value(exact, p) as number), 0);
      if (sum !== value(exact, rel.total)) {
        problems.push(`relation does not hold in exact data at row ${rel.total[0]} ${rel.total[1]}`);
      }
    }
    const hiddenParts = parts.filter(hidden).length;
    if (!hidden(rel.total) && hiddenParts === 1) {
      problems.push(`row ${rel.total[0]} ${rel.total[1]}: shown total with exactly one hidden part`);
    }
  }
  return problems;
}

/**
 * Closure: repeatedly solve every relation with exactly one unknown member.
 * A small figure (0 < n < k) the viewer may not see that can be solved this
 * way is a leak.
 */
export function derivableSmallCells(
  id: IndicatorId,
  exact: Row[],
  shown: Row[],
  k: number,
  entitled: (row: Row, field: string) => boolean,
): string[] {
  const known = new Set<string>();
  const key = ([i, f]: [number, string]) => `${i}|${f}`;
  const numeric = (c: [number, string]) => typeof exact[c[0]]?.[c[1]] === 'number';
  const relations = relationsOf(id, exact).map((r) => [r.total, ...r.parts].filter(numeric));
  for (const members of relations)
    for (const c of members) if (shown[c[0]]?.[c[1]] !== null) known.add(key(c));
  const derived: [number, string][] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const members of relations) {
      const unknown = members.filter((c) => !known.has(key(c)));
      if (unknown.length === 1 && unknown[0]) {
        known.add(key(unknown[0]));
        derived.push(unknown[0]);
        changed = true;
      }
    }
  }
  return derived
    .filter(([i, f]) => {
      const v = exact[i]?.[f] as number;
      return v > 0 && v < k && !entitled(exact[i] as Row, f);
    })
    .map(([i, f]) => `row ${i} ${f} = ${String(exact[i]?.[f])} can be worked out from shown figures`);
}

/** Where a figure repeated in several rows has its own cell (issues: N is the `total` row's count). */
function canonical(id: IndicatorId, exact: Row[], [i, f]: [number, string]): [number, string] {
  const row = exact[i];
  if (id !== 'issues' || f !== 'cases' || !row) return [i, f];
  const total = exact.findIndex(
    (r) =>
      r.dimension === 'total' &&
      r.level === row.level &&
      r.area_code === row.area_code &&
      r.fiscal_year === row.fiscal_year,
  );
  return total >= 0 ? [total, 'count'] : [i, f];
}

/** Whether a figure follows from the other shown figures (so showing it adds nothing). */
function impliedByOthers(id: IndicatorId, exact: Row[], shown: Row[], cell: [number, string]): boolean {
  const key = ([i, f]: [number, string]) => `${i}|${f}`;
  const numeric = (c: [number, string]) => typeof exact[c[0]]?.[c[1]] === 'number';
  const relations = relationsOf(id, exact).map((r) => [r.total, ...r.parts].filter(numeric));
  const known = new Set<string>();
  for (const members of relations) {
    for (const c of members) if (shown[c[0]]?.[c[1]] !== null && key(c) !== key(cell)) known.add(key(c));
  }
  let changed = true;
  while (changed && !known.has(key(cell))) {
    changed = false;
    for (const members of relations) {
      const unknown = members.filter((c) => !known.has(key(c)));
      if (unknown.length === 1 && unknown[0]) {
        known.add(key(unknown[0]));
        changed = true;
      }
    }
  }
  return known.has(key(cell));
}

/**
 * Primary rule: every count 0 < n < k the viewer may not see exactly is
 * hidden, unless it follows from figures the viewer sees anyway (a region
 * whose only reporting town is the viewer's own).
 */
export function smallCellsShown(
  id: IndicatorId,
  exact: Row[],
  shown: Row[],
  k: number,
  entitled: (row: Row, field: string) => boolean,
): string[] {
  const out: string[] = [];
  exact.forEach((row, i) => {
    for (const field of COUNTS[id]) {
      const v = row[field];
      if (typeof v === 'number' && v > 0 && v < k && !entitled(row, field) && shown[i]?.[field] !== null) {
        if (!impliedByOthers(id, exact, shown, canonical(id, exact, [i, field]))) {
          out.push(`row ${i} ${field} = ${v} shown`);
        }
      }
    }
  });
  return out;
}
