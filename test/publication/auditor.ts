import { feasibleInterval, type LinearConstraint } from '../../src/publication/interval-solver';
import type { IndicatorId, Row } from '../../src/query/types';

/**
 * An independent disclosure auditor: it sees only what a viewer can obtain
 * (responses of any indicator, any window) plus what the docs tell anyone
 * (how tables add up), writes every published figure and relation as a
 * linear system, and asks a linear-programming solver how far each 秘匿
 * count can be narrowed. It shares no code with src/publication.
 */

/** A count's identity across responses and indicators, in the reader's own terms. */
type Key = string;

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const areaKey = (r: Row) => (r.level === 'region' ? s(r.region) : s(r.area_code));
const countKey = (level: unknown, area: string, fy: unknown, field: string): Key =>
  `C|${s(level)}|${area}|${s(fy)}|${field}`;

const CONSULTATION_FIELDS = [
  'persons',
  'new_persons',
  'continuing_persons',
  'contacts',
  'support_meetings',
  'juso_meetings',
  'meeting_cases',
];
const MONTH_FIELDS = ['new_persons', 'contacts', 'support_meetings', 'juso_meetings', 'meeting_cases'];
const ADDITIVE = ['referral_route', 'age_band', 'household_size', 'issue_count'];
const STATUS_FIELDS = ['closed', 'supporting', 'watching', 'status_unknown'];
const OUTCOME_FIELDS = [...STATUS_FIELDS, 'outreach_visits', 'participation_support'];

interface Fact {
  /** Σ coef·key (op) rhs, over keys; known values are substituted when solving. */
  terms: [Key, number][];
  op: '=' | '<=';
  rhs: number;
}

/**
 * For a reader who saw several data versions of its own town's uploads: the
 * figures that move with its own data (its own town's, and every total)
 * are a new unknown in each version; other towns' figures are the same
 * unknowns in all of them, so the union of versions is one system.
 */
export interface VersionScope {
  version: string;
  ownTown: string;
}

const MOVES_WITH_TOTALS = /^(C\|region|C\|prefecture|I\|region|I\|prefecture|P\||K\||VT\|)/;

export class DisclosureAuditor {
  private scope: VersionScope | undefined;
  private readonly known = new Map<Key, number>();
  private readonly hiddenKeys = new Set<Key>();
  private readonly facts: Fact[] = [];
  /** The same relation read from many responses is one fact. */
  private readonly factIds = new Set<string>();
  readonly contradictions: string[] = [];
  /** Variables in the largest linked group of the last audit (its LP size). */
  largestGroup = 0;

  /** A key as it stands in the current version's scope. */
  private scoped(key: Key): Key {
    const scope = this.scope;
    if (!scope) return key;
    return MOVES_WITH_TOTALS.test(key) || key.includes(`|${scope.ownTown}|`)
      ? `${key}@${scope.version}`
      : key;
  }

  private see(raw: Key, value: unknown): void {
    const key = this.scoped(raw);
    if (typeof value === 'number') {
      const before = this.known.get(key);
      if (before !== undefined && before !== value) this.contradictions.push(`${key}: ${before} vs ${value}`);
      this.known.set(key, value);
    } else if (value === null) this.hiddenKeys.add(key);
  }

  private fact(raw: Fact): void {
    const f: Fact = {
      ...raw,
      terms: raw.terms.map(([key, coef]): [Key, number] => [this.scoped(key), coef]),
    };
    const id = `${f.terms.map(([k, c]) => `${c}*${k}`).join('+')}${f.op}${f.rhs}`;
    if (this.factIds.has(id)) return;
    this.factIds.add(id);
    this.facts.push(f);
  }

  private sum(total: Key, parts: Key[]): void {
    if (parts.length)
      this.fact({ terms: [[total, 1], ...parts.map((p): [Key, number] => [p, -1])], op: '=', rhs: 0 });
  }

  /** A rate or ratio the reader sees: count ∈ ratio·base ± rounding. */
  private ratio(count: Key, base: Key | number, ratio: unknown, scale: number, half: number): void {
    if (typeof ratio !== 'number') return;
    for (const sign of [1, -1]) {
      // sign·(count·scale − ratio·base) ≤ half·base
      if (typeof base === 'number') {
        this.fact({ terms: [[count, sign * scale]], op: '<=', rhs: sign * ratio * base + half * base });
      } else {
        this.fact({
          terms: [
            [count, sign * scale],
            [base, -sign * ratio - half],
          ],
          op: '<=',
          rhs: 0,
        });
      }
    }
  }

