import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp, PREF, TEAM, TOTTORI } from './demo-app';

/**
 * Issue 11, case 5: the upload history must not give a viewer who is not
 * entitled to a town's exact figures what the indicators hide. A 2-row
 * upload for 江府町 is a count of 2 (秘匿 in every indicator); its report
 * (rows, per-year rows, cell values) is shown only to those who see 江府町
 * exactly: the prefecture and 江府町's own staff.
 */
let demo: DemoApp;
const KOFU = '314030';
const KOFU_STAFF = `municipality-${KOFU}`;
const SECRET_ID = 'KOFU-SECRET-7';
const HEADER = '市町村コード,年度,ケースID,受付日,相談経路,年齢階級,世帯人員,課題,状態,終結日';
const TWO_ROWS = [
  HEADER,
  `${KOFU},2024,${SECRET_ID},2024-05-01,本人,75歳以上,1,認知症,支援中,`,
  `${KOFU},2024,KOFU-SECRET-8,2024-06-01,本人,75歳以上,1,認知症,支援中,`,
].join('\r\n');
const BAD_CELL = 'きのう-KOFU-SECRET';
const REJECTED = [HEADER, `${KOFU},2024,KOFU-SECRET-9,${BAD_CELL},本人,75歳以上,1,認知症,支援中,`].join(
  '\r\n',
);
// A re-upload: one more case and one changed, so its diff holds figures (2→3).
const THREE_ROWS = [
  HEADER,
  `${KOFU},2024,${SECRET_ID},2024-05-01,本人,75歳以上,1,認知症,終結,2024-09-01`,
  `${KOFU},2024,KOFU-SECRET-8,2024-06-01,本人,75歳以上,1,認知症,支援中,`,
  `${KOFU},2024,KOFU-SECRET-10,2024-07-01,家族,75歳以上,2,認知症,支援中,`,
].join('\r\n');
let acceptedId: string;
let rejectedId: string;
let reuploadId: string;

function upload(login: string, csv: string, fileName: string) {
  const form = new FormData();
  form.set('file', new File([`\uFEFF${csv}`], fileName, { type: 'text/csv' }));
  form.set('dataset', 'cases');
  form.set('municipality', KOFU);
  return demo.app.request('/api/uploads', { method: 'POST', body: form, headers: demo.bearer(login) });
}

const get = (path: string, login: string) => demo.app.request(path, { headers: demo.bearer(login) });

/** Anything in a text that would tell the count or a cell of the 2-row upload. */
function expectNothingRevealed(text: string): void {
  expect(text).not.toMatch(/"rows":\s*2\b/);
  expect(text).not.toMatch(/(?<![0-9,])2行/);
  expect(text).not.toContain('KOFU-SECRET');
  expect(text).not.toContain('fiscal_year=2024');
  // The diff of a re-upload: its figures before and after, and its row counts.
  expect(text).not.toContain('"diff"');
  expect(text).not.toContain('相談実人数');
  expect(text).not.toMatch(/\d→\d/);
  expect(text).not.toMatch(/\d件(追加|削除|変更)/);
}

beforeAll(async () => {
  demo = await createDemoApp();
  const accepted = await upload(PREF, TWO_ROWS, '江府町_相談ケース.csv');
  expect(accepted.status).toBe(201);
  acceptedId = (await accepted.json()).data.upload_id;
  const rejected = await upload(PREF, REJECTED, '江府町_相談ケース_不備.csv');
  expect(rejected.status).toBe(422);
  rejectedId = (await rejected.json()).data.upload_id;
  const reupload = await upload(PREF, THREE_ROWS, '江府町_相談ケース_再提出.csv');
  expect(reupload.status).toBe(201);
  reuploadId = (await reupload.json()).data.upload_id;
}, 240_000);

afterAll(async () => {
  await demo?.cleanup();
});

describe('upload history scoped by entitlement (issue 11, case 5)', () => {
  it('as the 推進チーム, a 2-row upload for 江府町 reveals no row count, per-year count or cell value through /api/uploads', async () => {
    const res = await get(`/api/uploads?municipality=${KOFU}`, TEAM);
    expect(res.status).toBe(200);
    const text = await res.text();
    expectNothingRevealed(text);
    const entries = JSON.parse(text).data as Record<string, unknown>[];
    // At most the town, dataset, status and date.
    expect(entries.map((e) => e.status)).toEqual(expect.arrayContaining(['accepted', 'rejected']));
    for (const entry of entries)
      expect(Object.keys(entry).sort()).toEqual(['dataset', 'municipality_code', 'status', 'uploaded_at']);

    const unfiltered = await (await get('/api/uploads', TEAM)).text();
    expectNothingRevealed(unfiltered);
  });

  it('as the 推進チーム, one report by id reveals nothing either', async () => {
    for (const id of [acceptedId, rejectedId, reuploadId]) {
      const res = await get(`/api/uploads/${id}`, TEAM);
      expectNothingRevealed(await res.text());
    }
  });

  it('as the 推進チーム, no page reveals the count or a cell', async () => {
    for (const path of [
      '/submissions',
      `/uploads/${acceptedId}`,
      `/uploads/${rejectedId}`,
      `/uploads/${reuploadId}`,
      '/upload',
    ]) {
      const res = await get(path, TEAM);
      expectNothingRevealed(await res.text());
    }
  });

  it('as another town, 江府町 uploads are not listed in full', async () => {
    const text = await (await get('/api/uploads', TOTTORI)).text();
    expect(text).not.toContain('KOFU-SECRET');
    expect(
      JSON.parse(text).data.filter((r: { municipality_code: string }) => r.municipality_code === KOFU),
    ).toEqual([]);
    expect((await get(`/api/uploads/${acceptedId}`, TOTTORI)).status).toBe(403);
    const reupload = await get(`/api/uploads/${reuploadId}`, TOTTORI);
    expect(reupload.status).toBe(403);
    expectNothingRevealed(await reupload.text());
    // 鳥取市's own pages show its own diffs; none of 江府町's re-upload.
    for (const path of ['/upload', '/submissions', `/uploads/${reuploadId}`]) {
      const page = await (await get(path, TOTTORI)).text();
      expect(page).not.toContain('KOFU-SECRET');
      expect(page).not.toContain('江府町_相談ケース');
      expect(page).not.toMatch(/相談実人数 2→3/);
    }
  });

  it('the prefecture and 江府町 itself see the re-upload’s diff, in the report and the history', async () => {
    for (const login of [PREF, KOFU_STAFF]) {
      const one = (await (await get(`/api/uploads/${reuploadId}`, login)).json()).data;
      expect(one.diff.partitions[0]).toMatchObject({ added: 1, removed: 0, changed: 1 });
      expect(one.diff.partitions[0].figures).toContainEqual({
        id: 'persons',
        label: '相談実人数',
        before: 2,
        after: 3,
      });
      expect(one.summary).toContain('相談実人数 2→3');
      const list = (await (await get(`/api/uploads?municipality=${KOFU}`, login)).json()).data;
      expect(list.find((r: { upload_id: string }) => r.upload_id === reuploadId).diff).toBeDefined();
    }
  });

  it('the prefecture and 江府町 itself still see the full report', async () => {
    for (const login of [PREF, KOFU_STAFF]) {
      const list = (await (await get(`/api/uploads?municipality=${KOFU}`, login)).json()).data;
      expect(list.find((r: { upload_id: string }) => r.upload_id === acceptedId)).toMatchObject({ rows: 2 });
      const one = (await (await get(`/api/uploads/${rejectedId}`, login)).json()).data;
      expect(one.errors[0].value).toBe(BAD_CELL);
    }
  });
});
