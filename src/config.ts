import path from 'node:path';

/**
 * Runtime configuration: the one module that reads the environment. Entry
 * points (the CLI, the local server, the Lambda handlers) call loadConfig
 * and pass plain values down; the two settings a deep module needs without
 * a Config in reach (SQL_DIR, DUCKDB_*) have their own readers below. Every
 * setting has a local default so that `npm start` needs nothing. The web
 * layer's few settings live here too: one file lists every variable, and
 * this module imports nothing, so it sits below every layer.
 */
export interface Config {
  /** Local folder standing in for the buckets. */
  dataDir: string;
  /** 'duckdb' (local default) or 'athena'. */
  engine: 'duckdb' | 'athena';
  /** Set on AWS: raw uploads bucket and curated (Parquet, reports, state) bucket. */
  rawBucket?: string;
  curatedBucket?: string;
  /**
   * Set on AWS: the Object Lock bucket the audit trail is appended to
   * (entries under `audit/`). Unset: the curated store, as locally.
   */
  auditBucket?: string;
  /** AWS region (set by Lambda); names the raw bucket's endpoint for browser uploads. */
  awsRegion?: string;
  athenaWorkgroup: string;
  glueDatabase: string;
  /** Counts 0 < n < k are suppressed for viewers not entitled to exact figures. */
  suppressionK: number;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  port: number;
  /** The deployment's public URL (CloudFront), accepted by the CSRF origin check. */
  publicOrigin?: string;
  /** ASSETS_DIR: the folder holding the browser bundle's assets/ on Lambda (default `dist`). */
  distDir: string;
  /** The secret CloudFront sends to the dashboard function (functions/dashboard/origin-guard.ts). */
  originSecret?: string;
  /**
   * SUBMISSION_DUE_DAY (1–28, default 10): a month's tallies are due by this
   * day of the following month (src/submissions/schedule.ts).
   */
  submissionDueDay: number;
  /** Who a town calls about the printed 訪問準備 pack: the 推進チーム's contact (TEAM_CONTACT_*). */
  teamContact: TeamContact;
}

/** The contact printed on the 訪問準備 pack. Phone and e-mail are printed only when set. */
export interface TeamContact {
  /** TEAM_CONTACT_NAME: the office, as the town should address it. */
  name: string;
  /** TEAM_CONTACT_PHONE */
  phone?: string;
  /** TEAM_CONTACT_EMAIL */
  email?: string;
}

/** The office named in the prefecture's briefing (2024-03-14); phone and e-mail have no default. */
export const DEFAULT_TEAM_CONTACT_NAME =
  '鳥取県 福祉保健部 ささえあい福祉局 孤独・孤立対策課（包括的支援体制整備推進チーム）';

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

/** Every month has a 28th, so a due day up to 28 exists in each month. */
function dueDayFromEnv(env: NodeJS.ProcessEnv): number {
  const day = intFromEnv(env, 'SUBMISSION_DUE_DAY', 10);
  if (day < 1 || day > 28) throw new Error(`SUBMISSION_DUE_DAY must be between 1 and 28, got ${day}`);
  return day;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const engine = env.QUERY_ENGINE ?? 'duckdb';
  if (engine !== 'duckdb' && engine !== 'athena')
    throw new Error(`QUERY_ENGINE must be duckdb or athena, got ${engine}`);
  return {
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    engine,
    rawBucket: env.RAW_BUCKET || undefined,
    curatedBucket: env.CURATED_BUCKET || undefined,
    auditBucket: env.AUDIT_BUCKET || undefined,
    awsRegion: env.AWS_REGION || undefined,
    athenaWorkgroup: env.ATHENA_WORKGROUP ?? 'primary',
    glueDatabase: env.GLUE_DATABASE ?? 'juso_monitor',
    suppressionK: intFromEnv(env, 'SUPPRESSION_K', 3),
    maxUploadBytes: intFromEnv(env, 'MAX_UPLOAD_MB', 50) * 1024 * 1024,
    port: intFromEnv(env, 'PORT', 3000),
    publicOrigin: env.PUBLIC_ORIGIN || undefined,
    distDir: env.ASSETS_DIR ?? 'dist',
    originSecret: env.ORIGIN_SECRET,
    submissionDueDay: dueDayFromEnv(env),
    teamContact: {
      name: env.TEAM_CONTACT_NAME || DEFAULT_TEAM_CONTACT_NAME,
      phone: env.TEAM_CONTACT_PHONE || undefined,
      email: env.TEAM_CONTACT_EMAIL || undefined,
    },
  };
}

/** SQL_DIR: where a bundled deployment copied sql/ (unset when running from source). */
export const sqlDirSetting = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  env.SQL_DIR || undefined;

/** The ingest's DuckDB settings; the ingest Lambda sets them (infra/constructs/ingest-function.ts). */
export interface DuckDbSettings {
  home?: string;
  tempDir?: string;
  memoryLimit?: string;
  threads?: string;
}

export function duckdbSettings(env: NodeJS.ProcessEnv = process.env): DuckDbSettings {
  return {
    home: env.DUCKDB_HOME || undefined,
    tempDir: env.DUCKDB_TEMP_DIR || undefined,
    memoryLimit: env.DUCKDB_MEMORY_LIMIT || undefined,
    threads: env.DUCKDB_THREADS || undefined,
  };
}
