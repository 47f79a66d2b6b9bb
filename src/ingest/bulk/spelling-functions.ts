import {
  type DuckDBConnection,
  type DuckDBInstance,
  DuckDBScalarFunction,
  INTEGER,
  VARCHAR,
} from '@duckdb/node-api';
import { SPELLING_EXTRA, SPELLING_VALUE } from './bulk-sql';
import type { MapEntry, ValueMaps } from './value-maps';

/**
 * The JS functions the bulk COPY calls for a spelling its sample missed
 * (bulk-sql.ts names them): registered once per DuckDB instance, they find
 * the upload's maps by the session number its SQL carries.
 */

/** The maps of the uploads being written, by the session number their SQL names. */
const sessions = new Map<number, ValueMaps>();
let lastSession = 0;
const withFunctions = new WeakSet<DuckDBInstance>();

export function openSession(maps: ValueMaps): number {
  lastSession++;
  sessions.set(lastSession, maps);
  return lastSession;
}

/**
 * Registers, once per DuckDB instance, the two functions the COPY calls for
 * a spelling its map tables lack (bulk-sql.ts). DuckDB calls them only for
 * those rows, on the JS thread; each new spelling is read once and kept.
 */
export function registerSpellingFunctions(instance: DuckDBInstance, connection: DuckDBConnection): void {
  if (withFunctions.has(instance)) return;
  for (const [name, pick] of [
    [SPELLING_VALUE, (e: MapEntry) => e.value],
    [SPELLING_EXTRA, (e: MapEntry) => e.extra],
  ] as const)
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name,
        returnType: VARCHAR,
        parameterTypes: [INTEGER, INTEGER, VARCHAR],
        mainFunction: (info, input, output) => {
          const session = input.getColumnVector(0);
          const column = input.getColumnVector(1);
          const spelling = input.getColumnVector(2);
          try {
            for (let r = 0; r < input.rowCount; r++) {
              const entry = sessions
                .get(session.getItem(r) as number)
                ?.entryOf(column.getItem(r) as number, spelling.getItem(r) as string);
              if (!entry) {
                info.setError(`bulk: a spelling the row path must report (column ${column.getItem(r)})`);
                return;
              }
              output.setItem(r, pick(entry));
            }
            output.flush();
          } catch (error) {
            // Never let an exception cross into DuckDB's thread: stop the statement, and the
            // row path meets the same failure where it can throw.
            info.setError(`bulk: ${String(error)}`);
          }
        },
      }),
    );
  withFunctions.add(instance);
}

/** Forgets an upload's maps once its statement has run. */
export function closeSession(session: number): void {
  sessions.delete(session);
}
