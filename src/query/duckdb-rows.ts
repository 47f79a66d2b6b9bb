import { type DuckDBConnection, type DuckDBDataChunk, DuckDBTypeId } from '@duckdb/node-api';
import { sqlIdent as quoteIdentifier, sqlString } from '../sql-text';
import type { Row } from './types';

/**
 * Reading a national result (700k rows) value by value through the client
 * cost seconds: every VARCHAR is decoded on its own (a native call and a
 * TextDecoder per string), every NULL check of a column with NULLs and every
 * BIGINT/HUGEINT makes BigInts. So DuckDB hands over only small integers and
 * doubles, with no NULLs: each text column becomes its position in a
 * dictionary of its distinct values (decoded once), booleans and NULLs
 * become codes. The rows are then identical to reading the values directly
 * (numbers, strings, booleans, null).
 */

/** Temporary tables live in this connection only; one query runs per connection. */
const RESULT_TABLE = 'indicator_result';

const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
]);
const FLOATING = new Set<DuckDBTypeId>([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]);

/**
 * How a column travels: `text` as a dictionary position (anything that is
 * neither a number nor a boolean is text, as VARCHAR), `number` as a DOUBLE
 * with NULL sent as NaN, `boolean` as 0/1/2. The slower exact fallbacks:
 * `float`, a floating column holding NaN itself, as it is; `plain`, text
 * with too many distinct values for a dictionary, as VARCHAR.
 */
type Kind = 'text' | 'number' | 'float' | 'boolean' | 'plain';

/** Beyond this many distinct values a dictionary stops paying (and its SQL literal grows). */
const MAX_DICTIONARY = 20_000;

interface Column {
  name: string;
  type: DuckDBTypeId;
  kind: Kind;
}

const BOOLEANS: readonly (boolean | null)[] = [false, true, null];

/** What one row of the stats query says: the row count, each text column's values, whether a floating column holds NaN. */
function statsSql(columns: readonly Column[]): string {
  const parts = ['COUNT(*)'];
  for (const c of columns) {
    const name = quoteIdentifier(c.name);
    if (c.kind === 'text')
      parts.push(`list(DISTINCT CAST(${name} AS VARCHAR)) FILTER (WHERE ${name} IS NOT NULL)`);
    else if (FLOATING.has(c.type)) parts.push(`COALESCE(bool_or(isnan(${name})), FALSE)`);
  }
  return `SELECT ${parts.join(', ')} FROM ${RESULT_TABLE}`;
}

function projection(column: Column, dictionary: readonly string[]): string {
  const name = quoteIdentifier(column.name);
  switch (column.kind) {
    case 'text':
      // NULL (and an all-NULL column) is the position after the last value.
      return dictionary.length === 0
        ? `CAST(0 AS UTINYINT) AS ${name}`
        : `COALESCE(enum_code(CAST(CAST(${name} AS VARCHAR) AS ENUM(${dictionary.map(sqlString).join(', ')}))), ${dictionary.length}) AS ${name}`;
    case 'boolean':
      return `CAST(CASE WHEN ${name} IS NULL THEN 2 WHEN ${name} THEN 1 ELSE 0 END AS UTINYINT) AS ${name}`;
    case 'number':
      return `COALESCE(CAST(${name} AS DOUBLE), CAST('NaN' AS DOUBLE)) AS ${name}`;
    case 'float':
      return name;
    case 'plain':
      return `CAST(${name} AS VARCHAR) AS ${name}`;
  }
}

/** Reads one cell of column i in row r, by kind; `d{i}` is a text column's dictionary (null last). */
function accessor(column: Column, i: number): string {
  const item = `v${i}.getItem(r)`;
  switch (column.kind) {
    case 'text':
      return `d${i}[${item}]`;
    case 'boolean':
      return `b[${item}]`;
    case 'number':
      return `((t = ${item}) === t ? t : null)`;
    case 'float':
    case 'plain':
      return item;
  }
}

