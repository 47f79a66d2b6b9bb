import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { ingestUpload } from '../../src/ingest/ingest';
import { protect } from '../../src/publication/protect';
import { localStores } from '../../src/storage/stores';
import { useDemoService } from './demo-service';

/**
 * A town uploading its month must not wait for a new proof of its own
 * pattern: when only its own figures changed, the pattern carries over —
 * and is exactly what a fresh proof gives. Any other class is proven again.
 */
const HOKUEI = '313726';
const TOTTORI = '312011';
const town = (code: string): Viewer => ({ role: 'municipality', municipalityCode: code, login: `t-${code}` });

const demo = useDemoService();

/** 北栄町 re-uploads its FY2025 cases with `extra` more rows. */
async function reupload(extra: number, label: string): Promise<void> {
  const dir = path.join(demo.dataDir, 'demo-extracts');
  const name = (await readdir(dir)).find((f) => f.startsWith(HOKUEI) && f.includes('相談ケース_令和7年度'));
  const lines = iconv
    .decode(await readFile(path.join(dir, name as string)), 'cp932')
    .trimEnd()
    .split(/\r?\n/);
  const copies = lines.slice(2, 2 + extra).map((line, i) => {
    const cells = line.split(',');
    cells[2] = `R-${label}-${String(i).padStart(3, '0')}`;
    return cells.join(',');
  });
  const bytes = Buffer.from(`\uFEFF${[...lines, ...copies].join('\r\n')}\r\n`, 'utf8');
  const report = await ingestUpload(
    localStores(demo.dataDir),
    {
      bytes,
      fileName: `reuse-${label}.csv`,
      dataset: 'cases',
      municipalityCode: HOKUEI,
      uploader: town(HOKUEI),
    },
    { maxUploadBytes: 50 * 1024 * 1024 },
  );
  expect(report.status).toBe('accepted');
  demo.version = label;
}

describe('a pattern carried over to the next data version', () => {
  it("is the uploading town's own, equals a fresh proof, and is never another town's", async () => {
    const first = (await demo.service.grid('v1')).grid;
    const ownBefore = await first.protection(HOKUEI);
    const otherBefore = await first.protection(TOTTORI);

    await reupload(9, 'v2');
    const second = (await demo.service.grid('v2')).grid;
    const ownAfter = await second.protection(HOKUEI);
    expect(ownAfter).toBe(ownBefore); // carried over, no new proof
    const fresh = await protect(second.cells, { ownTown: HOKUEI }, 3);
    expect([...ownAfter.hidden].sort()).toEqual([...fresh.hidden].sort());
    // 北栄町's figures changed, so 鳥取市 (which sees them 秘匿) is proven again.
    const otherAfter = await second.protection(TOTTORI);
    expect(otherAfter).not.toBe(otherBefore);

    // Served through the API too: 北栄町 sees its own new count.
    const rows = (
      await demo.service.get('consultations', { municipality: HOKUEI, fiscalYear: 2025 }, town(HOKUEI))
    ).data;
    const before = (
      await (async () => {
        demo.version = 'v1';
        const data = (
          await demo.service.get('consultations', { municipality: HOKUEI, fiscalYear: 2025 }, town(HOKUEI))
        ).data;
        demo.version = 'v2';
        return data;
      })()
    ).find((r) => r.level === 'municipality');
    const after = rows.find((r) => r.level === 'municipality');
    expect(Number(after?.persons)).toBe(Number(before?.persons) + 9);
  }, 180_000);
});
