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
    const report = (await res.json()).data;
    expect(report).toMatchObject({
      status: 'accepted',
      rows: 3,
      municipality_code: '313726',
      uploader: HOKUEI,
    });

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
