import type { ChartSpec } from '../client/chart-spec';
import type { TableSpec } from './table';

/** What a chart needs besides its page context: the picture, the same numbers as a table, a summary. */
export interface Figure {
  spec: ChartSpec;
  table: TableSpec;
  /** One or two sentences for the canvas aria-label. */
  summary: string;
}
