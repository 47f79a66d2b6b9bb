import path from 'node:path';

/**
 * Runtime configuration, read from the environment by entry points only (the
 * CLI, the local server, the Lambda handlers) and passed down as plain values.
 * Every setting has a local default so that `npm start` needs nothing.
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
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
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
  };
}
