import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTimeJst } from '../../dashboard/pages/format';
import { createDemoApp, type DemoApp, HOKUEI, PREF, TEAM, TOTTORI } from './demo-app';

let d: DemoApp;

beforeAll(async () => {
  d = await createDemoApp();
  // Something to find: 北栄町's staff and the prefecture export; the prefecture also for 鳥取市.
  for (const [login, town] of [
    [HOKUEI, '313726'],
    [PREF, '313726'],
    [PREF, '312011'],
  ] as const)
    expect(
      (
        await d.app.request(`/api/indicators/consultations?municipality=${town}&format=csv`, {
          headers: d.bearer(login),
        })
      ).status,
    ).toBe(200);
});
afterAll(async () => {
  await d?.cleanup();
});

const get = (path: string, login: string) => d.app.request(path, { headers: d.bearer(login) });

/** Body rows of the page's table: the cells' text. */
function tableRows(html: string): string[][] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row]) =>
    [...(row as string).matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map(([, cell]) =>
      (cell as string).replace(/<[^>]+>/g, ''),
    ),
  );
}

describe('操作記録 (/audit)', () => {
  it('lists who exported what, newest first, in Japan time', async () => {
    const res = await get('/audit', PREF);
    expect(res.status).toBe(200);
    const rows = tableRows(await res.text());
    const api = (await (await get('/api/audit?action=export', PREF)).json()) as {
      data: { at: string; login: string; target: string }[];
    };
    const exports = rows.filter((r) => r[4] === 'CSV出力');
    expect(exports.length).toBeGreaterThanOrEqual(3);
    // The newest export first, its time as 2026年12月3日 12:17.
    expect(exports[0]?.[0]).toBe(formatDateTimeJst(api.data[0]?.at ?? ''));
    expect(exports[0]?.[0]).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(exports.map((r) => r[1])).toContain('municipality-313726');
  });

  it('filters by town (the town acted on, or its own staff) and by action', async () => {
    const hokuei = tableRows(await (await get('/audit?municipality=313726&action=export', PREF)).text());
    expect(hokuei.length).toBeGreaterThanOrEqual(2);
    for (const r of hokuei) {
      expect(r[4]).toBe('CSV出力');
      expect(r[6]).toBe('北栄町');
    }
    const tottori = tableRows(await (await get('/audit?municipality=312011', PREF)).text());
    expect(tottori.every((r) => r[6] === '鳥取市' || r[3] === '鳥取市')).toBe(true);
    expect(tottori.length).toBeGreaterThanOrEqual(1);
    const uploads = tableRows(await (await get('/audit?action=upload', PREF)).text());
    expect(uploads.every((r) => r[4] === 'アップロード' || r[0] === '該当する記録はありません。')).toBe(true);
  });

  it('downloads the filtered log as CSV (UTF-8 with BOM), itself audited', async () => {
    const res = await get('/audit?municipality=313726&action=export&format=csv', PREF);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(lines[0]).toBe('日時,ログイン,役割,所属,操作,対象,対象の市町村,詳細');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines.slice(1)) expect(line).toContain('北栄町');
    const api = (await (await get('/api/audit?action=export&limit=1', PREF)).json()) as {
      data: { target: string }[];
    };
    expect(api.data[0]?.target).toBe('audit');
  });

  it('is the prefecture’s only: 403 for the 推進チーム and municipal staff, and not in their menu', async () => {
    for (const login of [TEAM, HOKUEI, TOTTORI]) {
      expect((await get('/audit', login)).status).toBe(403);
      expect(await (await get('/submissions', login)).text()).not.toContain('href="/audit"');
    }
    expect(await (await get('/submissions', PREF)).text()).toContain('href="/audit"');
  });

  it('refuses an unknown action or town', async () => {
    expect((await get('/audit?action=delete', PREF)).status).toBe(400);
    expect((await get('/audit?municipality=999999', PREF)).status).toBe(400);
  });
});
