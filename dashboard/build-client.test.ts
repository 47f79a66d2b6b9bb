import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildClient, GZIP_BUDGET_BYTES } from './build-client';

describe('buildClient', () => {
  it('writes a minified bundle within the gzip budget, with only the chart types the pages use', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'client-build-'));
    try {
      const { files, gzipBytes } = await buildClient(dir);
      expect(files.map((f) => path.basename(f))).toEqual(['app.js', 'app.css', 'favicon.svg']);
      expect(gzipBytes).toBeGreaterThan(1000);
      expect(gzipBytes).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
      const js = await readFile(path.join(dir, 'app.js'), 'utf8');
      expect(js).toContain('chartsReady');
      // The print rules travel in the one stylesheet: the A4 pack depends on them.
      expect(await readFile(path.join(dir, 'app.css'), 'utf8')).toMatch(/@page\s*{\s*size: A4/);
      // Tree-shaken: controllers declare their id (`static id = 'bar'`); only the registered ones ship.
      const declares = (id: string) => new RegExp(`"id",\\s*"${id}"|\\bid\\s*=\\s*"${id}"`).test(js);
      for (const used of ['bar', 'line', 'scatter']) expect(declares(used), used).toBe(true);
      for (const unused of ['doughnut', 'pie', 'polarArea', 'radar', 'bubble'])
        expect(declares(unused), unused).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
