/**
 * The storage seam between local and cloud: a folder on this machine, or an
 * S3 bucket. Keys are '/'-separated, never start with '/', and are the same
 * in both (see docs/architecture.md for the layout).
 */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
  /** User metadata (S3 x-amz-meta-*); lowercase keys, ASCII values. */
  metadata: Record<string, string>;
}

export interface PutOptions {
  contentType?: string;
  metadata?: Record<string, string>;
}

export interface ObjectStore {
  /** Human-readable location, for messages: a folder path or s3://bucket. */
  readonly location: string;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
  head(key: string): Promise<ObjectInfo | undefined>;
  /**
   * Writes the whole object at once: a concurrent reader sees either the old
   * object or the new one, never a part (temp file + rename locally; one PUT on S3).
   */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
  /** Every object whose key starts with prefix, in key order. */
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(key: string): Promise<void>;
  /**
   * The filesystem path of a key when the store is a local folder, so that
   * DuckDB can read Parquet in place; undefined on S3.
   */
  localPath(key: string): string | undefined;
}
