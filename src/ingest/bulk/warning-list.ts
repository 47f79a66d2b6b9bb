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
 * Step 4: the rule warnings the report lists, found by the row validator
 * over the first rows, exactly as a row-by-row check would list them. Runs
 * beside DuckDB's counting, a megabyte at a time: until `total` settles it
 * reads as far as the report could list, then stops at the count it needs.
 * Undefined when the row validator reads a row differently from the bulk
 * check (a line it cannot read, an error): the file then goes row by row.
 */
export async function listRowWarnings(
  csv: OpenedCsv,
  header: HeaderMap,
  context: ValidationContext,
  total: Promise<number>,
): Promise<Problem[] | undefined> {
  const listable = MAX_LISTED_WARNINGS - header.warnings.length;
  let wanted: number | undefined;
  const known = total.then(
    (n) => {
      wanted = Math.min(n, listable);
    },
    () => {
      wanted = 0;
    },
  );
  const validator = new RowValidator(header, context);
  const { errors, warnings } = validator.problems;
  const before = header.warnings.length;
  const found = () => warnings.items.length - before;
  const walker = new DataRowWalker(csv, header.headerRow);
  try {
    for (;;) {
      const enough = found() >= (wanted ?? listable) || errors.total > 0 || walker.done;
      if (enough && wanted === undefined) await known;
      else if (enough) break;
      else {
        const limit = wanted ?? listable;
        walker.step((row, cells) => {
          validator.push(row, cells);
          return found() < limit && errors.total === 0;
        });
        await giveWay();
      }
    }
  } catch (error) {
    // DuckDB read every line; the row path not reading one means the two disagree.
    if (error instanceof CsvSyntaxError || error instanceof DecodeError) return undefined;
    throw error;
  }
  // The written rows passed every check; the row validator disagreeing means the paths read a row differently.
  if (errors.total > 0) return undefined;
  return warnings.items.slice(before, before + (wanted ?? 0));
}
