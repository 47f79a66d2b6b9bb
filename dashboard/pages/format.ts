import {
  MUNICIPALITIES,
  municipalityByCode,
  PREFECTURE_CODE,
  PREFECTURE_NAME,
} from '../../src/datasets/municipalities';
import { IMPLEMENTATION_STATUSES } from '../../src/datasets/vocabularies';

import { warekiFiscalYear } from '../../src/normalise/fiscal-year';

/**
 * Reading indicator rows for display. Rows come from the indicators layer
 * with suppression applied: a suppressed field is null and listed in the
 * row's `suppressed` array; the page shows 秘匿 there, never a number.
 */
export type Row = Record<string, unknown>;

export const SUPPRESSED_MARK = '秘匿';
export const MISSING_MARK = '—';

export function isSuppressed(row: Row, field: string): boolean {
  const list = row.suppressed;
  if (Array.isArray(list)) return list.includes(field);
  // Flat tables (CSV-shaped rows) carry the list as comma-separated text.
  return typeof list === 'string' && list.split(',').some((f) => f.trim() === field);
}

/** The field as a finite number, or null when absent, suppressed or not numeric. */
export function num(row: Row, field: string): number | null {
  const v = row[field];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function str(row: Row, field: string): string | null {
  const v = row[field];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

/** 12,345 / 12.3 — Japanese grouping; `digits` decimals for rates. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('ja-JP', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** How a cell reads: the number, 秘匿, or — when there is no value. */
export function cellText(row: Row, field: string, digits = 0): string {
  if (isSuppressed(row, field)) return SUPPRESSED_MARK;
  const v = num(row, field);
  return v === null ? MISSING_MARK : formatNumber(v, digits);
}

/** A share that may come as 0–1 or 0–100, shown as a percentage. */
export function toPercent(share: number): number {
  return share <= 1 ? share * 100 : share;
}

export function formatPercent(share: number | null, digits = 1): string {
  return share === null ? MISSING_MARK : `${formatNumber(toPercent(share), digits)}%`;
}

/** 前年度比 as shown on headline cards: +12.5% / −3.0% / 同数; null when it cannot be computed. */
export function yearOnYear(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null || previous === 0) return null;
  const change = ((current - previous) / previous) * 100;
  if (Math.abs(change) < 0.05) return '前年度比 ±0%';
  const sign = change > 0 ? '+' : '−';
  return `前年度比 ${sign}${formatNumber(Math.abs(change), 1)}%`;
}

/** Display name of a municipality code (or the prefecture); the code itself when unknown. */
export function municipalityName(code: string | null | undefined): string {
  if (!code) return MISSING_MARK;
  if (code === PREFECTURE_CODE) return PREFECTURE_NAME;
  return municipalityByCode(code)?.name ?? code;
}

/**
 * What a row is about, for table rows and chart series: the town's name for
 * municipality rows, the region (東部/中部/西部) or 鳥取県 for totals.
 */
export function areaLabel(row: Row): string {
  const level = str(row, 'level');
  if (level === 'prefecture') return PREFECTURE_NAME;
  const region = str(row, 'region');
  if (level === 'region' && region) return region;
  const code = str(row, 'municipality_code');
  if (code) return municipalityName(code);
  return str(row, 'area_name') ?? str(row, 'area') ?? region ?? MISSING_MARK;
}

export const MUNICIPALITY_CODES = MUNICIPALITIES.map((m) => m.code);

/** Sorted distinct fiscal years present in rows. */
export function fiscalYears(rows: readonly Row[]): number[] {
  const years = new Set<number>();
  for (const r of rows) {
    const fy = num(r, 'fiscal_year');
    if (fy !== null) years.add(fy);
  }
  return [...years].sort((a, b) => a - b);
}

/** '令和5年度': the FY label on every axis and table (docs/glossary.md, fiscalYear). */
export const fyLabel = (fy: number): string => warekiFiscalYear(fy);

/** '令和5年度（2023年度）': the FY with its western year, where there is room (headings, cards). */
export const fyLabelLong = (fy: number): string => `${warekiFiscalYear(fy)}（${fy}年度）`;

/** Rows of one aggregation level ('municipality' | 'region' | 'prefecture' | …). */
export function atLevel(rows: readonly Row[], level: string): Row[] {
  return rows.filter((r) => r.level === level);
}

/** 実施状況 as people read it: the row's label, else the vocabulary's label for its code. */
export function statusLabel(row: Row): string {
  const label = str(row, 'status_label');
  if (label) return label;
  const code = str(row, 'status');
  return IMPLEMENTATION_STATUSES.find((t) => t.code === code)?.label ?? code ?? MISSING_MARK;
}

/** The latest FY present among rows, or undefined. */
export function latestYear(rows: readonly Row[]): number | undefined {
  return fiscalYears(rows).at(-1);
}

/** A 前年度比 given as a ratio (1.2 = this year is 120% of last) as a change: +20.0% / −5.0% / —. */
export function ratioChange(ratio: number | null): string {
  if (ratio === null) return MISSING_MARK;
  const change = (ratio - 1) * 100;
  if (Math.abs(change) < 0.05) return '±0%';
  return `${change > 0 ? '+' : '−'}${formatNumber(Math.abs(change), 1)}%`;
}

/**
 * A calendar date (YYYY-MM-DD, as the data and the API carry it) as people read
 * it: 2026年3月31日. Anything else is returned as it is, never guessed at.
 */
export function formatDateJa(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/**
 * A moment as people in Tokyo read it, whatever the server's time zone:
 * 2026年12月3日 12:17 (Japan has no daylight saving, so +9 h is exact).
 */
export function formatDateTimeJst(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return MISSING_MARK;
  const jst = new Date(t + 9 * 3600_000);
  const hh = String(jst.getUTCHours()).padStart(2, '0');
  const mm = String(jst.getUTCMinutes()).padStart(2, '0');
  return `${jst.getUTCFullYear()}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日 ${hh}:${mm}`;
}
