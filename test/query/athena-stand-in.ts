import {
  AthenaClient,
  type Row as AthenaRow,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mockClient } from 'aws-sdk-client-mock';
import { DATASET_NAMES } from '../../src/datasets';
import { duckdbTableBinding } from '../../src/query/duckdb-engine';

/** Athena's name for a DuckDB result type. */
function athenaType(duckdb: string): string {
  const t = duckdb.toUpperCase();
  if (t === 'INTEGER') return 'integer';
  if (t === 'BIGINT' || t === 'HUGEINT') return 'bigint';
  if (t === 'DOUBLE') return 'double';
  if (t === 'BOOLEAN') return 'boolean';
  if (t.startsWith('DECIMAL')) return 'decimal';
  if (t === 'DATE') return 'date';
  return 'varchar';
}

const toText = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

export interface StandIn {
  client: AthenaClient;
  /** Every StartQueryExecution input received. */
  started: { QueryString?: string; ExecutionParameters?: string[] }[];
  close(): void;
}

/**
 * A stand-in Athena endpoint: answers StartQueryExecution by running the
 * received QueryString with its ExecutionParameters on DuckDB, where the Glue
 * table names are views over the same Parquet the DuckDB engine reads, and
 * pages the result back through GetQueryResults as Athena does (strings, a
 * header row on the first page, ColumnInfo types).
 */
export async function athenaStandIn(dataDir: string, pageSize = 50): Promise<StandIn> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  for (const dataset of DATASET_NAMES) {
    await connection.run(`CREATE VIEW ${dataset} AS ${await duckdbTableBinding(dataDir, dataset)}`);
  }
  const client = new AthenaClient({ region: 'ap-northeast-1' });
  const mock = mockClient(client);
  const results = new Map<string, { columns: ColumnInfo[]; rows: AthenaRow[] }>();
  const started: StandIn['started'] = [];
  mock.on(StartQueryExecutionCommand).callsFake(async (input) => {
    started.push(input);
    const params = (input.ExecutionParameters ?? []).map(Number);
    const reader = await connection.runAndReadAll(input.QueryString ?? '', params);
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => athenaType(t.toString()));
    const columns: ColumnInfo[] = names.map((Name, i) => ({ Name, Label: Name, Type: types[i] }));
    const header: AthenaRow = { Data: names.map((n) => ({ VarCharValue: n })) };
    const rows = reader
      .getRows()
      .map((values) => ({ Data: values.map((v) => ({ VarCharValue: toText(v) })) }));
    const id = `q-${started.length}`;
    results.set(id, { columns, rows: [header, ...rows] });
    return { QueryExecutionId: id };
  });
  mock.on(GetQueryExecutionCommand).callsFake(async (input) => ({
    QueryExecution: { QueryExecutionId: input.QueryExecutionId, Status: { State: 'SUCCEEDED' } },
  }));
  mock.on(GetQueryResultsCommand).callsFake(async (input) => {
    const result = results.get(input.QueryExecutionId ?? '');
    if (!result) throw new Error('unknown query execution');
    const start = Number(input.NextToken ?? 0);
    const size = Math.min(input.MaxResults ?? 1000, pageSize);
    const end = start + size;
    return {
      ResultSet: { Rows: result.rows.slice(start, end), ResultSetMetadata: { ColumnInfo: result.columns } },
      NextToken: end < result.rows.length ? String(end) : undefined,
    };
  });
  return {
    client,
    started,
    close() {
      mock.restore();
      connection.closeSync();
      instance.closeSync();
    },
  };
}
