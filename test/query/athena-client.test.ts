import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AthenaEngine } from '../../src/query/athena-engine';
import { QueryEngineError } from '../../src/query/errors';

const athena = mockClient(AthenaClient);

function engine(overrides: Partial<ConstructorParameters<typeof AthenaEngine>[0]> = {}) {
  let clock = 0;
  return new AthenaEngine({
    client: new AthenaClient({ region: 'ap-northeast-1' }),
    workgroup: 'juso-wg',
    database: 'juso_monitor',
    timeoutMs: 5_000,
    poll: { initialMs: 100, factor: 2, maxMs: 1_000 },
    // A fake clock that advances when the engine waits, so timeouts need no real time.
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    ...overrides,
  });
}

const column = (Name: string, Type: string) => ({ Name, Label: Name, Type });
const cells = (...values: (string | undefined)[]) => ({
  Data: values.map((VarCharValue) => ({ VarCharValue })),
});

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'qe-1' });
});
afterEach(() => athena.reset());

describe('Athena client', () => {
  it('Athena client: starts the query with ExecutionParameters, workgroup, Glue database and result reuse', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        Rows: [cells('fiscal_year')],
        ResultSetMetadata: { ColumnInfo: [column('fiscal_year', 'integer')] },
      },
    });
    await engine().run('implementation', [2037, 2088], 'abc.123');
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input?.ExecutionParameters).toEqual(['2037', '2088']);
    expect(input?.WorkGroup).toBe('juso-wg');
    expect(input?.QueryExecutionContext?.Database).toBe('juso_monitor');
    expect(input?.ResultReuseConfiguration?.ResultReuseByAgeConfiguration?.Enabled).toBe(true);
    expect(input?.QueryString?.startsWith('/* data_version=abc.123 */')).toBe(true);
    expect(input?.QueryString).not.toMatch(/\b(2037|2088)\b/);
  });

  it('Athena client: a new data version changes the query text, so an old reused result cannot answer it', () => {
    const e = engine();
    expect(e.render('consultations', 'v1')).not.toBe(e.render('consultations', 'v2'));
  });

  it('Athena client: polls until SUCCEEDED, then reads every page and types values from ColumnInfo', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const meta = {
      ColumnInfo: [
        column('code', 'varchar'),
        column('n', 'bigint'),
        column('rate', 'double'),
        column('flag', 'boolean'),
      ],
    };
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'qe-1', NextToken: undefined })
      .resolves({
        ResultSet: {
          Rows: [cells('code', 'n', 'rate', 'flag'), cells('313726', '41', '28.37', 'true')],
          ResultSetMetadata: meta,
        },
        NextToken: 'page-2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'qe-1', NextToken: 'page-2' })
      .resolves({
        ResultSet: { Rows: [cells('312029', undefined, undefined, 'false')], ResultSetMetadata: meta },
      });
    const rows = await engine().run('visits', [2000, 2100], 'v');
    expect(rows).toEqual([
      { code: '313726', n: 41, rate: 28.37, flag: true },
      { code: '312029', n: null, rate: null, flag: false },
    ]);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
  });

  it('Athena client: a FAILED query becomes a QueryEngineError carrying Athena’s reason', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: cases' } },
    });
    await expect(engine().run('issues', [2000, 2100], 'v')).rejects.toThrow(/FAILED: TABLE_NOT_FOUND/);
  });

  it('Athena client: a CANCELLED query becomes a QueryEngineError', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'CANCELLED' } } });
    await expect(engine().run('issues', [2000, 2100], 'v')).rejects.toBeInstanceOf(QueryEngineError);
  });

  it('Athena client: past the timeout the query is cancelled with StopQueryExecution', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    await expect(engine({ timeoutMs: 3_000 }).run('visits', [2000, 2100], 'v')).rejects.toThrow(/timed out/);
    const stops = athena.commandCalls(StopQueryExecutionCommand);
    expect(stops).toHaveLength(1);
    expect(stops[0]?.args[0].input.QueryExecutionId).toBe('qe-1');
  });

  it('Athena client: throttled calls are retried with backoff, then succeed', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    athena.on(StartQueryExecutionCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves({
      QueryExecutionId: 'qe-2',
    });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        Rows: [cells('n'), cells('1')],
        ResultSetMetadata: { ColumnInfo: [column('n', 'integer')] },
      },
    });
    expect(await engine().run('visits', [2000, 2100], 'v')).toEqual([{ n: 1 }]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
  });

  it('Athena client: gives up after the retry budget when throttling persists', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    athena.on(StartQueryExecutionCommand).rejects(throttled);
    await expect(engine({ maxRetries: 2 }).run('visits', [2000, 2100], 'v')).rejects.toThrow('Rate exceeded');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
  });
});