/** Appends the rows of one chunk: its column vectors, each text column's dictionary, the boolean codes. */
type ChunkReader = (
  v: readonly { getItem(index: number): unknown }[],
  d: readonly (readonly (string | null)[] | undefined)[],
  b: readonly (boolean | null)[],
  count: number,
  rows: Row[],
) => void;

/**
 * One generated loop per result shape: vectors and dictionaries held in
 * locals, every row built by one object literal (all its keys at once).
 */
function chunkReader(columns: readonly Column[]): ChunkReader {
  const locals = columns.flatMap((c, i) => [
    `const v${i} = v[${i}];`,
    ...(c.kind === 'text' ? [`const d${i} = d[${i}];`] : []),
  ]);
  const fields = columns.map((c, i) => `${JSON.stringify(c.name)}: ${accessor(c, i)}`).join(', ');
  return new Function(
    'v',
    'd',
    'b',
    'count',
    'rows',
    `${locals.join(' ')} let t; for (let r = 0; r < count; r++) rows.push({ ${fields} });`,
  ) as ChunkReader;
}

function kindOf(type: DuckDBTypeId): Kind {
  if (type === DuckDBTypeId.BOOLEAN) return 'boolean';
  return NUMERIC.has(type) ? 'number' : 'text';
}

/**
 * Runs a query on the connection and returns its rows in the query's order,
 * values as the API returns them: integer and floating columns as numbers,
 * text (and any other type — DECIMAL, DATE, … — as DuckDB renders it to
 * VARCHAR) as strings, booleans, null. The connection must not be shared
 * while it runs. `maxDictionary`: distinct values beyond which a text
 * column is read directly (lowered by tests).
 */
export async function queryRows(
  connection: DuckDBConnection,
  sql: string,
  params: readonly number[],
  maxDictionary = MAX_DICTIONARY,
): Promise<Row[]> {
  // Materialised once (insertion order keeps the query's ORDER BY), then described, then read.
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${RESULT_TABLE} AS\n${sql}`, [...params]);
  try {
    const shape = await connection.run(`SELECT * FROM ${RESULT_TABLE} LIMIT 0`);
    const columns: Column[] = shape.columnNames().map((name, i) => {
      const type = shape.columnTypeId(i);
      return { name, type, kind: kindOf(type) };
    });
    const stats = (await connection.runAndReadAll(statsSql(columns))).getRows()[0] ?? [];
    if (Number(stats[0] ?? 0) === 0) return [];
    const dictionaries: (string[] | undefined)[] = [];
    let s = 1;
    for (const [i, c] of columns.entries()) {
      if (c.kind === 'text') {
        const list = stats[s++] as { items?: unknown[] } | null;
        const values = (list?.items ?? []).map(String);
        if (values.length > maxDictionary) c.kind = 'plain';
        else dictionaries[i] = values;
      } else if (FLOATING.has(c.type)) {
        // NaN would be taken for NULL: such a column is read as it is (slower, exact).
        if (stats[s++] === true) c.kind = 'float';
      }
    }
    const select = columns.map((c, i) => projection(c, dictionaries[i] ?? []));
    // Materialised (streaming measured no faster); the next chunk is requested before this one is read.
    const result = await connection.run(`SELECT ${select.join(', ')} FROM ${RESULT_TABLE}`);
    const lookups = dictionaries.map((d) => (d === undefined ? undefined : [...d, null]));
    const read = chunkReader(columns);
    const rows: Row[] = [];
    let next: Promise<DuckDBDataChunk | null> = result.fetchChunk();
    for (;;) {
      const chunk = await next;
      // rowCount is a native call: read once per chunk, not per row.
      const count = chunk ? chunk.rowCount : 0;
      if (chunk === null || count === 0) break;
      next = result.fetchChunk();
      // Should reading this chunk throw, the request already under way must not become an unhandled rejection.
      next.catch(() => undefined);
      const vectors = columns.map((_, i) => chunk.getColumnVector(i));
      read(vectors, lookups, BOOLEANS, count, rows);
    }
    return rows;
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${RESULT_TABLE}`);
  }
}
