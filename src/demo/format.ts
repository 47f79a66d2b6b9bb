/**
 * How people actually type values in Excel: 西暦 and 和暦 dates, Excel serial
 * numbers, month-only dates, fiscal years as 2023 / 令和5年度 / R5, 全角
 * digits. Each demo file picks one style per kind of value, like a real
 * municipal sheet would.
 */

export type DateStyle = 'iso' | 'slash' | 'kanji' | 'wareki' | 'wareki_kanji' | 'wareki_padded' | 'serial';
export type MonthStyle = 'iso' | 'slash' | 'kanji' | 'wareki' | 'wareki_kanji';
export type FiscalYearStyle = 'number' | 'nendo' | 'wareki_nendo' | 'wareki_short';

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function ymd(iso: string): Ymd {
  const [y, m, d] = iso.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) throw new Error(`not an ISO date: ${iso}`);
  return { y, m, d };
}

/** 和暦 era of a date: 令和 from 2019-05-01, 平成 before (the demo never goes earlier). */
function era(date: Ymd): { short: string; long: string; year: number } {
  const reiwa = date.y > 2019 || (date.y === 2019 && date.m >= 5);
  return reiwa
    ? { short: 'R', long: '令和', year: date.y - 2018 }
    : { short: 'H', long: '平成', year: date.y - 1988 };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Excel's day number (1900 date system; its phantom 1900-02-29 makes the epoch 1899-12-30). */
export function excelSerial(iso: string): number {
  const { y, m, d } = ymd(iso);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

export function formatDate(iso: string, style: DateStyle): string {
  const date = ymd(iso);
  const { y, m, d } = date;
  const e = era(date);
  switch (style) {
    case 'iso':
      return iso;
    case 'slash':
      return `${y}/${m}/${d}`;
    case 'kanji':
      return `${y}年${m}月${d}日`;
    case 'wareki':
      return `${e.short}${e.year}.${m}.${d}`;
    case 'wareki_kanji':
      return `${e.long}${e.year === 1 ? '元' : e.year}年${m}月${d}日`;
    case 'wareki_padded':
      return `${e.short}${pad2(e.year)}/${pad2(m)}/${pad2(d)}`;
    case 'serial':
      return String(excelSerial(iso));
  }
}

/** A year-month (the ISO date of its first day) written month-only. */
export function formatMonth(iso: string, style: MonthStyle): string {
  const date = ymd(iso);
  const { y, m } = date;
  const e = era(date);
  switch (style) {
    case 'iso':
      return `${y}-${pad2(m)}`;
    case 'slash':
      return `${y}/${m}`;
    case 'kanji':
      return `${y}年${m}月`;
    case 'wareki':
      return `${e.short}${e.year}.${m}`;
    case 'wareki_kanji':
      return `${e.long}${e.year === 1 ? '元' : e.year}年${m}月`;
  }
}

export function formatFiscalYear(fy: number, style: FiscalYearStyle): string {
  const reiwa = fy - 2018;
  switch (style) {
    case 'number':
      return String(fy);
    case 'nendo':
      return `${fy}年度`;
    case 'wareki_nendo':
      return `令和${reiwa === 1 ? '元' : reiwa}年度`;
    case 'wareki_short':
      return `R${reiwa}`;
  }
}

/** 全角 digits, as typed with the IME left on. */
export function zenkaku(text: string): string {
  return text.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** Japanese display label of a fiscal year, for titles and file names: 令和5年度. */
export const warekiNendo = (fy: number): string => formatFiscalYear(fy, 'wareki_nendo');
