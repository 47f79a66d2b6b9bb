import { ERAS, eraByPrefix, eraYearText } from './era';
import { fail, ok, type Parsed } from './parsed';
import { normaliseText } from './text';

const MIN_FY = 1990;
const MAX_FY = 2100;
const HINT = '2023、2023年度、令和5年度、R5 のいずれかの形で入力してください。';
const ERA_FY = /^(令和|平成|昭和|[令平昭]|[rhs])\.?(元|\d{1,2})(?:年度?)?$/i;
const WESTERN_FY = /^(?:fy)?(\d{4})(?:年度?)?$/i;

/**
 * The fiscal year (April–March) a 和暦 year names. 令和元年度 is FY2019 and so
 * is 平成31年度 (budgets drafted before the change used it); 平成32年度 and
 * later never existed, nor 昭和64年度 (昭和 ended in January 1989).
 */
function eraFiscalYear(prefix: string, yearText: string, shown: string): Parsed<number> {
  const era = eraByPrefix(prefix);
  const n = yearText === '元' ? 1 : Number(yearText);
  if (!era || n < 1) return fail('invalid_fiscal_year', `「${shown}」は年度として読めません。${HINT}`);
  const fy = era.firstYear + n - 1;
  const lastFy = era.letter === 'H' ? 2019 : era.letter === 'S' ? 1988 : MAX_FY;
  if (fy > lastFy) {
    const next = ERAS.find((e) => e.firstYear <= fy && e.firstYear > era.firstYear);
    const hint = next
      ? `${next.name}${eraYearText(fy - next.firstYear + 1)}年度（${fy}）ではありませんか。`
      : '';
    return fail('era_mismatch', `${era.name}${n}年度はありません。${hint}`);
  }
  return ok(fy);
}

const BOTH_FY = /^([^(]+)\((.+)\)$/;

function parseOne(t: string): Parsed<number> {
  const era = ERA_FY.exec(t);
  const western = WESTERN_FY.exec(t);
  let r: Parsed<number>;
  if (era) r = eraFiscalYear(era[1] as string, era[2] as string, t);
  else if (western) r = ok(Number(western[1]));
  else r = fail('invalid_fiscal_year', `「${t}」は年度として読めません。${HINT}`);
  if (r.ok && (r.value < MIN_FY || r.value > MAX_FY))
    r = fail('implausible_fiscal_year', `「${t}」（${r.value}年度）は範囲外です。${HINT}`);
  return r;
}

const cache = new Map<string, Parsed<number>>();

/**
 * A fiscal year (年度) as its starting calendar year.
 * @example parseFiscalYear('令和元年度') // { ok: true, value: 2019 }
 */
export function parseFiscalYear(s: string): Parsed<number> {
  const cached = cache.get(s);
  if (cached) return cached;
  const t = normaliseText(s).replace(/\s/g, '');
  // Both spellings together, as in 令和5年度（2023）or our own label R5 (2023): they must agree.
  const both = BOTH_FY.exec(t);
  let r = parseOne(t);
  if (!r.ok && both) {
    const a = parseOne(both[1] as string);
    const b = parseOne(both[2] as string);
    if (a.ok && b.ok)
      r =
        a.value === b.value
          ? a
          : fail(
              'fiscal_year_conflict',
              `「${t}」は2つの書き方で年度が食い違っています（${a.value}と${b.value}）。`,
            );
  }
  if (cache.size >= 10_000) cache.clear();
  cache.set(s, r);
  return r;
}

/**
 * The fiscal year an ISO date falls in.
 * @example fiscalYearOf('2024-03-31') // 2023
 */
export function fiscalYearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return Number(isoDate.slice(5, 7)) < 4 ? year - 1 : year;
}

/** @example fiscalYearStart(2023) // '2023-04-01' */
export const fiscalYearStart = (fy: number): string => `${fy}-04-01`;

/** @example fiscalYearEnd(2023) // '2024-03-31' */
export const fiscalYearEnd = (fy: number): string => `${fy + 1}-03-31`;

/** The era a fiscal year is named in: the one in force for most of it (FY2019 is 令和元年度). */
function fiscalEra(fy: number) {
  return ERAS.find((e) => fy >= e.firstYear) ?? (ERAS[ERAS.length - 1] as (typeof ERAS)[number]);
}

/**
 * Short label for charts and tables.
 * @example fiscalYearLabel(2023) // 'R5 (2023)'
 */
export function fiscalYearLabel(fy: number): string {
  const era = fiscalEra(fy);
  return `${era.letter}${fy - era.firstYear + 1} (${fy})`;
}

/**
 * The fiscal year as written in documents.
 * @example warekiFiscalYear(2019) // '令和元年度'
 */
export function warekiFiscalYear(fy: number): string {
  const era = fiscalEra(fy);
  return `${era.name}${eraYearText(fy - era.firstYear + 1)}年度`;
}
