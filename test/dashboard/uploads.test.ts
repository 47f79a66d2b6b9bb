import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp, HOKUEI, PREF, TEAM } from './demo-app';

/** Uploads over HTTP: refusals, a rejected file's report, and an accepted file changing the numbers. */
let demo: DemoApp;

beforeAll(async () => {
  demo = await createDemoApp({ maxUploadBytes: 256 * 1024 });
}, 240_000);

afterAll(async () => {
  await demo?.cleanup();
});

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const GOOD_CASES = [
  HEADER,
  '313726,2022,T-001,2022-05-01,本人,40〜49歳,1,介護,支援中,',
  '313726,2022,T-002,2022-06-01,本人,50〜59歳,2,障がい,支援中,',
  '313726,2022,T-003,2022-07-01,本人,65〜74歳,1,"介護,認知症",支援中,',
].join('\r\n');

function upload(login: string, csv: string, fields: Record<string, string> = {}, fileName = 'cases.csv') {
  const form = new FormData();
  form.set('file', new File([`\uFEFF${csv}`], fileName, { type: 'text/csv' }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return demo.app.request('/api/uploads', { method: 'POST', body: form, headers: demo.bearer(login) });
}

async function hokueiFy2022(): Promise<{ persons: unknown; dataVersion: string }> {
  const res = await demo.app.request('/api/indicators/consultations?municipality=313726&fiscal_year=2022', {
    headers: demo.bearer(PREF),
  });
  const body = await res.json();
  const row = body.data.find(
    (r: Record<string, unknown>) => r.level === 'municipality' && r.municipality_code === '313726',
  );
  return { persons: row?.persons, dataVersion: body.meta.data_version };
}

describe('upload refusals (403)', () => {
  it('refuses municipality staff uploading for another town', async () => {
    const res = await upload(HOKUEI, GOOD_CASES, { municipality: '312011', dataset: 'cases' });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({
      code: 'forbidden_municipality',
      message: expect.stringMatching(JAPANESE),
    });
  });

  it('refuses every upload from the 推進チーム', async () => {
    const res = await upload(TEAM, GOOD_CASES, { dataset: 'cases', municipality: '313726' });
    expect(res.status).toBe(403);
  });

  it("refuses municipality staff uploading the prefecture's datasets", async () => {
    const res = await upload(HOKUEI, 'x', { dataset: 'implementation' });
    expect(res.status).toBe(403);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await upload(HOKUEI, `${HEADER}\r\n${'x'.repeat(400 * 1024)}`, { dataset: 'cases' });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(JAPANESE);
  });

  it('asks for the file when none is sent', async () => {
    const form = new FormData();
    form.set('dataset', 'cases');
    const res = await demo.app.request('/api/uploads', {
      method: 'POST',
      body: form,
      headers: demo.bearer(HOKUEI),
    });
    expect(res.status).toBe(400);
  });
});

describe('uploads', () => {
  it('rejects a bad file with a report naming each problem in Japanese, and changes nothing', async () => {
    const before = await hokueiFy2022();
    const bad = [HEADER, '313726,2022,T-001,きのう,本人,40〜49歳,1,介護,支援中,'].join('\r\n');
    const res = await upload(HOKUEI, bad, { dataset: 'cases' }, '相談ケース_不備.csv');
    expect(res.status).toBe(422);
    const report = (await res.json()).data;
    expect(report.status).toBe('rejected');
    expect(report.errors.length).toBeGreaterThan(0);
    for (const problem of report.errors) expect(problem.message).toMatch(JAPANESE);
    expect(report.errors[0]).toMatchObject({ row: expect.any(Number), column: '受付日', value: 'きのう' });
    expect(report.summary).toMatch(JAPANESE);

    const history = await demo.app.request(`/api/uploads/${report.upload_id}`, {
      headers: demo.bearer(HOKUEI),
    });
    expect((await history.json()).data.status).toBe('rejected');
    expect(await hokueiFy2022()).toEqual(before);
  });

  it('accepts a good file: the numbers change and data_version bumps; the upload is audited', async () => {
    const before = await hokueiFy2022();
    expect(before.persons).toBe(41);
    const res = await upload(HOKUEI, GOOD_CASES, { dataset: 'cases' }, '相談ケース_令和4年度_差し替え.csv');
    expect(res.status).toBe(201);
    // Before anyone asks for a figure, the new version's grid is built and stored.
    const { version } = JSON.parse(
      await readFile(path.join(demo.dataDir, 'state', 'data-version.json'), 'utf8'),
    );
    const stored = path.join(demo.dataDir, 'published', 'grid', `${version}.grid.gz`);
    await expect
      .poll(
        () =>
          access(stored).then(
            () => true,
            () => false,
          ),
        { timeout: 60_000 },
      )
      .toBe(true);
    const report = (await res.json()).data;
    expect(report).toMatchObject({
      status: 'accepted',
      rows: 3,
      municipality_code: '313726',
      uploader: HOKUEI,
    });

    // What it replaced: 北栄町's FY2022, 41 cases, now these 3.
    expect(report.diff.partitions[0]).toMatchObject({ removed: 41, added: 3 });
    expect(report.summary).toContain('相談実人数 41→3');

    const after = await hokueiFy2022();
    expect(after.persons).toBe(3);
    expect(after.dataVersion).not.toBe(before.dataVersion);

    const audit = await demo.app.request('/api/audit?action=upload', { headers: demo.bearer(PREF) });
    expect((await audit.json()).data[0]).toMatchObject({
      login: HOKUEI,
      action: 'upload',
      target: report.upload_id,
    });
  });
});

describe('Excel and the upload page', () => {
  const get = (path: string, login = HOKUEI) => demo.app.request(path, { headers: demo.bearer(login) });

  it('serves the .xlsx template, and takes it back filled: accepted, encoding xlsx, with its diff', async () => {
    const res = await get('/api/templates/cases.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const row: Record<string, ExcelJS.CellValue> = {
      市町村コード: 313726,
      年度: 2022,
      ケースID: 'X-1',
      受付日: new Date(Date.UTC(2022, 4, 1)),
      相談経路: '本人',
      年齢階級: '40〜49歳',
      課題: '介護',
    };
    headers.forEach((h, i) => {
      if (row[h] !== undefined) sheet.getCell(2, i + 1).value = row[h] as ExcelJS.CellValue;
    });
    const form = new FormData();
    form.set('file', new File([await wb.xlsx.writeBuffer()], '相談ケース.xlsx'));
    const up = await demo.app.request('/api/uploads', {
      method: 'POST',
      body: form,
      headers: demo.bearer(HOKUEI),
    });
    const report = (await up.json()).data;
    expect(report.errors).toEqual([]);
    expect(up.status).toBe(201);
    expect(report).toMatchObject({ status: 'accepted', encoding: 'xlsx', dataset: 'cases', rows: 1 });
    expect(report.diff.partitions[0].figures[0]).toMatchObject({ label: '相談実人数', after: 1 });
    const one = (await (await get(`/api/uploads/${report.upload_id}`)).json()).data;
    expect(one.diff).toEqual(report.diff);
  });

  it('links the data contract and both templates, and shows upload times in JST', async () => {
    const html = await (await get('/upload')).text();
    expect(html).toContain('href="/upload/contract"');
    expect(html).toContain('href="/api/templates/cases.xlsx"');
    expect(html).toContain('href="/api/templates/cases"');
    expect(html).toContain('データ別の前回の提出');
    // Uploads above were made now: their JST date is today's in Tokyo.
    const tokyo = new Date(Date.now() + 9 * 3600_000);
    expect(html).toContain(`${tokyo.getUTCFullYear()}年${tokyo.getUTCMonth() + 1}月${tokyo.getUTCDate()}日`);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const contract = await (await get('/upload/contract')).text();
    expect(contract).toContain('相談経路');
    expect(contract).toContain('関係機関');
  });

  it('serves the history block alone, for the page to refresh after an upload', async () => {
    const res = await get('/upload/history');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<section id="upload-history"/);
    expect(html).toContain('相談ケース.xlsx');
    expect((await get('/upload/history', TEAM)).status).toBe(403);
  });
});
