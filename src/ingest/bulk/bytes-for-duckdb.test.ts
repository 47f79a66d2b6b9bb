import { transcode } from 'node:buffer';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeTranscoded } from './bytes-for-duckdb';

describe('writeTranscoded', () => {
  it('writes, piece by piece, exactly what one transcode of the whole gives', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'transcode-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 2000 }),
          fc.integer({ min: 1, max: 300 }),
          async (bytes, piece) => {
            const file = path.join(dir, 'out.csv');
            const buffer = Buffer.from(bytes);
            await writeTranscoded(file, buffer, piece);
            const written = await readFile(file);
            expect(written.equals(transcode(buffer, 'latin1', 'utf8'))).toBe(true);
            // Every byte survives as one character: the spelling DuckDB hands back maps to the original bytes.
            expect(Buffer.from(written.toString('utf8'), 'latin1').equals(buffer)).toBe(true);
          },
        ),
        { numRuns: 100 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
