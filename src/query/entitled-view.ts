import { categoryLabel, metricLabel, statusLabel } from './labels';
import type { Row } from './types';
import { previousYearRows, yearOnYearRatio } from './year-on-year';

export interface EntitledViewOptions {
  /** Add 前年度比 (consultations). */
  yearOnYear: boolean;
  /** Leave out rows of fiscal years before this one (they were fetched for 前年度比 only). */
  fromFy?: number;
}

/** Row, 前年度比 of persons and contacts, category / status / metric label, the shared empty list. */
type Factory = (
  r: Row,
  persons: number | null,
  contacts: number | null,
  category: string,
  status: string | null,
  metric: string,
  none: readonly string[],
) => Row;

/** Nothing is hidden from this viewer: every row shares one empty, frozen `suppressed` list. */
const NOTHING_SUPPRESSED: readonly string[] = Object.freeze([]);

/**
 * The rows of a viewer entitled to every figure (nothing to hide), built in
 * one object per row: the same rows, keys in the same order, as copying
 * them for suppression, then adding 前年度比 and the labels one by one —
 * which at national scale (700k rows) spent most of its time re-checking
 * each row's shape and growing each object. Rows of one query share their
 * columns (both engines build every row from the result's column list), so
 * the first row's keys are every row's keys.
 *
 * @example entitledView(exactRows, { yearOnYear: true, fromFy: 2022 })
 */
export function entitledView(rows: readonly Row[], options: EntitledViewOptions): Row[] {
  const template = rows[0];
  if (template === undefined) return [];
  const keys = Object.keys(template).filter((k) => k !== 'suppressed');
  const hasStatus = 'status' in template;
  const previous = options.yearOnYear ? previousYearRows(rows) : undefined;
  // Literals per combination of the per-row labels (a row without a dimension has no category_label).
  const factories = new Map<number, Factory>();
  const factoryFor = (mask: number): Factory => {
    let factory = factories.get(mask);
    if (factory === undefined) {
      factory = rowFactory(keys, {
        yearOnYear: options.yearOnYear,
        category: (mask & 1) !== 0,
        status: hasStatus,
        metric: (mask & 2) !== 0,
      });
      factories.set(mask, factory);
    }
    return factory;
  };
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    if (
      options.fromFy !== undefined &&
      typeof row.fiscal_year === 'number' &&
      row.fiscal_year < options.fromFy
    )
      continue;
    const before = previous?.[i];
    const category = typeof row.dimension === 'string' && typeof row.category === 'string';
    const metric = typeof row.metric === 'string';
    const make = factoryFor((category ? 1 : 0) | (metric ? 2 : 0));
    out.push(
      make(
        row,
        previous ? yearOnYearRatio(row.persons, before?.persons) : null,
        previous ? yearOnYearRatio(row.contacts, before?.contacts) : null,
        category ? categoryLabel(row.dimension as string, row.category as string) : '',
        hasStatus ? statusLabel(row.status) : null,
        metric ? metricLabel(row.metric as string) : '',
        NOTHING_SUPPRESSED,
      ),
    );
  }
  return out;
}

/**
 * One object literal: the row's own keys, `suppressed`, then 前年度比 and
 * the labels where the step-by-step path would append them (a key the row
 * already has keeps its place and takes the new value).
 */
function rowFactory(
  keys: readonly string[],
  add: { yearOnYear: boolean; category: boolean; status: boolean; metric: boolean },
): Factory {
  const derived = new Map<string, string>();
  if (add.yearOnYear) {
    derived.set('persons_yoy', 'py');
    derived.set('contacts_yoy', 'cy');
  }
  if (add.category) derived.set('category_label', 'cl');
  if (add.status) derived.set('status_label', 'sl');
  if (add.metric) derived.set('metric_label', 'ml');
  const fields = keys.map((k) => `${JSON.stringify(k)}: ${derived.get(k) ?? `r[${JSON.stringify(k)}]`}`);
  fields.push('suppressed: none');
  for (const [k, value] of derived) if (!keys.includes(k)) fields.push(`${JSON.stringify(k)}: ${value}`);
  return new Function(
    'r',
    'py',
    'cy',
    'cl',
    'sl',
    'ml',
    'none',
    `return { ${fields.join(', ')} };`,
  ) as Factory;
}
