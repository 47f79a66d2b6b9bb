import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { Config } from '../config';
import { athenaRows } from './athena-results';
import { renderQuery } from './dialect';
import type { QueryEngine } from './engine';
import { QueryEngineError } from './errors';
import { type ReferenceData, TOTTORI_REFERENCE } from './reference';
import { querySql } from './sql-files';
import type { Row } from './types';

export interface AthenaEngineOptions {
  client: AthenaClient;
  workgroup: string;
  /** Glue database holding the tables cases, activities, visits, implementation, population. */
  database: string;
  catalog?: string;
  reference?: ReferenceData;
  /** Give up (and cancel the query) after this long. */
  timeoutMs?: number;
  /** Reuse an identical query's result this long (Athena caps it at 7 days). */
  reuseMaxAgeMinutes?: number;
  /** Polling backoff: first wait, growth factor, longest wait. */
  poll?: { initialMs: number; factor: number; maxMs: number };
  /** Throttled calls are retried this many times with backoff. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'ThrottledException']);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Athena over the Glue tables. Parameters travel as ExecutionParameters
 * (never pasted into the SQL); the data version is a comment in the query
 * text, so result reuse only ever matches a query over the same data.
 */
export class AthenaEngine implements QueryEngine {
  readonly name = 'athena' as const;
  private readonly o: Required<Omit<AthenaEngineOptions, 'catalog'>> & { catalog: string };

  constructor(options: AthenaEngineOptions) {
    this.o = {
      catalog: options.catalog ?? 'AwsDataCatalog',
      reference: options.reference ?? TOTTORI_REFERENCE,
      timeoutMs: options.timeoutMs ?? 60_000,
      reuseMaxAgeMinutes: options.reuseMaxAgeMinutes ?? 60 * 24 * 7,
      poll: options.poll ?? { initialMs: 200, factor: 1.5, maxMs: 2_000 },
      maxRetries: options.maxRetries ?? 5,
      sleep: options.sleep ?? defaultSleep,
      now: options.now ?? Date.now,
      client: options.client,
      workgroup: options.workgroup,
      database: options.database,
    };
  }

  /** The exact text sent to Athena. */
  render(queryName: string, dataVersion: string): string {
    return renderQuery(querySql(queryName), { reference: this.o.reference, dataVersion });
  }

  /** One API call, retried with backoff while Athena throttles. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    let wait = this.o.poll.initialMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (!THROTTLED.has(name) || attempt >= this.o.maxRetries) throw error;
        await this.o.sleep(wait);
        wait = Math.min(wait * 2, this.o.poll.maxMs * 4);
      }
    }
  }

  async run(queryName: string, params: readonly number[], dataVersion: string): Promise<Row[]> {
    const { client } = this.o;
    const started = await this.call(() =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: this.render(queryName, dataVersion),
          QueryExecutionContext: { Database: this.o.database, Catalog: this.o.catalog },
          WorkGroup: this.o.workgroup,
          ExecutionParameters: params.length > 0 ? params.map((p) => String(p)) : undefined,
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: this.o.reuseMaxAgeMinutes },
          },
        }),
      ),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new QueryEngineError(`Athena returned no QueryExecutionId for ${queryName}`);
    await this.waitFor(id, queryName);
    return this.results(id);
  }

  private async waitFor(id: string, queryName: string): Promise<void> {
    const deadline = this.o.now() + this.o.timeoutMs;
    let wait = this.o.poll.initialMs;
    for (;;) {
      const out = await this.call(() =>
        this.o.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
      );
      const status = out.QueryExecution?.Status;
      switch (status?.State) {
        case 'SUCCEEDED':
          return;
        case 'FAILED':
        case 'CANCELLED':
          throw new QueryEngineError(
            `Athena query ${queryName} (${id}) ${status.State}: ${status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? 'no reason given'}`,
          );
      }
      if (this.o.now() + wait > deadline) {
        await this.call(() => this.o.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })));
        throw new QueryEngineError(
          `Athena query ${queryName} (${id}) timed out after ${this.o.timeoutMs} ms and was cancelled`,
        );
      }
      await this.o.sleep(wait);
      wait = Math.min(wait * this.o.poll.factor, this.o.poll.maxMs);
    }
  }

  private async results(id: string): Promise<Row[]> {
    const rows: Row[] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = await this.call(() =>
        this.o.client.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 }),
        ),
      );
      const columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      rows.push(...athenaRows(page.ResultSet?.Rows ?? [], columns, first));
      first = false;
      token = page.NextToken;
    } while (token);
    return rows;
  }

  async close(): Promise<void> {}
}

/** Athena in the configured workgroup and Glue database, with the default client chain. */
export function athenaEngineFromConfig(
  config: Pick<Config, 'athenaWorkgroup' | 'glueDatabase'>,
  reference?: ReferenceData,
): AthenaEngine {
  return new AthenaEngine({
    client: new AthenaClient({}),
    workgroup: config.athenaWorkgroup,
    database: config.glueDatabase,
    reference,
  });
}
