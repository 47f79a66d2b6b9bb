import type { Column, Dataset, StorageType } from './types';

/** A column as stored: in the Parquet file, or as a Hive partition key. */
export interface StoredColumn {
  name: string;
  storage: StorageType;
}

/** How each kind of cell is stored. */
export function storageTypeOf(column: Column): StorageType {
  switch (column.type.kind) {
    case 'municipality':
    case 'string':
    case 'enum':
      return 'varchar';
    case 'fiscal_year':
    case 'int':
      return 'integer';
    case 'date':
    case 'month':
      return 'date';
    case 'flag':
      return 'boolean';
    case 'multi_enum':
      return 'varchar_list';
  }
}

/**
 * Hive partition keys, outermost first: `dataset/municipality_code=…/fiscal_year=…`
 * (or `as_of=…`). They live in the object key, not in the Parquet file.
 */
export function partitionKeys(dataset: Dataset): StoredColumn[] {
  return [
    { name: 'municipality_code', storage: 'varchar' },
    {
      name: dataset.partitionColumn,
      storage: dataset.partitionColumn === 'fiscal_year' ? 'integer' : 'date',
    },
  ];
}

/** Columns inside each Parquet file, in order: typed columns then derived ones, minus partition keys. */
export function parquetColumns(dataset: Dataset): StoredColumn[] {
  const keys = new Set(partitionKeys(dataset).map((k) => k.name));
  return [
    ...dataset.columns.map((c) => ({ name: c.name, storage: storageTypeOf(c) })),
    ...dataset.derived.map((d) => ({ name: d.name, storage: d.storage })),
  ].filter((c) => !keys.has(c.name));
}

const DUCKDB_TYPES: Record<StorageType, string> = {
  varchar: 'VARCHAR',
  integer: 'INTEGER',
  date: 'DATE',
  boolean: 'BOOLEAN',
  varchar_list: 'VARCHAR[]',
};

const GLUE_TYPES: Record<StorageType, string> = {
  varchar: 'string',
  integer: 'int',
  date: 'date',
  boolean: 'boolean',
  varchar_list: 'array<string>',
};

export const duckdbType = (storage: StorageType): string => DUCKDB_TYPES[storage];
export const glueType = (storage: StorageType): string => GLUE_TYPES[storage];
