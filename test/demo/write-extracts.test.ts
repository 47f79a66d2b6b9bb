import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoExtracts, writeDemoExtracts } from '../../src/demo';

describe('writeDemoExtracts', () => {
  it('writes every extract as a real file, byte for byte, and returns the paths', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-write-'));
    try {
      const paths = await writeDemoExtracts(path.join(dir, 'nested'), 7);
      const files = generateDemoExtracts(7);
      expect(paths).toEqual(files.map((f) => path.join(dir, 'nested', f.fileName)));
      for (const [i, file] of files.entries())
        expect(Buffer.from(await readFile(paths[i] as string)).equals(Buffer.from(file.bytes))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
