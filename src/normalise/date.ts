import { type Era, eraByPrefix, eraOn, eraYearText } from './era';
import { fail, ok, type Parsed } from './parsed';
import { normaliseText } from './text';

/** How exactly a date was given: a day, or only its month (2023/4, 令和5年4月). */
export const DATE_PRECISIONS = ['day', 'month'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export interface ParsedDate {
  /** 'YYYY-MM-DD'; a month is its first day. */
  date: string;
  precision: DatePrecision;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const DAY_MS = 86_400_000;
/** Excel's day 0 is 1899-12-31, but its fictitious 1900-02-29 shifts every later serial by one. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const SERIAL_MIN = (Date.UTC(1990, 0, 1) - EXCEL_EPOCH_MS) / DAY_MS;
const SERIAL_MAX = (Date.UTC(2100, 11, 31) - EXCEL_EPOCH_MS) / DAY_MS;

const DATE_HINT = '2023/4/1 や R5.4.1、令和5年4月1日 の形で入力してください。';
const MONTH_HINT = '2023/4 や R5.4、令和5年4月 の形で入力してください。';

/** Time of day Excel appends to dates (2023/4/1 0:00), and the ISO form's T…. */
const TIME_SUFFIX = /(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const WEEKDAY_SUFFIX = /\((?:[月火水木金土日]|[月火水木金土日]曜日?)\)$/;
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70]/g;
const ERA_PREFIX = /^(令和|平成|昭和|[令平昭]|[rhs])\.?(元|\d{1,2})(?=年|[-/.])/i;
const YEAR_PREFIX = /^(\d{4})(?=年|[-/.])/;
/** After the year: .4.1 / 年4月1日 / /4 / 年4月 / -4- … */
const REST = /^(?:年|[-/.])(\d{1,2})(?:(?:月|[-/.])(\d{1,2})日?|月|[-/.])?$/;

const pad = (n: number): string => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** How the same ISO date is written in 和暦, for messages: R1.5.1（令和元年5月1日）. */
function warekiText(iso: string): string {
  const era = eraOn(iso);
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  if (!era) return `${y}年${m}月${d}日`;
  const n = y - era.firstYear + 1;
  return `${era.letter}${n}.${m}.${d}（${era.name}${eraYearText(n)}年${m}月${d}日）`;
}

interface Pieces {
  era?: Era;
  year: number;
  month: number;
  day?: number;
}

/** Splits normalised text into era/year/month/day, or a failure. */
function split(t: string): Pieces | Parsed<never> {
  const era = ERA_PREFIX.exec(t);
  if (era) {
    const e = eraByPrefix(era[1] as string);
    const n = era[2] === '元' ? 1 : Number(era[2]);
    const rest = REST.exec(t.slice(era[0].length));
    if (!e || !rest) return fail('invalid_date', `「${t}」は日付として読めません。${DATE_HINT}`);
    if (n < 1)
      return fail('invalid_date', `${e.name}0年はありません。${e.name}元年（${e.letter}1）から数えます。`);
    const day = rest[2] === undefined ? undefined : Number(rest[2]);
    return { era: e, year: e.firstYear + n - 1, month: Number(rest[1]), day };
  }
  const year = YEAR_PREFIX.exec(t);
  if (year) {
    const rest = REST.exec(t.slice(4));
    if (!rest) return fail('invalid_date', `「${t}」は日付として読めません。${DATE_HINT}`);
    const day = rest[2] === undefined ? undefined : Number(rest[2]);
    return { year: Number(year[1]), month: Number(rest[1]), day };
  }
  if (/^\d{8}$/.test(t))
    return { year: Number(t.slice(0, 4)), month: Number(t.slice(4, 6)), day: Number(t.slice(6, 8)) };
  if (/^\d{6}$/.test(t)) return { year: Number(t.slice(0, 4)), month: Number(t.slice(4, 6)) };
  if (/^\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{1,2})?$/.test(t) || /^\d{1,2}月\d{1,2}日$/.test(t))
    return fail('year_missing', `「${t}」には年がありません（または年が2桁です）。${DATE_HINT}`);
  return fail('invalid_date', `「${t}」は日付として読めません。${DATE_HINT}`);
}

function fromSerial(t: string): Parsed<ParsedDate> {
  const serial = Math.floor(Number(t));
  if (serial < SERIAL_MIN || serial > SERIAL_MAX)
    return fail(
      'implausible_serial',
      `「${t}」はExcelの日付のシリアル値としては1990〜2100年の範囲外です。${DATE_HINT}`,
    );
  return ok({
    date: new Date(EXCEL_EPOCH_MS + serial * DAY_MS).toISOString().slice(0, 10),
    precision: 'day',
  });
}

/** 2019-05-01 → 2019年5月1日 */
const jpDate = (iso: string): string =>
  `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** An era date outside its era gets a message naming the era that was in force. */
function checkEra(p: Pieces, iso: string, last: string, shown: string): Parsed<never> | undefined {
  const era = p.era;
  if (!era || (iso <= era.end && last >= era.start)) return undefined;
  const when =
    last < era.start
      ? `${era.name}は${jpDate(era.start)}からです`
      : `${era.name}は${jpDate(era.end)}までです`;
  const suggestion = p.day === undefined ? '' : `${warekiText(iso)}と入力してください。`;
  return fail('era_mismatch', `「${shown}」は存在しない和暦の日付です（${when}）。${suggestion}`);
}

function parseUncached(s: string, allowMonth: boolean): Parsed<ParsedDate> {
  const t = normaliseText(s)
    .replace(TIME_SUFFIX, '')
    .replace(/\s/g, '')
    .replace(WEEKDAY_SUFFIX, '')
    .replace(DASHES, '-');
  if (/^\d{5}(?:\.\d+)?$/.test(t)) return fromSerial(t);
  const p = split(t);
  if ('ok' in p) return p;
  if (p.year < MIN_YEAR || p.year > MAX_YEAR)
    return fail('implausible_year', `「${t}」の年（${p.year}年）は範囲外です。${DATE_HINT}`);
  if (p.month < 1 || p.month > 12)
    return fail('invalid_date', `「${t}」の月（${p.month}月）は1〜12で入力してください。`);
  if (p.day === undefined) {
    if (!allowMonth)
      return fail('day_required', `「${t}」は年月だけです。日まで入力してください（例: 2023/4/1、R5.4.1）。`);
    const first = isoDate(p.year, p.month, 1);
    const bad = checkEra(p, first, isoDate(p.year, p.month, daysInMonth(p.year, p.month)), t);
    return bad ?? ok({ date: first, precision: 'month' });
  }
  if (p.day < 1 || p.day > daysInMonth(p.year, p.month))
    return fail(
      'invalid_date',
      `「${t}」は存在しない日付です（${p.year}年${p.month}月は${daysInMonth(p.year, p.month)}日まで）。`,
    );
  const iso = isoDate(p.year, p.month, p.day);
  return checkEra(p, iso, iso, t) ?? ok({ date: iso, precision: 'day' });
}

/** Distinct date texts in one upload are few: answers are reused until the cache fills. */
const CACHE_LIMIT = 50_000;
const caches = { day: new Map<string, Parsed<ParsedDate>>(), month: new Map<string, Parsed<ParsedDate>>() };

/**
 * A calendar date in any form people type: 西暦 (2023-04-01, 2023/4/1,
 * 2023.4.1, 2023年4月1日, 20230401), 和暦 (R5.4.1, 令和5年4月1日, 令和元年5月1日,
 * H31.4.30, S64.1.7), an Excel serial (45017) between 1990 and 2100; with
 * `allowMonth`, also a month (2023/4, 令和5年4月, R5.4) as its first day.
 * Era boundaries are enforced: H31.5.1 and R1.4.30 are errors.
 * @example parseDate('R1.5.1', { allowMonth: false }) // { ok: true, value: { date: '2019-05-01', precision: 'day' } }
 */
export function parseDate(s: string, opts: { allowMonth: boolean }): Parsed<ParsedDate> {
  const cache = opts.allowMonth ? caches.month : caches.day;
  let r = cache.get(s);
  if (r === undefined) {
    r = parseUncached(s, opts.allowMonth);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(s, r);
  }
  return r;
}

/**
 * A year-month (年月) as its first day 'YYYY-MM-01'. A full date is accepted
 * and cut to its month, since Excel often turns 2023/4 into 2023/4/1.
 * @example parseMonth('令和5年4月') // { ok: true, value: '2023-04-01' }
 */
export function parseMonth(s: string): Parsed<string> {
  const r = parseDate(s, { allowMonth: true });
  if (!r.ok) {
    if (r.code === 'invalid_date' && !/存在しない|1〜12/.test(r.message))
      return fail('invalid_month', `「${normaliseText(s)}」は年月として読めません。${MONTH_HINT}`);
    return r;
  }
  return ok(`${r.value.date.slice(0, 8)}01`);
}
