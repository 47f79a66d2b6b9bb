import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import { createDemoApp, type DemoApp, HOKUEI, PREF, TEAM } from './demo-app';

let d: DemoApp;

beforeAll(async () => {
  d = await createDemoApp();
});
afterAll(async () => {
  await d?.cleanup();
});

const get = (path: string, login: string) => d.app.request(path, { headers: d.bearer(login) });

/** The demo's own 実施状況, as the API gives it: the figures the page must agree with. */
async function implementationOf(fy: number) {
  const res = await get(`/api/indicators/implementation?fiscal_year=${fy}`, PREF);
  const body = (await res.json()) as { data: Record<string, unknown>[] };
  return body.data.filter((r) => r.level === 'municipality');
}

describe('県の全体像 (/overview)', () => {
  it('shows a tile and a matrix row for each of the 19 towns, for the latest year by default', async () => {
    const res = await get('/overview', PREF);
    expect(res.status).toBe(200);
    const html = await res.text();
    const tiles = html.match(/<li class="tile [^"]*"><a href="\/municipalities\/(\d{6})"/g) ?? [];
    expect(tiles).toHaveLength(19);
    for (const m of MUNICIPALITIES) expect(html).toContain(`data-code="${m.code}"`);
    const matrixRows = html.match(
      /<tr><th scope="row" data-value="\d{6}"><a href="\/municipalities\/\d{6}">/g,
    );
    expect(matrixRows).toHaveLength(19);
    expect(html).toContain('aria-current="page"');
  });

  it('labels each tile with its town and its 実施状況 in words', async () => {
    const json = (await (await get('/api/overview', PREF)).json()) as {
      data: { fiscal_year: number; municipalities: { municipality_code: string; status: string }[] };
    };
    const fy = json.data.fiscal_year;
    const rows = await implementationOf(fy);
    expect(json.data.municipalities).toHaveLength(19);
    for (const r of rows) {
      const town = json.data.municipalities.find((m) => m.municipality_code === r.municipality_code);
      expect(town?.status).toBe(r.status);
    }
    const html = await (await get(`/overview?fiscal_year=${fy}`, PREF)).text();
    const hokuei = html.match(/<a href="\/municipalities\/313726" data-code="313726">(.*?)<\/a>/)?.[1] ?? '';
    expect(hokuei).toContain('北栄町');
    expect(hokuei).toContain('<span class="tile-status">実施</span>');
  });

  it('downloads the programme matrix as CSV with 19 rows, audited', async () => {
    const res = await get('/api/overview?format=csv&table=matrix', PREF);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toContain('包括的相談支援事業');
    expect(lines.slice(1)).toHaveLength(19);
    const audit = (await (await get('/api/audit?action=export', PREF)).json()) as {
      data: { target: string }[];
    };
    expect(audit.data.some((e) => e.target === 'overview/matrix')).toBe(true);
  });

  it('downloads the tile map table as CSV with each town’s data month', async () => {
    const text = await (await get('/api/overview?format=csv&table=tiles&fiscal_year=2024', PREF)).text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(20);
    expect(lines[0]).toContain('最新の月次データ');
    const hokuei = lines.find((l) => l.startsWith('313726,')) ?? '';
    expect(hokuei).toMatch(/\d{4}年\d{1,2}月/);
  });

  it('refuses a year without 実施状況 and unknown parameters', async () => {
    expect((await get('/api/overview?fiscal_year=1999', PREF)).status).toBe(400);
    expect((await get('/api/overview?table=other&format=csv', PREF)).status).toBe(400);
    expect((await get('/api/overview?foo=1', PREF)).status).toBe(400);
  });

  it('is open to the 推進チーム and to municipal staff, who see only their own upload date', async () => {
    expect((await get('/overview', TEAM)).status).toBe(200);
    const res = await get('/api/overview', HOKUEI);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: { municipalities: { municipality_code: string; latest_upload_at: string | null }[] };
    };
    for (const m of body.data.municipalities)
      if (m.municipality_code === '313726') expect(m.latest_upload_at).not.toBeNull();
      else expect(m.latest_upload_at).toBeNull();
  });
});
