import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache';

describe('ResponseCache', () => {
  it('re-reads the data version only after the ttl, and drops entries when it changed', async () => {
    let version = 'v1';
    let reads = 0;
    let now = 0;
    const cache = new ResponseCache(
      async () => {
        reads++;
        return version;
      },
      { ttlMs: 1000, now: () => now },
    );
    expect(await cache.currentVersion()).toBe('v1');
    cache.set('k', 'v1', { body: 'old', etag: 'e1' });
    version = 'v2';
    now = 999;
    expect(await cache.currentVersion()).toBe('v1');
    expect(reads).toBe(1);
    now = 1000;
    expect(await cache.currentVersion()).toBe('v2');
    expect(reads).toBe(2);
    expect(cache.get('k', 'v1')).toBeUndefined();
  });

  it('reads the version once for concurrent requests', async () => {
    let reads = 0;
    const cache = new ResponseCache(async () => {
      reads++;
      return 'v';
    });
    await Promise.all([cache.currentVersion(), cache.currentVersion(), cache.currentVersion()]);
    expect(reads).toBe(1);
  });

  it('invalidate() forces a re-read at once', async () => {
    let version = 'v1';
    const cache = new ResponseCache(async () => version, { now: () => 0 });
    await cache.currentVersion();
    cache.set('k', 'v1', { body: 'b', etag: 'e' });
    version = 'v2';
    cache.invalidate();
    expect(await cache.currentVersion()).toBe('v2');
    expect(cache.get('k', 'v1')).toBeUndefined();
  });

  it('keeps at most maxSize characters of bodies, evicting the least recently used', () => {
    const cache = new ResponseCache(async () => 'v', { maxSize: 2 });
    cache.set('a', 'v', { body: 'a', etag: 'a' });
    cache.set('b', 'v', { body: 'b', etag: 'b' });
    cache.get('a', 'v');
    cache.set('c', 'v', { body: 'c', etag: 'c' });
    expect(cache.get('a', 'v')?.body).toBe('a');
    expect(cache.get('b', 'v')).toBeUndefined();
    expect(cache.get('c', 'v')?.body).toBe('c');
  });
});
