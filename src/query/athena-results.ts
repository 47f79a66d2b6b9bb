import type { Row as AthenaRow, ColumnInfo } from '@aws-sdk/client-athena';
import type { Cell, Row } from './types';

/**
 * Athena returns every value as a string; the column metadata says what it
 * was. Convert back so both engines hand the service identical values.
 */
export function athenaValue(raw: string | undefined, type: string | undefined): Cell {
  if (raw === undefined) return null;
  switch ((type ?? 'varchar').toLowerCase()) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint':
    case 'double':
    case 'float':
    case 'real':
    case 'decimal':
      return Number(raw);
    case 'boolean':
      return raw === 'true';
    default:
      return raw;
  }
}

/** Rows of one GetQueryResults page; `skipHeader` drops the column-name row of the first page. */
export function athenaRows(rows: AthenaRow[], columns: ColumnInfo[], skipHeader: boolean): Row[] {
  const data = skipHeader ? rows.slice(1) : rows;
  return data.map((row) => {
    const out: Row = {};
    columns.forEach((column, i) => {
      out[column.Name ?? `_${i}`] = athenaValue(row.Data?.[i]?.VarCharValue, column.Type);
    });
    return out;
  });
}
