import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, Row } from '../query/types';
import { decodeSnapshot, encodeSnapshot } from './grid-snapshot';

/** Any value a grid row may hold, with the edges of each stored kind. */
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -2147483647, max: 2147483647 }),
  fc.constantFrom(
    0,
    -0,
    2147483647,
    -2147483648,
    2 ** 31,
    2 ** 53,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    0.1,
    -1.5,
  ),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('東部', '令和7年度', ''),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
);

/** A table: fixed column names; each column drawn from one kind or mixed. */
const table: fc.Arbitrary<Row[]> = fc
  .tuple(
    fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
    fc.integer({ min: 0, max: 40 }),
  )
  .chain(([names, n]) =>
    fc
      .array(
        fc.oneof(
          fc.array(cell, { minLength: n, maxLength: n }),
          fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 5000 })), {
            minLength: n,
            maxLength: n,
          }),
          fc.array(fc.oneof(fc.constant(null), fc.double({ noNaN: true })), { minLength: n, maxLength: n }),
          fc.array(fc.oneof(fc.constant(null), fc.constantFrom('a', 'b', true)), {
            minLength: n,
            maxLength: n,
          }),
          // A `suppressed` column: lists of field names, mostly empty.
          fc.array(
            fc.oneof(
              fc.constant<string[]>([]),
              fc.array(fc.constantFrom('count', 'share', '東部'), { maxLength: 3 }),
            ),
            {
              minLength: n,
              maxLength: n,
            },
          ),
        ),
        { minLength: names.length, maxLength: names.length },
      )
      .map((columns) =>
        Array.from({ length: n }, (_, r) =>
          Object.fromEntries(names.map((name, c) => [name, columns[c]?.[r] ?? null])),
        ),
      ),
  );

/** Object.is for values (-0 stays -0, NaN stays NaN), element-wise for arrays. */
const same = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
    : Object.is(a, b);

describe('grid snapshot', () => {
  it('gives back every table exactly: values, NULLs, -0, NaN, key order', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), table, { maxKeys: 4 }),
        (tables) => {
          const back = decodeSnapshot(encodeSnapshot(tables, { version: 'v1', k: 3 }));
          expect(back.meta).toEqual({ version: 'v1', k: 3 });
          expect(Object.keys(back.tables)).toEqual(Object.keys(tables));
          for (const [name, rows] of Object.entries(tables)) {
            const got = back.tables[name] as Row[];
            expect(got).toHaveLength(rows.length);
            rows.forEach((row, r) => {
              expect(Object.keys(got[r] as Row)).toEqual(Object.keys(row));
              for (const key of Object.keys(row)) expect(same((got[r] as Row)[key], row[key])).toBe(true);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('selects rows by the values of a text column exactly as filtering the decoded table does, before or after it is read', () => {
    const level = fc.constantFrom('prefecture', 'region', 'municipality', 'month');
    const rows = fc.array(
      fc.record({ level, fiscal_year: fc.integer({ min: 2016, max: 2025 }), count: fc.option(fc.nat()) }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(rows, fc.uniqueArray(level), fc.boolean(), (table, wanted, readFirst) => {
        const back = decodeSnapshot(encodeSnapshot({ issues: table }));
        if (readFirst) expect(back.tables.issues).toHaveLength(table.length);
        expect(back.rowsWhere('issues', 'level', wanted)).toEqual(
          table.filter((r) => wanted.includes(r.level)),
        );
        // A second selection from the same reader (its row builder kept) is as exact.
        expect(back.rowsWhere('issues', 'level', ['month'])).toEqual(
          table.filter((r) => r.level === 'month'),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("gives each row its own list: changing one row's `suppressed` changes no other row", () => {
    const rows = [
      { suppressed: [] },
      { suppressed: [] },
      { suppressed: ['count'] },
      { suppressed: ['count'] },
    ];
    const back = decodeSnapshot(encodeSnapshot({ t: rows })).tables.t as Row[];
    ((back[0] as Row).suppressed as string[]).push('share');
    ((back[2] as Row).suppressed as string[]).push('share');
    expect(back.map((r) => r.suppressed)).toEqual([['share'], [], ['count', 'share'], ['count']]);
  });

  it('refuses rows whose columns differ, and bytes that are not a snapshot', () => {
    expect(() => encodeSnapshot({ t: [{ a: 1 }, { b: 1 }] })).toThrow(/has no a/);
    expect(() => encodeSnapshot({ t: [{ a: 1 }, { a: 2, b: 1 }] })).toThrow(/same columns/);
    expect(() => decodeSnapshot(gzipSync('{"tables":{}}'))).toThrow(/not a published grid snapshot/);
    // Cut short (a partial read): refused before any table is served.
    const whole = encodeSnapshot({ t: [{ a: 1 }], u: [{ b: 'x' }] });
    expect(() => decodeSnapshot(whole.subarray(0, whole.length - 1))).toThrow(/unexpected length/);
  });
});
