import type { Row } from './types';

/**
 * Exact query results keyed by (query, parameters, data version). Any
 * accepted upload bumps the data version, so stale entries are simply never
 * asked for again and age out. Suppression happens after the cache, per
 * viewer: the cache only ever holds exact rows and never hands a viewer's
 * view to another.
 */
export class ResultCache<T = readonly Row[]> {
  private readonly entries = new Map<string, T>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries = 256) {}

  static key(query: string, params: readonly number[], dataVersion: string): string {
    return JSON.stringify([query, params, dataVersion]);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached rows, or compute them once even when many requests arrive together. */
  async getOrCompute(key: string, compute: () => Promise<T>): Promise<{ rows: T; cached: boolean }> {
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh recency: Map keeps insertion order, so re-insert.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return { rows: hit, cached: true };
    }
    let running = this.pending.get(key);
    if (!running) {
      running = compute().then((value) => {
        const frozen = freezeRows(value);
        this.entries.set(key, frozen);
        while (this.entries.size > this.maxEntries) {
          const oldest = this.entries.keys().next().value;
          if (oldest === undefined) break;
          this.entries.delete(oldest);
        }
        return frozen;
      });
      this.pending.set(key, running);
      running.then(
        () => this.pending.delete(key),
        () => this.pending.delete(key),
      );
    }
    return { rows: await running, cached: false };
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Row lists whose rows this module froze. */
const frozenRowLists = new WeakSet<object>();

/** Rows handed to many callers are frozen, so no caller can alter what the next one gets. */
function freezeRows<T>(value: T): T {
  const rows = Array.isArray(value)
    ? value
    : (value as { rows?: unknown })?.rows !== undefined
      ? (value as { rows: unknown }).rows
      : undefined;
  // The shaped cache often holds the very rows of the exact cache: frozen once is enough.
  if (Array.isArray(rows) && !frozenRowLists.has(rows)) {
    for (const row of rows) Object.freeze(row);
    Object.freeze(rows);
    frozenRowLists.add(rows);
  }
  return Object.freeze(value);
}
