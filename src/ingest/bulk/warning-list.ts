import { CsvSyntaxError, DecodeError } from '../../csv/errors';
import { DataRowWalker, type OpenedCsv } from '../csv-source';
import type { HeaderMap } from '../header';
import { MAX_LISTED_WARNINGS, type Problem } from '../report';
import { RowValidator, type ValidationContext } from '../validate';

/** Rows breaking a warning-severity rule, over all partitions' checks. */
export function ruleWarningsIn(
  dataset: HeaderMap['dataset'],
  checks: readonly Record<string, unknown>[],
): number {
  let total = 0;
  for (const check of checks)
    dataset.rowRules.forEach((rule, r) => {
      if (rule.severity === 'warning') total += Number(check[`rule_${r}`]);
    });
  return total;
}

const giveWay = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Step 4: the first rule warnings the report lists, found by the row
 * validator over the first rows, exactly as a row-by-row check would list
 * them, a megabyte at a time; it stops at the `total` the checks counted
 * (at most what the report lists). Undefined when the row validator reads
 * a row differently from the bulk check (a line it cannot read, an error):
 * the file then goes row by row.
 */
export async function listRowWarnings(
  csv: OpenedCsv,
  header: HeaderMap,
  context: ValidationContext,
  total: number,
): Promise<Problem[] | undefined> {
  const before = header.warnings.length;
  const wanted = Math.min(total, MAX_LISTED_WARNINGS - before);
  if (wanted <= 0) return [];
  const validator = new RowValidator(header, context);
  const { errors, warnings } = validator.problems;
  const found = () => warnings.items.length - before;
  const going = () => found() < wanted && errors.total === 0;
  const walker = new DataRowWalker(csv, header.headerRow);
  try {
    while (going() && !walker.done) {
      walker.step((row, cells) => {
        validator.push(row, cells);
        return going();
      });
      await giveWay();
    }
  } catch (error) {
    // DuckDB read every line; the row path not reading one means the two disagree.
    if (error instanceof CsvSyntaxError || error instanceof DecodeError) return undefined;
    throw error;
  }
  // The written rows passed every check; the row validator disagreeing means the paths read a row differently.
  if (errors.total > 0) return undefined;
  return warnings.items.slice(before, before + wanted);
}
