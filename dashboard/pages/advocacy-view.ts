import { MUNICIPALITIES, type Municipality } from '../../src/datasets/municipalities';
import { selfReference, TERMS } from '../../src/glossary';
import type { VisitLogEntry } from '../services/visit-log';
import {
  atLevel,
  cellText,
  formatPercent,
  fyLabel,
  fyLabelLong,
  isSuppressed,
  num,
  type Row,
  statusLabel,
  str,
} from './format';
import { implementationHistory, nearestBySize, PROGRAMMES, peersOf } from './municipality-view';

/**
 * What the 訪問準備 pack says, computed from the data: pure functions over
 * indicator rows, so the wording is testable without a page.
 */

const codeOf = (r: Row) => str(r, 'municipality_code') ?? str(r, 'area_code');

/** The latest FY the prefecture's implementation rows cover. */
export function latestImplementationYear(rows: readonly Row[]): number | undefined {
  const years = atLevel(rows, 'prefecture')
    .map((r) => num(r, 'fiscal_year'))
    .filter((y): y is number => y !== null);
  return years.length > 0 ? Math.max(...years) : undefined;
}

/** The town's row for one FY, or undefined. */
function townRow(rows: readonly Row[], code: string, fy: number): Row | undefined {
  return atLevel(rows, 'municipality').find((r) => codeOf(r) === code && num(r, 'fiscal_year') === fy);
}

export interface StandingFacts {
  fy: number;
  status: string;
  implementing: number | null;
  total: number | null;
  regionImplementing: number;
  regionTotal: number;
  nationalImplementing: number | null;
  nationalTotal: number | null;
  nationalShare: number | null;
  nationalPlanned: boolean;
}

/** Where the town stands in its latest FY, beside its region, the prefecture and the country. */
export function standing(rows: readonly Row[], town: Municipality): StandingFacts | undefined {
  const fy = latestImplementationYear(rows);
  if (fy === undefined) return undefined;
  const pref = atLevel(rows, 'prefecture').find((r) => num(r, 'fiscal_year') === fy) ?? {};
  const region = MUNICIPALITIES.filter((m) => m.region === town.region);
  const own = townRow(rows, town.code, fy);
  return {
    fy,
    status: own ? statusLabel(own) : '未把握',
    implementing: num(pref, 'implementing'),
    total: num(pref, 'municipalities_total'),
    regionImplementing: region.filter((m) => townRow(rows, m.code, fy)?.status === 'implementing').length,
    regionTotal: region.length,
    nationalImplementing: num(pref, 'national_implementing'),
    nationalTotal: num(pref, 'national_total'),
    nationalShare: num(pref, 'national_share'),
    nationalPlanned: pref.national_planned === true,
  };
}

export interface ProgrammeState {
  label: string;
  /** 実施 / 未実施 / 未把握 */
  state: string;
  done: boolean;
}

/** The five programmes and the two meetings in the town's latest FY: which are in place, which are gaps. */
export function programmeStates(rows: readonly Row[], code: string): ProgrammeState[] {
  const latest = implementationHistory(rows, code).at(-1) ?? {};
  // A town that does not run the programme has nothing to report per programme: blank reads 未実施 there.
  const blank = latest.status === 'implementing' ? '未把握' : '未実施';
  return PROGRAMMES.map((p) => {
    const v = latest[p.field];
    return {
      label: p.label,
      state: v === true ? '実施' : v === false ? '未実施' : blank,
      done: v === true,
    };
  });
}

export interface Neighbour {
  code: string;
  name: string;
  status: string;
  firstFy: number | null;
}

/** The other towns of the same 圏域 in the latest FY, west to east as the reference list orders them. */
export function neighbours(rows: readonly Row[], town: Municipality): Neighbour[] {
  const fy = latestImplementationYear(rows);
  return MUNICIPALITIES.filter((m) => m.region === town.region && m.code !== town.code).map((m) => {
    const r = fy === undefined ? undefined : townRow(rows, m.code, fy);
    return {
      code: m.code,
      name: m.name,
      status: r ? statusLabel(r) : '未把握',
      firstFy: r ? num(r, 'first_implemented_fy') : null,
    };
  });
}

/** 前回訪問: the latest visit logged by the team or recorded in the prefecture's 実施状況 data. */
export function lastVisit(
  rows: readonly Row[],
  code: string,
  log: readonly VisitLogEntry[],
): string | undefined {
  const dates = [
    ...log.filter((e) => e.municipality_code === code).map((e) => e.visited_on),
    ...implementationHistory(rows, code)
      .map((r) => str(r, 'advocacy_visit_on'))
      .filter((d): d is string => !!d),
  ];
  return dates.sort().at(-1);
}

