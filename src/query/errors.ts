/**
 * A filter or parameter the caller got wrong. The dashboard maps it to 400;
 * the message is Japanese because it is shown to the person who typed it.
 */
export class QueryInputError extends Error {
  readonly code: string;
  constructor(message: string, code = 'invalid_filter') {
    super(message);
    this.name = 'QueryInputError';
    this.code = code;
  }
}

/** The query engine failed (Athena FAILED/CANCELLED, timeout, DuckDB error). */
export class QueryEngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueryEngineError';
  }
}
