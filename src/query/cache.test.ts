import { describe, expect, it } from 'vitest';
import { ResultCache } from './cache';

describe('ResultCache', () => {
  it('keys on query, parameters and data version', () => {
    const k = ResultCache.key('issues', [2021, 2023], 'v1');
    expect(ResultCache.key('issues', [2021, 2023], 'v2')).not.toBe(k);
    expect(ResultCache.key('issues', [2021, 2024], 'v1')).not.toBe(k);
    expect(ResultCache.key('visits', [2021, 2023], 'v1')).not.toBe(k);
    expect(ResultCache.key('issues', [2021, 2023], 'v1')).toBe(k);
  });

  it('computes once for concurrent requests and serves the stored rows afterwards', async () => {
    const cache = new ResultCache();
    let runs = 0;
    const compute = async () => {
      runs++;
      return [{ n: 1 }];
    };
    const [a, b] = await Promise.all([cache.getOrCompute('k', compute), cache.getOrCompute('k', compute)]);
    const c = await cache.getOrCompute('k', compute);
    expect(runs).toBe(1);
    expect([a.cached, b.cached, c.cached]).toEqual([false, false, true]);
    expect(c.rows).toEqual([{ n: 1 }]);
  });

  it('hands out frozen rows so no caller can alter what the next one gets', async () => {
    const cache = new ResultCache();
    const { rows } = await cache.getOrCompute('k', async () => [{ n: 1 }]);
    expect(() => {
      (rows[0] as { n: number }).n = 2;
    }).toThrow();
  });

  it('does not keep a failed computation', async () => {
    const cache = new ResultCache();
    await expect(cache.getOrCompute('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect((await cache.getOrCompute('k', async () => [{ n: 2 }])).rows).toEqual([{ n: 2 }]);
  });

  it('evicts the least recently used entry beyond its size', async () => {
    const cache = new ResultCache(2);
    await cache.getOrCompute('a', async () => [{ n: 1 }]);
    await cache.getOrCompute('b', async () => [{ n: 2 }]);
    await cache.getOrCompute('a', async () => [{ n: 9 }]);
    await cache.getOrCompute('c', async () => [{ n: 3 }]);
    expect((await cache.getOrCompute('a', async () => [{ n: 9 }])).cached).toBe(true);
    expect((await cache.getOrCompute('b', async () => [{ n: 9 }])).cached).toBe(false);
  });
});
