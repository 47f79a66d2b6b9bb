/**
 * The vocabulary of a dataset definition. Every other artefact — CSV templates,
 * validation, the Parquet schema, the Glue tables, docs/data-contract.md — is
 * derived from values of these types, so they never drift apart.
 */

export type DatasetName = 'cases' | 'activities' | 'visits' | 'implementation' | 'population';

/** One allowed value of an enumerated column: stable code stored, label shown. */
export interface Term {
  /** Stable identifier stored in Parquet and returned by the API (snake_case ASCII). */
  code: string;
  /** Japanese label shown to people and used in templates. */
  label: string;
  /** Other spellings people type; matched after normalisation (NFKC, wave dashes folded). */
  synonyms: readonly string[];
  /**
   * The coarser category the term belongs to (a `TermGroup` code). Every term
   * of a grouped vocabulary has one, so a group's count is the sum of its
   * terms' counts (相談経路: 関係機関 = 高齢 + 障がい + … + 行政その他).
   */
  group?: string;
  /**
   * Codes an earlier version of the contract stored for what this term now
   * covers. Still read on upload (a file or a re-ingested raw file written
   * with them maps here); never stored.
   */
  legacyCodes?: readonly string[];
}

export type Vocabulary = readonly Term[];

/** A grouping of a vocabulary's terms: stable code, label, what it gathers. */
export interface TermGroup {
  code: string;
  label: string;
  description: string;
}

/**
 * How a cell is read. `storage` on each column says how it is stored; the
 * kinds here say how the raw text is interpreted.
 */
export type ColumnType =
  /** 全国地方公共団体コード: 6 digits (check digit verified), 5 digits, or the name. */
  | { kind: 'municipality' }
  /** 年度: 2023 / 令和5年度 / R5 / H30. */
  | { kind: 'fiscal_year' }
  | { kind: 'int'; min: number; max?: number }
  | { kind: 'string'; pattern?: RegExp; maxLength: number }
  /** A calendar date; `allowMonth` accepts month precision (2023/4, 令和5年4月). */
  | { kind: 'date'; allowMonth: boolean }
  /** A year-month (年月); stored as the first day of the month. */
  | { kind: 'month' }
  | { kind: 'enum'; vocabulary: Vocabulary }
  /** Several terms in one cell, separated by ・、,;／| or newlines. */
  | { kind: 'multi_enum'; vocabulary: Vocabulary; minItems: number }
  /** A yes/no mark such as ○/× or 済/未; blank means unknown. */
  | { kind: 'flag'; yes: readonly string[]; no: readonly string[] };

/** Logical storage types, mapped to DuckDB/Parquet and Glue (Hive) types in one place. */
export type StorageType = 'varchar' | 'integer' | 'date' | 'boolean' | 'varchar_list';

export interface Column {
  /** Canonical snake_case name: Parquet column, Glue column, API field. */
  name: string;
  /** Japanese header written in templates. */
  header: string;
  /** Other headers accepted on upload (matched after NFKC and whitespace removal). */
  aliases: readonly string[];
  type: ColumnType;
  required: boolean;
  /** One line, Japanese, for the data-contract page and template notes. */
  description: string;
  /**
   * When a blank cell of this optional column is worth a warning. Absent:
   * any blank (「空欄の行がN行」). 'never': a blank is a normal answer (an
   * open case has no 終結日; a rule already asks for it where it is due). A
   * condition: only rows whose own values say the cell should be filled.
   */
  blankWarning?: 'never' | BlankCondition;
}

/** The rows on which a blank optional cell is worth a warning. */
export interface BlankCondition {
  /** Japanese, completing 「…の行で」 (訪問済世帯数が1以上). */
  reason: string;
  test: (row: Readonly<Record<string, unknown>>) => boolean;
  /** The same condition as a DuckDB predicate over the stored columns (the bulk check). */
  sql: string;
}

/**
 * A column not typed by people but computed during ingest (e.g. the fiscal year
 * of a month, the precision of a date). Part of the Parquet schema.
 */
export interface DerivedColumn {
  name: string;
  storage: StorageType;
  description: string;
}

/** Cross-column rule, evaluated after every cell of a row parsed. */
export interface RowRule {
  code: string;
  severity: 'error' | 'warning';
  /** Column the problem is reported against. */
  column: string;
  /**
   * Every column the test reads: a row where one of them did not read is
   * not tested (and the report says so) rather than tested on a blank.
   */
  uses: readonly string[];
  /** Japanese message shown to the uploader. */
  message: string;
  /**
   * True when the row breaks the rule. Values are the normalised ones: dates
   * and months as 'YYYY-MM-DD' strings, enums as term codes, blanks as null.
   */
  test: (row: Readonly<Record<string, unknown>>) => boolean;
  /**
   * The same rule as a DuckDB predicate over the stored columns (a large
   * upload is checked in bulk, src/ingest/bulk/); a test holds the two to
   * the same answer on generated rows.
   */
  sql: string;
}

export interface Dataset {
  name: DatasetName;
  /** Japanese title (相談ケース). */
  title: string;
  description: string;
  /** Grain: what one row is. */
  grain: string;
  /** Who uploads it: a municipality for its own town, or the prefecture for all. */
  uploadedBy: 'municipality' | 'prefecture';
  /** Person-level data: 備考/メモ columns are refused as well as direct identifiers. */
  personLevel: boolean;
  columns: readonly Column[];
  derived: readonly DerivedColumn[];
  /**
   * The replacement unit inside a municipality: an upload replaces that
   * municipality's data for each value of this column it contains.
   */
  partitionColumn: 'fiscal_year' | 'as_of';
  /** Columns unique together within one (municipality, partition); empty = one row per partition. */
  uniqueKey: readonly string[];
  rowRules: readonly RowRule[];
}
