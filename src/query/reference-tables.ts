import { createHash } from 'node:crypto';
import type { DuckDBInstance } from '@duckdb/node-api';
import { municipalitiesCte, prefectureCte, type ReferenceTables } from './dialect';
import type { ReferenceData } from './reference';

/**
 * The reference as two tables in an in-memory catalog of a DuckDB instance,
 * so a query reads them instead of binding the reference's VALUES each time
 * (≈ 50 ms per query for the national 1,741 rows). Built from the very
 * SELECTs Athena's text carries; one schema per distinct reference, so
 * engines with different references can share a warehouse. Never written to
 * the warehouse file: the reference is code, not data.
 */
const CATALOG = 'reference_data';

/** Where a reference's tables are (the names depend only on its content). */
export function referenceTables(reference: ReferenceData): ReferenceTables {
  let tables = named.get(reference);
  if (!tables) {
    const schema = `r${createHash('sha256').update(JSON.stringify(reference)).digest('hex').slice(0, 16)}`;
    tables = {
      municipalities: `${CATALOG}.${schema}.municipalities`,
      prefecture: `${CATALOG}.${schema}.prefecture`,
    };
    named.set(reference, tables);
  }
  return tables;
}

/** Names by reference object: every query asks, and hashing 1,741 rows each time is waste. */
const named = new WeakMap<ReferenceData, ReferenceTables>();

/** Per instance: the tables made so far, and the chain their creation runs on (one at a time). */
const registered = new WeakMap<
  DuckDBInstance,
  { tables: Map<string, Promise<ReferenceTables>>; queue: Promise<unknown> }
>();

/** Creates a reference's tables in the instance once; later calls wait for the same work. */
export function registerReference(
  instance: DuckDBInstance,
  reference: ReferenceData,
): Promise<ReferenceTables> {
  const tables = referenceTables(reference);
  let state = registered.get(instance);
  if (!state) {
    state = { tables: new Map(), queue: Promise.resolve() };
    registered.set(instance, state);
  }
  const key = tables.municipalities;
  let work = state.tables.get(key);
  if (!work) {
    const run = () => create(instance, reference, tables);
    work = state.queue.then(run, run);
    state.queue = work.catch(() => undefined);
    const all = state.tables;
    work.catch(() => all.delete(key));
    all.set(key, work);
  }
  return work;
}

async function create(
  instance: DuckDBInstance,
  reference: ReferenceData,
  tables: ReferenceTables,
): Promise<ReferenceTables> {
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH IF NOT EXISTS ':memory:' AS ${CATALOG}`);
    const schema = tables.municipalities.slice(0, tables.municipalities.lastIndexOf('.'));
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await connection.run(
      `CREATE OR REPLACE TABLE ${tables.municipalities} AS ${municipalitiesCte(reference)}`,
    );
    await connection.run(`CREATE OR REPLACE TABLE ${tables.prefecture} AS ${prefectureCte(reference)}`);
    return tables;
  } finally {
    connection.closeSync();
  }
}
