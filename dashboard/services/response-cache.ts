import { gzipSync } from 'node:zlib';

/**
 * Serialized indicator responses per (indicator + filters, viewer class,
 * data version). The indicator layer caches exact query results, but
 * suppression, labels and JSON serialization still run per request; the
 * pages and other programs ask the same few questions over and over, so the
 * finished bytes are kept until the data version changes.
 *
 * The data version is re-read at most every `ttlMs` (default 1 s): an upload
 * through this process invalidates at once, one through another process
 * (the CLI, another Lambda container) shows within a second.
 */
export interface CachedResponse {
  body: string;
  etag: string;
  /** The body gzipped, made on the first request that accepts gzip. */
  gzip?: Uint8Array<ArrayBuffer>;
}

/** The entry's body gzipped (computed once per entry: answers are read far more often than made). */
export function gzipped(entry: CachedResponse): Uint8Array<ArrayBuffer> {
  entry.gzip ??= new Uint8Array(gzipSync(entry.body));
  return entry.gzip;
}

export interface ResponseCacheOptions {
  ttlMs?: number;
  /** Bound on the cached bodies' total length (characters); default 32 Mi. */
  maxSize?: number;
  now?: () => number;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private version: { value: string; readAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly ttlMs: number;
  private readonly maxSize: number;
  private size = 0;
  private readonly now: () => number;

  constructor(
    private readonly readVersion: () => Promise<string>,
    options: ResponseCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 1000;
    this.maxSize = options.maxSize ?? 32 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** The data version, read at most once per ttl and once at a time. */
  async currentVersion(): Promise<string> {
    if (this.version && this.now() - this.version.readAt < this.ttlMs) return this.version.value;
    this.pending ??= this.readVersion()
      .then((value) => {
        if (this.version?.value !== value) this.dropAllBut(value);
        this.version = { value, readAt: this.now() };
        return value;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** After this process changed the data: forget everything and re-read the version next time. */
  invalidate(): void {
    this.version = undefined;
    this.dropAllBut(undefined);
  }

  private dropAllBut(version: string | undefined): void {
    for (const [key, entry] of this.entries)
      if (version === undefined || !key.startsWith(`${version}\n`)) {
        this.entries.delete(key);
        this.size -= entry.body.length;
      }
  }

  get(key: string, version: string): CachedResponse | undefined {
    const entry = this.entries.get(`${version}\n${key}`);
    if (entry) {
      // Map order doubles as recency order for eviction.
      this.entries.delete(`${version}\n${key}`);
      this.entries.set(`${version}\n${key}`, entry);
    }
    return entry;
  }

  set(key: string, version: string, entry: CachedResponse): void {
    const full = `${version}\n${key}`;
    const previous = this.entries.get(full);
    if (previous) this.size -= previous.body.length;
    this.entries.delete(full);
    this.entries.set(full, entry);
    this.size += entry.body.length;
    for (const [oldest, old] of this.entries) {
      if (this.size <= this.maxSize || oldest === full) break;
      this.entries.delete(oldest);
      this.size -= old.body.length;
    }
  }
}
