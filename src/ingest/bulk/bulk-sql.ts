import type { Column, Dataset } from '../../datasets';
import { duckdbType, parquetColumns, partitionKeys, storageTypeOf } from '../../datasets/schema';
import { DATE_PRECISIONS } from '../../normalise/date';
import { sqlIdent as quoteIdent, sqlString as quoteLiteral } from '../../sql-text';
import type { ColumnMap } from './value-maps';

/**
 * SQL text of the bulk check (bulk-validate.ts): DuckDB reads the upload's
 * data rows as text, looks every cell up in its column's map of known
 * spellings (value-maps.ts) and writes the typed rows straight into one
 * Parquet file per partition. A cell it cannot place stops the statement
 * with error(): nothing is ever guessed in SQL.
 */

/** error() message that says why the statement stopped. */
const REQUIRED_BLANK = 'bulk:required';

/**
 * JS functions registered with DuckDB (bulk-validate.ts): a spelling no map
 * table holds (the sample missed it) → its stored value, or its derived
 * `extra`, as text, read by the same cell reader; the statement stops when
 * the spelling cannot be taken. `session` picks the upload's maps.
 */
export const SPELLING_VALUE = 'bulk_spelling_value';
export const SPELLING_EXTRA = 'bulk_spelling_extra';

export { quoteIdent, quoteLiteral };

const cell = (map: ColumnMap): string => `c${map.index}`;
export const mapTable = (i: number): string => `bulk_map_${i}`;

/** The upload's data rows as VARCHAR columns c0…c{width-1}, read exactly (no type guessing, strict quoting; a sample may skip lines it cannot read). */
export function csvSource(file: string, width: number, options: { skipBadLines?: boolean } = {}): string {
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const skip = options.skipBadLines ? ', ignore_errors = true' : '';
  return `read_csv(${quoteLiteral(file)}, header = false, delim = ',', quote = '"', escape = '"', auto_detect = false, strict_mode = true, null_padding = false${skip}, columns = {${columns}})`;
}

/**
 * The codes a vocabulary column can hold. DuckDB builds such a column as an
 * ENUM of them: Parquet stores it as the same plain strings, but the writer
 * takes each value's dictionary entry from the type instead of hashing the
 * string, which makes writing these columns several times faster.
 */
function codesOf(column: Column): readonly string[] | undefined {
  const type = column.type;
  return type.kind === 'enum' || type.kind === 'multi_enum'
    ? type.vocabulary.map((term) => term.code)
    : undefined;
}

const enumSql = (values: readonly string[]): string => `ENUM(${values.map(quoteLiteral).join(', ')})`;

/** The SQL type a mapped column is built in (see codesOf). */
function builtType(column: Column): string {
  const storage = storageTypeOf(column);
  const codes = codesOf(column);
  if (!codes) return duckdbType(storage);
  return storage === 'varchar_list' ? `${enumSql(codes)}[]` : enumSql(codes);
}

/** A stored value from the text a map entry holds. */
const valueOfText = (column: Column, text: string): string =>
  storageTypeOf(column) === 'varchar_list'
    ? `CAST(CASE WHEN ${text} = '' THEN []::VARCHAR[] ELSE string_split(${text}, chr(31)) END AS ${builtType(column)})`
    : `CAST(${text} AS ${builtType(column)})`;

/** A derived value from the text a map entry holds. */
const extraOfText = (extra: ColumnMap['extra'], text: string): string =>
  extra === 'fiscal_year'
    ? `CAST(${text} AS INTEGER)`
    : extra === 'precision'
      ? `CAST(${text} AS ${enumSql(DATE_PRECISIONS)})`
      : text;

/** A map table's typed columns, from the text the appender wrote. */
export function typedMapSelect(map: ColumnMap, staging: string): string {
  return `SELECT raw, ${valueOfText(map.column, 'v')} AS v, ${extraOfText(map.extra, 'x')} AS x FROM ${staging}`;
}

/** The SQL condition under which a cell needs no lookup, and the value it then stands for. */
export function identitySql(map: ColumnMap): { when: string; value: string } | null {
  const c = cell(map);
  const rule = map.identity;
  if (!rule) return null;
  if (rule.kind === 'pattern')
    return {
      when: `regexp_full_match(${c}, ${quoteLiteral(rule.regex)}) AND length(${c}) <= ${rule.maxLength}`,
      value: c,
    };
  const range = rule.max === undefined ? `>= ${rule.min}` : `BETWEEN ${rule.min} AND ${rule.max}`;
  return {
    when: `regexp_full_match(${c}, '[0-9]{1,9}') AND TRY_CAST(${c} AS INTEGER) ${range}`,
    value: `TRY_CAST(${c} AS INTEGER)`,
  };
}

/** A column whose map holds no spelling (IDs SQL takes as they are) needs no join. */
const joined = (map: ColumnMap): boolean => map.entries.size > 0;

