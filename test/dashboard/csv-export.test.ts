import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app';
import { type DemoAccount, ensureDemoAccounts } from '../../dashboard/auth/demo-accounts';
import { localDeps } from '../../dashboard/services/deps';
import { loadConfig } from '../../src/config';
import type { IndicatorResponse } from '../../src/query/types';
import type { IndicatorService } from '../../src/service/indicator-service';

/**
 * CSV export over HTTP with text cells a spreadsheet would execute. The
 * indicator layer is replaced by a stand-in returning such a row, because the
 * real indicators only emit names from the reference list; what is under test
 * is the export path (BOM, headers, neutralisation, numbers kept).
 */
let dataDir: string;
let app: ReturnType<typeof createApp>;
let pref: DemoAccount;

const HOSTILE: IndicatorResponse = {
  data: [
    { level: 'municipality', area_name: '=HYPERLINK("http://evil","x")', persons: 5, persons_yoy: -0.5 },
    { level: 'municipality', area_name: '@SUM(A1)', persons: null, suppressed: 'persons' } as never,
    { level: 'municipality', area_name: '+81-3', persons: 7, persons_yoy: 0.25 },
  ],
  meta: {
    indicator: 'consultations',
    data_version: 'v1',
    as_of: null,
    suppression: { k: 3, applied: true, suppressed_cells: 1, note: '秘匿' },
    sources: { datasets: ['cases'], population: '' },
    filters: { municipality: null, from: null, to: null },
    engine: 'stand-in',
    cached: false,
  },
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'csv-export-'));
  const { accounts } = await ensureDemoAccounts(dataDir);
  pref = accounts.find((a) => a.role === 'prefecture') as DemoAccount;
  const deps = await localDeps({ ...loadConfig({}), dataDir });
  deps.indicators = { get: async () => HOSTILE } as unknown as IndicatorService;
  app = createApp(deps);
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('CSV export', () => {
  it('neutralises formula-like text cells, keeps numbers, marks 秘匿, starts with a BOM', async () => {
    const res = await app.request('/api/indicators/consultations?format=csv', {
      headers: { Authorization: `Bearer ${pref.token}` },
    });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    const header = (lines[0] ?? '').split(',');
    const name = header.indexOf('地域');
    const persons = header.indexOf('相談実人数');
    const yoy = header.indexOf('相談実人数の前年度比');
    const cells = lines
      .slice(1, 4)
      .map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? []);
    expect(cells[0]?.[name]).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(cells[1]?.[name]).toBe("'@SUM(A1)");
    expect(cells[2]?.[name]).toBe("'+81-3");
    expect(cells[0]?.[yoy]).toBe('-0.5');
    expect(cells[1]?.[persons]).toBe('秘匿');
  });
});
