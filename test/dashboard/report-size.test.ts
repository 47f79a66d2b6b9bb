import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUT_MARK } from '../../src/ingest/report';
import { createDemoApp, type DemoApp, HOKUEI, PREF, TEAM } from './demo-app';

/**
 * Issue 14, case 5: one huge cell must not bloat everything. A 30 MB cell
 * is refused early with its row, quoted only as a short excerpt; the report
 * stays under 100 KB and the history (one page, never every report) under
 * 1 MB. Timings are printed, not asserted: the machine is shared.
 */
let demo: DemoApp;
const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const HUGE = 30 * 1024 * 1024;
let uploadId: string;
let postBytes: number;

const get = (path: string, login: string) => demo.app.request(path, { headers: demo.bearer(login) });

async function timed(path: string, login: string): Promise<{ status: number; bytes: number; ms: number }> {
  const start = performance.now();
  const res = await get(path, login);
  const body = await res.arrayBuffer();
  const ms = performance.now() - start;
  console.info(`${path} as ${login}: ${body.byteLength} bytes in ${ms.toFixed(1)} ms`);
  return { status: res.status, bytes: body.byteLength, ms };
}

beforeAll(async () => {
  demo = await createDemoApp({ maxUploadBytes: 40 * 1024 * 1024 });
  const csv = `${HEADER}\r\n313726,2024,${'X'.repeat(HUGE)},2024-05-01,本人,40〜49歳,1,介護,支援中,\r\n`;
  const form = new FormData();
  form.set('file', new File([csv], 'huge-cell.csv', { type: 'text/csv' }));
  form.set('dataset', 'cases');
  const res = await demo.app.request('/api/uploads', {
    method: 'POST',
    body: form,
    headers: demo.bearer(HOKUEI),
  });
  const body = await res.text();
  postBytes = new TextEncoder().encode(body).length;
  expect(res.status).toBe(422);
  uploadId = JSON.parse(body).data.upload_id;
}, 300_000);

afterAll(async () => {
  await demo?.cleanup();
});

describe('a 30 MB single-cell upload', () => {
  it('is refused at its row with a short excerpt, and its report stays under 100 KB', async () => {
    console.info(`POST /api/uploads answer: ${postBytes} bytes`);
    expect(postBytes).toBeLessThan(100 * 1024);
    const stored = await demo.deps.stores.curated.get(`reports/${uploadId}.json`);
    expect(stored?.length).toBeLessThan(100 * 1024);
    const report = JSON.parse(new TextDecoder().decode(stored));
    expect(report.status).toBe('rejected');
    expect(report.errors_total).toBe(1);
    expect(report.errors[0]).toMatchObject({ row: 2, column: 'ケースID', code: 'cell_too_long' });
    expect(report.errors[0].value).toBe(`${'X'.repeat(100)}${CUT_MARK}`);
    expect(report.errors[0].message).toMatch(/長すぎます（31,457,280文字）/);
  });

  it('leaves GET /api/uploads under 1 MB, one page at a time', async () => {
    for (const login of [HOKUEI, PREF, TEAM]) {
      const first = await timed('/api/uploads', login);
      const again = await timed('/api/uploads', login);
      expect(first.status).toBe(200);
      expect(Math.max(first.bytes, again.bytes)).toBeLessThan(1024 * 1024);
    }
    const one = await timed(`/api/uploads/${uploadId}`, HOKUEI);
    expect(one.bytes).toBeLessThan(100 * 1024);
    const page = await timed('/submissions', PREF);
    expect(page.status).toBe(200);
    expect(page.bytes).toBeLessThan(1024 * 1024);
  });

  it('pages through the history with meta.next, newest first, without overlap', async () => {
    const first = await (await get('/api/uploads?limit=2', PREF)).json();
    expect(first.data).toHaveLength(2);
    expect(first.meta.next).toBe(first.data[1].upload_id);
    const second = await (await get(`/api/uploads?limit=2&before=${first.meta.next}`, PREF)).json();
    expect(second.data.length).toBeGreaterThan(0);
    expect(second.data[0].upload_id < first.data[1].upload_id).toBe(true);
    expect((await get('/api/uploads?before=../x', PREF)).status).toBe(400);
  });
});