/** The benchmark's "years since" rows of one town for a metric, by year index. */
function yearsSinceRows(rows: readonly Row[], level: 'municipality' | 'cohort', code?: string): Row[] {
  return atLevel(rows, level)
    .filter(
      (r) =>
        r.metric === 'persons' &&
        num(r, 'years_since_implementation') !== null &&
        (code === undefined || codeOf(r) === code),
    )
    .sort(
      (a, b) => (num(a, 'years_since_implementation') ?? 0) - (num(b, 'years_since_implementation') ?? 0),
    );
}

const visible = (r: Row) => num(r, 'per_10k') !== null && !isSuppressed(r, 'per_10k');

/** "1年目 x人 → n年目 y人" of a series with at least two visible years, else undefined. */
function growth(series: readonly Row[]): string | undefined {
  const shown = series.filter(visible);
  const first = shown[0];
  const last = shown.at(-1);
  if (!first || !last || first === last) return undefined;
  const year = (r: Row) => `${(num(r, 'years_since_implementation') ?? 0) + 1}年目`;
  return `${year(first)}に人口1万人あたり${cellText(first, 'per_10k', 1)}人、${year(last)}には${cellText(last, 'per_10k', 1)}人`;
}

/**
 * The pack's three key messages: where the town stands, what towns like it
 * reached in their first years (先輩事例), and what support there is.
 */
export function keyMessages(
  data: { implementation: readonly Row[]; benchmark: readonly Row[] },
  town: Municipality,
): string[] {
  const self = selfReference(town.name);
  const s = standing(data.implementation, town);
  const nationalText =
    s?.nationalImplementing != null && s.nationalTotal != null
      ? `全国では${s.nationalTotal.toLocaleString('ja-JP')}市町村のうち${s.nationalImplementing.toLocaleString('ja-JP')}（${formatPercent(s.nationalShare)}${s.nationalPlanned ? '、予定を含む' : ''}）`
      : undefined;
  const where = s
    ? `${self}は${fyLabelLong(s.fy)}時点で「${s.status}」です。県内では${s.total ?? 19}市町村のうち${s.implementing ?? '—'}市町村が実施し、${town.region}では${s.regionTotal}市町村のうち${s.regionImplementing}市町村が実施しています${nationalText ? `（${nationalText}）` : ''}。`
    : `${self}の実施状況のデータはまだありません。`;

  const peers = peersOf(data.benchmark, town.code);
  const firstFy = (c: string) =>
    atLevel(data.benchmark, 'municipality')
      .map((r) => (codeOf(r) === c ? num(r, 'first_implemented_fy') : null))
      .find((v) => v !== null) ?? null;
  const own = firstFy(town.code);
  const earlier = [
    ...new Set(
      atLevel(data.benchmark, 'municipality')
        .map((r) => codeOf(r))
        .filter((c): c is string => !!c && c !== town.code),
    ),
  ].filter((c) => {
    const f = firstFy(c);
    return f !== null && (own === null || f < own);
  });
  const seniors = [
    ...peers.filter((c) => earlier.includes(c)),
    ...nearestBySize(
      town.code,
      earlier.filter((c) => !peers.includes(c)),
      earlier.length,
    ),
  ];
  const senior = seniors
    .map((c) => ({ c, text: growth(yearsSinceRows(data.benchmark, 'municipality', c)) }))
    .find((x) => x.text !== undefined);
  const pooled = growth(yearsSinceRows(data.benchmark, 'cohort'));
  const name = (c: string) => MUNICIPALITIES.find((m) => m.code === c)?.name ?? c;
  const example = senior
    ? `${TERMS.seniorExamples.term}：${peers.includes(senior.c) ? `${TERMS.peers.term}のうち` : ''}${name(senior.c)}（${fyLabel(firstFy(senior.c) ?? 0)}開始）は、実施${senior.text}の相談を受け止めています${pooled ? `（実施市町村全体では${pooled}）` : ''}。`
    : pooled
      ? `${TERMS.seniorExamples.term}：実施市町村全体では、実施${pooled}の相談を受け止めています。`
      : `${TERMS.seniorExamples.term}の実績は、データがそろいしだいお示しします。`;

  const support = `${SUBSIDY_TEXT}があり、${TERMS.promotionTeam.term}がノウハウの助言や具体的課題の解決方策の検討、人材育成研修などで体制づくりをお手伝いします。`;
  return [where, example, support];
}

/**
 * The subsidy exactly as the prefecture's briefing (2024-03-14) words it —
 * no rate or share beyond what it states.
 */
export const SUBSIDY_TEXT = 'アウトリーチ支援、多機関協働事業に対する国・県3/4補助など財政支援';

/** Demo sources carry half-width brackets inside full-width ones; people read one kind. */
export function fullWidthBrackets(text: string): string {
  return text.replace(/\(/g, '（').replace(/\)/g, '）');
}
