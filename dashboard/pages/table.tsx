import type { Child } from 'hono/jsx';

/** One cell: its text, and its raw number for sorting (null = 秘匿 / none). */
export interface Cell {
  text: string;
  value?: number | null;
  suppressed?: boolean;
  /** Highlight, e.g. a rate that is unstable because the population is small. */
  className?: string;
}

export interface Column {
  label: string;
  numeric?: boolean;
}

export interface TableSpec {
  caption: string;
  columns: Column[];
  /** The first cell of each row is its header (scope="row"). */
  rows: Cell[][];
  /** Said in the table when there are no rows. */
  emptyText?: string;
}

export const cell = (text: string, value?: number | null, extra: Partial<Cell> = {}): Cell => ({
  text,
  value,
  ...extra,
});

/**
 * A data table with a caption and scoped headers. `sortable` adds header
 * buttons the client bundle wires up; without JavaScript it is a plain table.
 */
export function DataTable(props: { table: TableSpec; sortable?: boolean; note?: Child }) {
  const { table, sortable } = props;
  return (
    <div class="table-scroll">
      <table data-sortable={sortable ? 'true' : undefined}>
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th scope="col" class={c.numeric ? 'num' : undefined}>
                {sortable ? (
                  <button type="button" class="sort-button">
                    {c.label}
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colspan={table.columns.length}>{table.emptyText ?? 'データはありません。'}</td>
            </tr>
          ) : null}
          {table.rows.map((row) => (
            <tr>
              {row.map((c, i) => {
                const classes = [
                  table.columns[i]?.numeric ? 'num' : '',
                  c.suppressed ? 'suppressed' : '',
                  c.className ?? '',
                ]
                  .filter(Boolean)
                  .join(' ');
                const value = c.value === undefined ? undefined : c.value === null ? '' : String(c.value);
                return i === 0 ? (
                  <th scope="row" class={classes || undefined} data-value={value}>
                    {c.text}
                  </th>
                ) : (
                  <td class={classes || undefined} data-value={value}>
                    {c.text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {props.note}
    </div>
  );
}
