import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/query/duckdb-rows';

describe('queryRows (DuckDB result → API rows)', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  const MIXED = `
    SELECT * FROM (VALUES
      (1, 'municipality', '鳥取市', CAST(12 AS BIGINT), CAST(3 AS HUGEINT), 0.25, TRUE, DATE '2024-04-01', CAST(7 AS INTEGER)),
      (2, 'region', NULL, NULL, CAST(9007199254740991 AS HUGEINT), NULL, FALSE, NULL, NULL),
      (3, 'it''s "quoted"', '', CAST(-5 AS BIGINT), NULL, CAST('Infinity' AS DOUBLE), NULL, DATE '2025-03-31', -2)
    ) AS t(n, level, name, persons, total, share, flag, as_of, fy)
    WHERE n BETWEEN ? AND ?
    ORDER BY n DESC`;

  it('gives numbers, strings, booleans and null as the API returns them, in the query order', async () => {
    const rows = await queryRows(connection, MIXED, [1, 3]);
    expect(rows).toEqual([
      {
        n: 3,
        level: `it's "quoted"`,
        name: '',
        persons: -5,
        total: null,
        share: Number.POSITIVE_INFINITY,
        flag: null,
        as_of: '2025-03-31',
        fy: -2,
      },
      {
        n: 2,
        level: 'region',
        name: null,
        persons: null,
        total: Number.MAX_SAFE_INTEGER,
        share: null,
        flag: false,
        as_of: null,
        fy: null,
      },
      {
        n: 1,
        level: 'municipality',
        name: '鳥取市',
        persons: 12,
        total: 3,
        share: 0.25,
        flag: true,
        as_of: '2024-04-01',
        fy: 7,
      },
    ]);
    // Plain values only: no BigInt or DuckDB value objects reach the service.
    for (const row of rows)
      for (const value of Object.values(row))
        expect(['number', 'string', 'boolean', 'object']).toContain(typeof value);
    expect(rows.flatMap((r) => Object.values(r)).filter((v) => typeof v === 'object')).toEqual(
      Array(7).fill(null),
    );
  });

  it('keeps NaN apart from NULL in a floating column that holds NaN', async () => {
    const rows = await queryRows(
      connection,
      `SELECT * FROM (VALUES (1, CAST('NaN' AS DOUBLE)), (2, NULL), (3, 1.5)) AS t(n, x) WHERE n >= ? ORDER BY n`,
      [0],
    );
    expect(rows.map((r) => r.x)).toEqual([Number.NaN, null, 1.5]);
  });

  it('reads text with more distinct values than a dictionary takes the same way', async () => {
    const sql = `SELECT i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'v' || CAST(i AS VARCHAR) END AS label FROM range(?, ?) AS t(i) ORDER BY i`;
    const viaDictionary = await queryRows(connection, sql, [0, 5000]);
    const plain = await queryRows(connection, sql, [0, 5000], 10);
    expect(plain).toEqual(viaDictionary);
    expect(viaDictionary[4]).toEqual({ i: 4, label: 'v4' });
    expect(viaDictionary[3]).toEqual({ i: 3, label: null });
    expect(viaDictionary).toHaveLength(5000);
  });

  it('returns no rows for an empty result and handles all-NULL text', async () => {
    expect(await queryRows(connection, `SELECT 'a' AS x WHERE 1 = ?`, [2])).toEqual([]);
    expect(await queryRows(connection, `SELECT CAST(NULL AS VARCHAR) AS x, ? AS k`, [1])).toEqual([
      { x: null, k: 1 },
    ]);
  });

  it('leaves nothing behind on the connection, also when the query fails', async () => {
    await expect(queryRows(connection, `SELECT error('boom') AS x WHERE 1 = ?`, [1])).rejects.toThrow(/boom/);
    const again = await queryRows(connection, `SELECT ? AS x`, [4]);
    expect(again).toEqual([{ x: 4 }]);
    const temp = await connection.runAndReadAll(`SELECT COUNT(*) FROM duckdb_tables() WHERE temporary`);
    expect(Number(temp.getRows()[0]?.[0])).toBe(0);
  });
});
