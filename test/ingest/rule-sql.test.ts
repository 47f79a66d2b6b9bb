import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type Column, DATASETS } from '../../src/datasets';
import { duckdbType, storageTypeOf } from '../../src/datasets/schema';

/**
 * Every row rule exists twice: `test` for the row path, `sql` for the bulk
 * check (src/ingest/bulk/). On generated rows — dates around fiscal-year
 * ends, counts either side of each other, every code, blanks — the SQL
 * predicate must break exactly the rows the JS test breaks (SQL NULL, as in
 * COUNT(*) FILTER, counts as not broken).
 */

const instance = DuckDBInstance.create(':memory:');
afterAll(async () => (await instance).closeSync());

const DAY = 86_400_000;
/** Mostly the days either side of fiscal-year ends, so equal and boundary dates are common. */
const dateArb = fc.oneof(
  fc.constantFrom(...[2022, 2023, 2024, 2025].flatMap((y) => [`${y}-03-31`, `${y}-04-01`])),
  fc
    .integer({ min: 0, max: 3 * 365 })
    .map((d) => new Date(Date.UTC(2022, 2, 1) + d * DAY).toISOString().slice(0, 10)),
);

/** A normalised value a rule may read; columns no rule reads stay blank. */
function valueArb(column: Column): fc.Arbitrary<unknown> {
  const t = column.type;
  const some = (arb: fc.Arbitrary<unknown>) => fc.option(arb, { nil: null, freq: 4 });
  switch (t.kind) {
    case 'date':
    case 'month':
      return some(dateArb);
    case 'int':
      return some(fc.integer({ min: 0, max: 12 }));
    case 'fiscal_year':
      return fc.integer({ min: 2021, max: 2024 });
    case 'enum':
      return some(fc.constantFrom(...t.vocabulary.map((v) => v.code)));
    default:
      return fc.constant(null);
  }
}

const literal = (value: unknown, column: Column): string => {
  const type = duckdbType(storageTypeOf(column));
  if (value === null) return `CAST(NULL AS ${type})`;
  return typeof value === 'number' ? `CAST(${value} AS ${type})` : `CAST('${value}' AS ${type})`;
};

describe('row rules: SQL form agrees with the JS test', () => {
  for (const dataset of DATASETS.filter((d) => d.rowRules.length > 0)) {
    it(`${dataset.name}`, async () => {
      const rowArb = fc.record(Object.fromEntries(dataset.columns.map((c) => [c.name, valueArb(c)])));
      const rows = fc.sample(rowArb, { numRuns: 400, seed: 7 }) as Record<string, unknown>[];
      const values = rows
        .map((row) => `(${dataset.columns.map((c) => literal(row[c.name], c)).join(', ')})`)
        .join(',\n');
      const names = dataset.columns.map((c) => c.name).join(', ');
      const tests = dataset.rowRules.map((r, i) => `coalesce(${r.sql}, false) AS rule_${i}`).join(', ');
      const connection = await (await instance).connect();
      try {
        const reader = await connection.runAndReadAll(
          `SELECT ${tests} FROM (VALUES ${values}) AS t(${names})`,
        );
        const answers = reader.getRowObjectsJS();
        let broken = 0;
        rows.forEach((row, i) => {
          dataset.rowRules.forEach((rule, r) => {
            const js = rule.test(row);
            if (js) broken++;
            expect(answers[i]?.[`rule_${r}`], `${rule.code} on ${JSON.stringify(row)}`).toBe(js);
          });
        });
        // The generated rows must break each dataset's rules sometimes, or this compares nothing.
        expect(broken).toBeGreaterThan(10);
      } finally {
        connection.closeSync();
      }
    });
  }
});