const joinsOf = (maps: readonly ColumnMap[]): string =>
  maps
    .map((m, i) => (joined(m) ? `LEFT JOIN ${mapTable(i)} ON ${cell(m)} = ${mapTable(i)}.raw` : ''))
    .filter((join) => join !== '')
    .join(' ');

/** The stored value of a mapped column: its identity, its map entry, or what JS reads in the spelling. */
function storedValue(map: ColumnMap, i: number, session: number): string {
  const c = cell(map);
  const empty = map.column.required ? `error('${REQUIRED_BLANK} ' || coalesce(${c}, ''))` : 'NULL';
  const id = identitySql(map);
  const direct = id ? ` WHEN ${id.when} THEN ${id.value}` : '';
  const mapped = joined(map) ? ` WHEN ${mapTable(i)}.raw IS NOT NULL THEN ${mapTable(i)}.v` : '';
  return `CASE WHEN ${c} IS NULL THEN ${empty}${direct}${mapped} ELSE ${valueOfText(map.column, `${SPELLING_VALUE}(${session}, ${i}, ${c})`)} END`;
}

/** Every stored column plus the partition keys, typed, from the file's cells and the maps. */
export function typedSelect(
  dataset: Dataset,
  maps: readonly ColumnMap[],
  source: string,
  session: number,
): string {
  const byName = new Map(maps.map((m, i) => [m.column.name, { map: m, i }]));
  const extraOf = (kind: 'precision' | 'fiscal_year', name: string) => {
    for (const [i, m] of maps.entries())
      if (m.extra === kind && (kind === 'fiscal_year' || `${m.column.name}_precision` === name))
        return `CASE${joined(m) ? ` WHEN ${mapTable(i)}.raw IS NOT NULL THEN ${mapTable(i)}.x` : ''} WHEN c${m.index} IS NOT NULL THEN ${extraOfText(m.extra, `${SPELLING_EXTRA}(${session}, ${i}, c${m.index})`)} END`;
    return undefined;
  };
  const stored = [...parquetColumns(dataset), ...partitionKeys(dataset)];
  const select = stored.map(({ name, storage }) => {
    const own = byName.get(name);
    const expression = own
      ? storedValue(own.map, own.i, session)
      : name.endsWith('_precision')
        ? extraOf('precision', name)
        : name === 'fiscal_year'
          ? extraOf('fiscal_year', name)
          : undefined;
    return `${expression ?? `CAST(NULL AS ${duckdbType(storage)})`} AS ${quoteIdent(name)}`;
  });
  const joins = joinsOf(maps);
  // Rows whose every cell is empty are spacing (the row path skips them too).
  const width = Math.max(...maps.map((m) => m.index)) + 1;
  const notBlank = `NOT (${Array.from({ length: width }, (_, i) => `c${i} IS NULL`).join(' AND ')})`;
  return `SELECT ${select.join(', ')} FROM ${source} ${joins} WHERE ${notBlank}`;
}

/** Reads the partition files the bulk COPY wrote, keys typed as the schema says. */
export function writtenSource(dataset: Dataset, dir: string): string {
  const keys = partitionKeys(dataset)
    .map((k) => `${quoteLiteral(k.name)}: ${duckdbType(k.storage)}`)
    .join(', ');
  return `read_parquet(${quoteLiteral(`${dir}/*/*/*.parquet`)}, hive_partitioning = true, hive_types = {${keys}})`;
}

/** The partition a written row belongs to, as both checks group by it. */
const partitionOf = (dataset: Dataset): string =>
  `municipality_code, CAST(${dataset.partitionColumn} AS VARCHAR) AS part`;

/**
 * Per partition: rows, rows breaking each row rule, and blank cells of
 * optional columns (only where the column's blank condition holds, as the
 * row path counts them).
 */
export function countsSelect(dataset: Dataset, optional: readonly Column[], source: string): string {
  const rules = dataset.rowRules.map((r, i) => `count(*) FILTER (WHERE ${r.sql}) AS rule_${i}`);
  const blanks = optional.map((c, i) => {
    const when = typeof c.blankWarning === 'object' ? ` AND (${c.blankWarning.sql})` : '';
    return `count(*) FILTER (WHERE ${quoteIdent(c.name)} IS NULL${when}) AS blank_${i}`;
  });
  return `SELECT ${partitionOf(dataset)}, count(*) AS n${[...rules, ...blanks].map((s) => `, ${s}`).join('')} FROM ${source} GROUP BY ALL ORDER BY ALL`;
}

/**
 * Per partition: distinct unique keys (hashed: a collision can only report
 * a duplicate that is not there, which sends the file to the row path).
 * Undefined for a dataset without a unique key.
 */
export function keysSelect(dataset: Dataset, source: string): string | undefined {
  if (dataset.uniqueKey.length === 0) return undefined;
  return `SELECT ${partitionOf(dataset)}, count(DISTINCT hash(${dataset.uniqueKey.join(', ')})) AS keys FROM ${source} GROUP BY ALL`;
}