  /** Everything one response tells the reader (seen in `scope`'s data version, when given). */
  add(id: IndicatorId, rows: readonly Row[], scope?: VersionScope): void {
    this.scope = scope;
    if (id === 'consultations') this.consultations(rows);
    if (id === 'issues') this.issues(rows);
    if (id === 'visits') this.visits(rows);
    if (id === 'benchmark') this.benchmark(rows);
    if (id === 'outcomes') this.outcomes(rows);
  }

  /**
   * 支援の成果 (docs/indicators.md): 相談実人数 is the same count as in
   * 相談件数推移; the four 状態 counts sum to it in every row; 終結率 is
   * closed ÷ persons; every count of a region or the prefecture sums its
   * towns. The median 支援期間 is not a linear figure and adds nothing here.
   */
  private outcomes(rows: readonly Row[]): void {
    const key = (r: Row, f: string) =>
      countKey(r.level, areaKey(r), r.fiscal_year, f === 'persons' ? f : `o:${f}`);
    for (const r of rows) {
      this.see(key(r, 'persons'), r.persons);
      for (const f of OUTCOME_FIELDS) this.see(key(r, f), r[f]);
      if (r.persons !== null || (r.suppressed as string[])?.includes('persons'))
        this.sum(
          key(r, 'persons'),
          STATUS_FIELDS.map((f) => key(r, f)),
        );
      this.ratio(key(r, 'closed'), key(r, 'persons'), r.closure_rate, 1, 0.00005);
    }
    const towns = rows.filter((r) => r.level === 'municipality');
    for (const total of rows.filter((r) => r.level === 'region' || r.level === 'prefecture')) {
      const parts = towns.filter(
        (t) =>
          t.fiscal_year === total.fiscal_year && (total.level === 'prefecture' || t.region === total.region),
      );
      for (const f of OUTCOME_FIELDS) {
        const present = parts.filter((t) => t[f] !== null || (t.suppressed as string[])?.includes(f));
        this.sum(
          key(total, f),
          present.map((t) => key(t, f)),
        );
      }
    }
  }

  private consultations(rows: readonly Row[]): void {
    const byFy = new Map<string, Row[]>();
    for (const r of rows) {
      if (r.level === 'month') {
        for (const f of MONTH_FIELDS) this.see(`M|${s(r.municipality_code)}|${s(r.month)}|${f}`, r[f]);
        continue;
      }
      const key = (f: string) => countKey(r.level, areaKey(r), r.fiscal_year, f);
      for (const f of CONSULTATION_FIELDS) {
        this.see(key(f), r[f]);
        if (typeof r.population === 'number')
          this.ratio(key(f), r.population, r[`${f}_per_10k`], 10000, 0.005);
      }
      if (r.persons !== undefined) this.sum(key('persons'), [key('new_persons'), key('continuing_persons')]);
      const list = byFy.get(s(r.fiscal_year)) ?? [];
      list.push(r);
      byFy.set(s(r.fiscal_year), list);
      const previous = countKey(r.level, areaKey(r), Number(r.fiscal_year) - 1, 'persons');
      this.ratio(key('persons'), previous, r.persons_yoy, 1, 0.00005);
    }
    for (const [fy, list] of byFy) {
      const towns = list.filter((r) => r.level === 'municipality');
      for (const f of CONSULTATION_FIELDS) {
        const present = towns.filter(
          (t) => t[f] !== undefined && (t[f] !== null || (t.suppressed as string[])?.includes(f)),
        );
        for (const total of list.filter((r) => r.level === 'region' || r.level === 'prefecture')) {
          const parts = present.filter((t) => total.level === 'prefecture' || t.region === total.region);
          this.sum(
            countKey(total.level, areaKey(total), fy, f),
            parts.map((t) => countKey('municipality', s(t.area_code), fy, f)),
          );
        }
      }
    }
    const months = new Map<string, Row[]>();
    for (const r of rows.filter((x) => x.level === 'month')) {
      const k = `${s(r.municipality_code)}|${s(r.fiscal_year)}`;
      months.set(k, [...(months.get(k) ?? []), r]);
    }
    for (const [k, list] of months) {
      const [code, fy] = k.split('|') as [string, string];
      for (const f of MONTH_FIELDS) {
        this.sum(
          countKey('municipality', code, fy, f),
          list.map((m) => `M|${code}|${s(m.month)}|${f}`),
        );
      }
    }
  }

