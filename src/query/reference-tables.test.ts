import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { municipalitiesCte, prefectureCte } from './dialect';
import { type ReferenceData, TOTTORI_REFERENCE } from './reference';
import { referenceTables, registerReference } from './reference-tables';

const OTHER: ReferenceData = {
  prefecture: { code: '000000', name: '全国' },
  municipalities: [
    {
      code: '100000',
      name: "市'町村1",
      region: null,
      population: 800,
      populationBasis: '合成',
      populationRough: true,
    },
  ],
};
const EMPTY: ReferenceData = { prefecture: { code: '000000', name: '空' }, municipalities: [] };

describe('reference tables', () => {
  let instance: DuckDBInstance;
  beforeEach(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterEach(() => instance.closeSync());

  /** Rows and column types of a SELECT, to compare a table with the VALUES Athena carries. */
  async function read(sql: string) {
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`SELECT * FROM (${sql}) AS t ORDER BY ALL`);
      return { types: reader.columnTypes().map(String), names: reader.columnNames(), rows: reader.getRows() };
    } finally {
      connection.closeSync();
    }
  }

  it('hold exactly the rows and types of the VALUES Athena carries, for several references side by side', async () => {
    const [tottori, other, empty] = await Promise.all(
      [TOTTORI_REFERENCE, OTHER, EMPTY].map((r) => registerReference(instance, r)),
    );
    for (const [reference, tables] of [
      [TOTTORI_REFERENCE, tottori],
      [OTHER, other],
      [EMPTY, empty],
    ] as const) {
      if (!tables) throw new Error('not registered');
      expect(await read(`SELECT * FROM ${tables.municipalities}`)).toEqual(
        await read(municipalitiesCte(reference)),
      );
      expect(await read(`SELECT * FROM ${tables.prefecture}`)).toEqual(await read(prefectureCte(reference)));
    }
    expect((await read(`SELECT * FROM ${tottori?.municipalities}`)).rows.length).toBe(
      TOTTORI_REFERENCE.municipalities.length,
    );
  });

  it('are named by content: another reference gets other tables, the same one the same tables, made once', async () => {
    expect(referenceTables(OTHER)).not.toEqual(referenceTables(TOTTORI_REFERENCE));
    expect(referenceTables({ ...OTHER })).toEqual(referenceTables(OTHER));
    const first = registerReference(instance, OTHER);
    expect(registerReference(instance, OTHER)).toBe(first);
    await first;
  });
});
