import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp, HOKUEI, PREF, TEAM } from './demo-app';

/**
 * Over HTTP on the demo data: GET /api/indicators/outcomes (JSON and CSV,
 * 秘匿 for those not entitled), and an upload whose 相談件数 column is asked
 * about, answered on the form, and remembered on the upload page.
 */
let demo: DemoApp;

beforeAll(async () => {
  demo = await createDemoApp({ maxUploadBytes: 256 * 1024 });
}, 240_000);

afterAll(async () => {
  await demo?.cleanup();
});

const get = (path: string, login: string) => demo.app.request(path, { headers: demo.bearer(login) });

describe('GET /api/indicators/outcomes', () => {
  it('gives every level to the prefecture and hides other towns’ small counts from a town, in JSON and CSV', async () => {
    const pref = await (await get('/api/indicators/outcomes', PREF)).json();
    expect(pref.meta.indicator).toBe('outcomes');
    expect(new Set(pref.data.map((r: { level: string }) => r.level))).toEqual(
      new Set(['municipality', 'region', 'prefecture']),
    );
    const town = await (await get('/api/indicators/outcomes', HOKUEI)).json();
    expect(town.meta.suppression.applied).toBe(true);
    const hidden = town.data.filter((r: { suppressed: string[] }) => r.suppressed.length > 0);
    expect(hidden.length).toBeGreaterThan(0);
    for (const r of town.data) if (r.municipality_code === '313726') expect(r.suppressed).toEqual([]);

    const csv = await get('/api/indicators/outcomes?format=csv', TEAM);
    expect(csv.status).toBe(200);
    expect(decodeURIComponent(csv.headers.get('content-disposition') ?? '')).toContain('支援の成果');
    const text = await csv.text();
    const header = text.slice(1).split('\r\n')[0] ?? '';
    for (const label of [
      '終結件数',
      '終結率',
      '支援期間の中央値（日、終結ケース）',
      'アウトリーチ訪問件数（延べ）',
    ])
      expect(header).toContain(label);
    expect(text).toContain('秘匿');
  });
});

describe('the town page', () => {
  it('shows 支援の成果 with its table and CSV link; another town’s small counts read 秘匿', async () => {
    const own = await (await get('/municipalities/313726', HOKUEI)).text();
    expect(own).toContain('id="outcomes-heading"');
    expect(own).toContain('北栄町の支援の成果（年度別）');
    expect(own).toContain('/api/indicators/outcomes?format=csv&amp;municipality=313726');
    // 江府町 as 北栄町's staff: its small 状態 counts are 秘匿 somewhere in its table.
    const other = await (await get('/municipalities/314030', HOKUEI)).text();
    const section = other.slice(
      other.indexOf('id="outcomes-heading"'),
      other.indexOf('id="implementation-heading"'),
    );
    expect(section).toContain('江府町の支援の成果（年度別）');
    expect(section).toMatch(/>秘匿</);
  });
});

const ACTIVITIES = [
  '市町村コード,年月,新規相談者数,相談件数,支援会議開催回数,検討ケース数',
  '313726,2025-04,3,31,2,4',
  '313726,2025-05,2,27,1,3',
].join('\r\n');

function uploadActivities(headers: string[] = []) {
  const form = new FormData();
  form.set('file', new File([`\uFEFF${ACTIVITIES}`], 'activities.csv', { type: 'text/csv' }));
  form.set('dataset', 'activities');
  for (const h of headers) form.append('header', h);
  return demo.app.request('/api/uploads', { method: 'POST', body: form, headers: demo.bearer(HOKUEI) });
}

describe('an upload with a 相談件数 column', () => {
  it('is asked about (422, the choices in data.questions), not read as 延べ', async () => {
    const res = await uploadActivities();
    expect(res.status).toBe(422);
    const { data } = await res.json();
    expect(data.errors.map((e: { code: string }) => e.code)).toEqual(['ambiguous_header']);
    expect(data.questions).toHaveLength(1);
    expect(data.questions[0].column).toBe('相談件数');
    expect(data.questions[0].choices.map((c: { value: string }) => c.value)).toEqual([
      '相談件数=contacts',
      '相談件数=new_persons',
      '相談件数=persons',
    ]);
    // Nothing remembered while the question is open: the page offers no choice made.
    const page = await (await get('/upload', HOKUEI)).text();
    expect(page).toContain('id="header-choices"');
    expect(page).not.toContain('この市町村の前回の指定');
  });

  it('refuses an answer it cannot read (400)', async () => {
    const res = await uploadActivities(['相談件数=たくさん']);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_parameter');
  });

  it('with the choice sent on the form it ingests, and the upload page keeps the town’s choice', async () => {
    const res = await uploadActivities(['相談件数=contacts', '']);
    const { data } = await res.json();
    expect(res.status, JSON.stringify(data.errors)).toBe(201);
    expect(data.warnings.map((w: { code: string }) => w.code)).toContain('header_answered');
    const page = await (await get('/upload', HOKUEI)).text();
    expect(page).toMatch(/<option value="相談件数=contacts" selected="">[^<]*（この市町村の前回の指定）/);
  });
});