  private issues(rows: readonly Row[]): void {
    const tables = new Map<string, Row[]>();
    for (const r of rows) {
      const n = countKey(r.level, areaKey(r), r.fiscal_year, 'persons');
      const key =
        r.dimension === 'total'
          ? n
          : `I|${s(r.level)}|${areaKey(r)}|${s(r.fiscal_year)}|${s(r.dimension)}|${s(r.category)}`;
      this.see(key, r.count);
      this.see(n, r.cases);
      if (r.dimension !== 'total') this.ratio(key, n, r.share, 1, 0.00005);
      const t = `${s(r.level)}|${areaKey(r)}|${s(r.fiscal_year)}`;
      tables.set(t, [...(tables.get(t) ?? []), r]);
    }
    const ik = (r: Row) =>
      `I|${s(r.level)}|${areaKey(r)}|${s(r.fiscal_year)}|${s(r.dimension)}|${s(r.category)}`;
    for (const list of tables.values()) {
      const first = list[0] as Row;
      const n = countKey(first.level, areaKey(first), first.fiscal_year, 'persons');
      for (const d of ADDITIVE) this.sum(n, list.filter((r) => r.dimension === d).map(ik));
      const issues = list.filter((r) => r.dimension === 'issue').map(ik);
      for (const i of issues)
        this.fact({
          terms: [
            [i, 1],
            [n, -1],
          ],
          op: '<=',
          rhs: 0,
        });
      const one = list.find((r) => r.dimension === 'issue_count' && r.category === '1');
      const many = list.find((r) => r.dimension === 'issue_count' && r.category === '2_plus');
      if (one && many && issues.length) {
        this.fact({
          terms: [[ik(one), 1], [ik(many), 2], ...issues.map((i): [Key, number] => [i, -1])],
          op: '<=',
          rhs: 0,
        });
        this.fact({
          terms: [[ik(one), -1], [ik(many), -issues.length], ...issues.map((i): [Key, number] => [i, 1])],
          op: '<=',
          rhs: 0,
        });
      }
    }
    const towns = rows.filter((r) => r.level === 'municipality' && r.dimension !== 'total');
    for (const total of rows.filter(
      (r) => (r.level === 'region' || r.level === 'prefecture') && r.dimension !== 'total',
    )) {
      const parts = towns.filter(
        (t) =>
          t.fiscal_year === total.fiscal_year &&
          t.dimension === total.dimension &&
          t.category === total.category &&
          (total.level === 'prefecture' || t.region === total.region),
      );
      this.sum(ik(total), parts.map(ik));
    }
  }

  private visits(rows: readonly Row[]): void {
    const vk = (r: Row, f: string) => `V|${s(r.municipality_code)}|${s(r.as_of)}|${f}`;
    const latest = rows.filter((r) => r.level === 'municipality');
    for (const r of rows) {
      if (r.level === 'history' || r.level === 'municipality') {
        for (const f of ['concern_households', 'referrals']) this.see(vk(r, f), r[f]);
      }
    }
    for (const total of rows.filter((r) => r.level === 'region' || r.level === 'prefecture')) {
      const parts = latest.filter((t) => total.level === 'prefecture' || t.region === total.region);
      for (const f of ['concern_households', 'referrals']) {
        const key = `VT|${s(total.level)}|${areaKey(total)}|${parts.map((p) => vk(p, f)).join(',')}`;
        this.see(key, total[f]);
        this.sum(
          key,
          parts.map((p) => vk(p, f)),
        );
      }
    }
  }

  private benchmark(rows: readonly Row[]): void {
    const towns = rows.filter((r) => r.level === 'municipality');
    const own = new Map(
      towns.map((t) => [`${s(t.municipality_code)}|${s(t.fiscal_year)}|${s(t.metric)}`, t]),
    );
    for (const t of towns) {
      const fy = t.fiscal_year;
      const m = s(t.metric);
      const value = countKey('municipality', s(t.municipality_code), fy, m);
      this.see(value, t.value);
      this.see(countKey('region', s(t.region), fy, m), t.region_value);
      this.see(countKey('prefecture', PREFECTURE, fy, m), t.prefecture_value);
      if (typeof t.population === 'number') this.ratio(value, t.population, t.per_10k, 10000, 0.005);
      const peers = [t.peer1_code, t.peer2_code, t.peer3_code]
        .map((p) => own.get(`${s(p)}|${s(fy)}|${m}`))
        .filter((p): p is Row => p !== undefined);
      const peerKey = `P|${s(t.municipality_code)}|${s(fy)}|${m}|${peers.map((p) => s(p.municipality_code)).join(',')}`;
      this.see(peerKey, t.peer_value);
      this.sum(
        peerKey,
        peers.map((p) => countKey('municipality', s(p.municipality_code), fy, m)),
      );
    }
    for (const c of rows.filter((r) => r.level === 'cohort')) {
      const parts = towns.filter(
        (t) => t.metric === c.metric && t.years_since_implementation === c.years_since_implementation,
      );
      const key = `K|${s(c.metric)}|${parts.map((p) => `${s(p.municipality_code)}:${s(p.fiscal_year)}`).join(',')}`;
      this.see(key, c.value);
      this.sum(
        key,
        parts.map((p) => countKey('municipality', s(p.municipality_code), p.fiscal_year, s(p.metric))),
      );
    }
  }

