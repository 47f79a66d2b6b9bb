import type { Problem } from './report';

/**
 * Bad input found before the row-by-row pass (size, encoding, header, role):
 * a final outcome, turned into a rejected report, never retried. Storage and
 * DuckDB failures are NOT this error; they propagate so Lambda retries.
 */
export class RejectedFileError extends Error {
  override readonly name = 'RejectedFileError';
  constructor(
    readonly errors: Problem[],
    readonly warnings: Problem[] = [],
  ) {
    super(errors[0]?.message ?? 'rejected');
  }
}
