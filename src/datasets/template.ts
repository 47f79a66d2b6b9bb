import type { Column, Dataset } from './types';

const BOM = '\ufeff';
const CRLF = '\r\n';

const csvCell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Template column order: required columns first, then optional ones, each in definition order. */
export function templateColumns(dataset: Dataset): Column[] {
  return [...dataset.columns.filter((c) => c.required), ...dataset.columns.filter((c) => !c.required)];
}

/**
 * The CSV template for a dataset: the Japanese header row only, UTF-8 with
 * BOM (so Excel opens it correctly) and CRLF. No example row: an example
 * would be uploaded by mistake.
 * @example new TextDecoder().decode(templateCsv(cases)) // '\ufeff市町村コード,年度,ケースID,…\r\n'
 */
export function templateCsv(dataset: Dataset): Uint8Array {
  const header = templateColumns(dataset)
    .map((c) => csvCell(c.header))
    .join(',');
  return new TextEncoder().encode(BOM + header + CRLF);
}

/** @example templateFileName(cases) // 'template_cases_相談ケース.csv' */
export const templateFileName = (dataset: Dataset): string => `template_${dataset.name}_${dataset.title}.csv`;