  /**
   * For every hidden count whose true value is small (0 < n < k), the
   * interval the reader can narrow it to; those narrower than k are leaks.
   */
  async narrowed(
    truth: ReadonlyMap<Key, number>,
    k: number,
  ): Promise<{ key: Key; value: number; lo: number; hi: number }[]> {
    // Unknowns: every count seen hidden (at least 1: zeros are shown) or never seen (at least 0).
    const unknown = new Set<Key>();
    for (const f of this.facts) for (const [key] of f.terms) if (!this.known.has(key)) unknown.add(key);
    for (const key of this.hiddenKeys) if (!this.known.has(key)) unknown.add(key);
    const hidden = [...unknown];
    const isVar = unknown;
    // Group hidden keys linked by a fact, and solve each group on its own.
    const parent = new Map(hidden.map((h) => [h, h]));
    const find = (x: Key): Key => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r) as Key;
      parent.set(x, r);
      return r;
    };
    // A reader can rely only on relations that hold: one the data breaks (a town's
    // monthly new persons need not add up to its cases) is no relation at all.
    const holds = (f: Fact): boolean => {
      let lhs = 0;
      for (const [key, coef] of f.terms) {
        const v = this.known.get(key) ?? truth.get(key.replace(/@.*$/, ''));
        if (v === undefined || key.includes('@')) return true;
        lhs += coef * v;
      }
      return f.op === '=' ? Math.abs(lhs - f.rhs) < 1e-9 : lhs <= f.rhs + 1e-9;
    };
    const live = this.facts.filter((f) => f.terms.some(([key]) => isVar.has(key)) && holds(f));
    for (const f of live) {
      const vars = f.terms.map(([key]) => key).filter((key) => isVar.has(key));
      for (const v of vars.slice(1)) parent.set(find(v), find(vars[0] as Key));
    }
    const groups = new Map<Key, Key[]>();
    for (const h of hidden) groups.set(find(h), [...(groups.get(find(h)) ?? []), h]);
    const factsOf = new Map<Key, Fact[]>();
    for (const f of live) {
      const root = find(f.terms.find(([key]) => isVar.has(key))?.[0] as Key);
      factsOf.set(root, [...(factsOf.get(root) ?? []), f]);
    }
    const out: { key: Key; value: number; lo: number; hi: number }[] = [];
    this.largestGroup = Math.max(0, ...[...groups.values()].map((g) => g.length));
    for (const [root, members] of groups) {
      const targets = members.filter((m) => {
        if (!this.hiddenKeys.has(m)) return false;
        const v = truth.get(m);
        return v !== undefined && v > 0 && v < k;
      });
      if (!targets.length) continue;
      const index = new Map(members.map((m, i) => [m, i]));
      const constraints: LinearConstraint[] = (factsOf.get(root) ?? []).map((f) => {
        let rhs = f.rhs;
        const terms: [number, number][] = [];
        for (const [key, coef] of f.terms) {
          const i = index.get(key);
          if (i !== undefined) terms.push([i, coef]);
          else rhs -= coef * (this.known.get(key) as number);
        }
        return { terms, op: f.op, rhs };
      });
      // Documented: other towns' monthly tallies and categories are withheld whatever
      // their value (≥ 0); any other hidden count is ≥ 1, since zeros are shown.
      const lower = members.map((m) => (this.hiddenKeys.has(m) && !WITHHELD.test(m) ? 1 : 0));
      const system = { size: members.length, lower, constraints };
      for (const t of targets) {
        const lo = await feasibleInterval(system, index.get(t) as number, 'min');
        const hi = await feasibleInterval(system, index.get(t) as number, 'max');
        if (hi - lo < k - 1e-6) out.push({ key: t, value: truth.get(t) as number, lo, hi });
      }
    }
    return out;
  }

  /** Every count the reader saw or saw hidden, with the exact value another auditor run (as the prefecture) gives. */
  keys(): { known: ReadonlyMap<Key, number>; hidden: ReadonlySet<Key> } {
    return { known: this.known, hidden: this.hiddenKeys };
  }
}

/** Keys of a town's monthly tallies and 課題と特性 categories. */
const WITHHELD = /^(M\||I\|municipality\|)/;

/** The prefecture's code as it appears in area_code. */
const PREFECTURE = '310000';
