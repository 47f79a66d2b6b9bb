import { categoryLabel, metricLabel, statusLabel } from './labels';
import type { Row } from './types';
import { previousYearRows, yearOnYearRatio } from './year-on-year';

/**
 * Fields the service adds to a query's rows, in the order it adds them:
 * the list of hidden fields, 前年度比 (consultations), the Japanese labels.
 * No query may return a column of these names.
 */
export const DERIVED_FIELDS: readonly string[] = [
  'suppressed',
  'persons_yoy',
  'contacts_yoy',
  'partial',
  'persons_yoy_same_municipalities',
  'contacts_yoy_same_municipalities',
  'same_municipalities',
  'category_label',
  'status_label',
  'metric_label',
];
const DERIVED = new Set(DERIVED_FIELDS);

/** Nothing is hidden from an entitled viewer: every row shares one empty, frozen `suppressed` list. */
const NOTHING_SUPPRESSED: readonly string[] = Object.freeze([]);

export interface EntitledViewOptions {
  /** Add 前年度比 of persons and contacts (consultations). */
  yearOnYear: boolean;
}

/**
 * Turns freshly queried exact rows, in place, into what a viewer entitled to
 * every figure sees: each row gets an empty `suppressed` list, 前年度比 and
 * the labels — the same rows, keys in the same order, as copying them for
 * suppression and then adding 前年度比 and labels (checked against that
 * path). Done in place because at national scale (700k rows) a second copy
 * of every row cost more than everything else the service does. The rows
 * stay the exact rows other viewers are suppressed from: suppression copies
 * only the query's own columns (see DERIVED_FIELDS).
 *
 * @example toEntitledView(await engine.run('consultations', params, version), { yearOnYear: true })
 */
export function toEntitledView(rows: Row[], options: EntitledViewOptions): Row[] {
  const template = rows[0];
  if (template === undefined) return rows;
  const clash = Object.keys(template).find((k) => DERIVED.has(k));
  if (clash !== undefined) throw new Error(`a query column may not be named ${clash}`);
  const previous = options.yearOnYear ? previousYearRows(rows) : undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    row.suppressed = NOTHING_SUPPRESSED as string[];
    if (previous) {
      const before = previous[i];
      row.persons_yoy = yearOnYearRatio(row.persons, before?.persons);
      row.contacts_yoy = yearOnYearRatio(row.contacts, before?.contacts);
      // What a figure covers depends on the day it is read: publication/row-coverage.ts fills these.
      row.partial = null;
      row.persons_yoy_same_municipalities = null;
      row.contacts_yoy_same_municipalities = null;
      row.same_municipalities = null;
    }
    if (typeof row.dimension === 'string' && typeof row.category === 'string')
      row.category_label = categoryLabel(row.dimension, row.category);
    if ('status' in row) row.status_label = statusLabel(row.status);
    if (typeof row.metric === 'string') row.metric_label = metricLabel(row.metric);
  }
  return rows;
}

/** The row without the fields the service added: what suppression starts from. */
export function queryColumns(row: Row): string[] {
  return Object.keys(row).filter((k) => !DERIVED.has(k));
}
