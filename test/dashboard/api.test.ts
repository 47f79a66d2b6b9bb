import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCIES_GROUP, referralGroups } from '../../dashboard/pages/referral-view';
import { createDemoApp, type DemoApp, HOKUEI, PREF, TEAM, TOTTORI } from './demo-app';

/**
 * The JSON API over HTTP (app.request) on a real app: demo data ingested
 * through the real ingest, DuckDB indicators, local accounts.
 */
let demo: DemoApp;

beforeAll(async () => {
  demo = await createDemoApp();
}, 240_000);

afterAll(async () => {
  await demo?.cleanup();
});

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

async function get(path: string, login?: string) {
  const res = await demo.app.request(path, { headers: login ? demo.bearer(login) : {} });
  const bytes = new Uint8Array(await res.arrayBuffer());
  // Decode without stripping a BOM, so tests can see it.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { res, text, json: () => JSON.parse(text) };
}

type Row = Record<string, unknown>;
const rowsOf = (body: { data: Row[] }, where: (r: Row) => boolean) => body.data.filter(where);

describe('authentication', () => {
  it('answers 401 in Japanese without a token, for every API route', async () => {
    for (const path of [
      '/api/indicators/consultations',
      '/api/uploads',
      '/api/templates/cases',
      '/api/audit',
      '/api/visit-log',
      '/api/me',
      '/api/summary',
      '/api/coverage',
    ]) {
      const { res, json } = await get(path);
      expect(res.status, path).toBe(401);
      expect(json().error.message).toMatch(JAPANESE);
    }
  });

  it('answers 401 to an invalid or malformed bearer token', async () => {
    for (const header of ['Bearer jm_not-a-token', 'Basic abc', 'Bearer']) {
      const res = await demo.app.request('/api/indicators/consultations', {
        headers: { Authorization: header },
      });
      expect(res.status, header).toBe(401);
      expect((await res.json()).error.code).toBe('invalid_token');
    }
  });

  it('redirects anonymous page views to the sign-in form', async () => {
    const res = await demo.app.request('/municipalities/313726');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fmunicipalities%2F313726');
  });

  it('needs no sign-in for /healthz', async () => {
    const { res } = await get('/healthz');
    expect(res.status).toBe(200);
  });

  it('tells a program who it is', async () => {
    const { json } = await get('/api/me', HOKUEI);
    expect(json().data).toEqual({ login: HOKUEI, role: 'municipality', municipality_code: '313726' });
  });
});

describe('summary and coverage', () => {
  it('gives the headline year, its coverage and the cards; coverage per town and year', async () => {
    const summary = (await get('/api/summary', PREF)).json();
    expect(summary.data.fiscal_year).toBe(2025);
    expect(summary.data.coverage).toMatchObject({ reporting: 9 });
    expect(summary.data.cards.map((c: Row) => c.id)).toEqual(['persons', 'contacts', 'support_meetings']);
    expect(summary.meta.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const coverage = (await get('/api/coverage', TEAM)).json();
    expect(
      coverage.data.find((c: Row) => c.municipality_code === '313726' && c.fiscal_year === 2025),
    ).toMatchObject({
      months_reported: 12,
      partial: false,
      expected: true,
      reported: true,
    });
  });
});

describe('indicators', () => {
  it.each(['consultations', 'issues', 'visits', 'implementation', 'benchmark'])(
    '%s answers {data, meta} for every role',
    async (id) => {
      for (const login of [PREF, TEAM, HOKUEI]) {
        const { res, json } = await get(`/api/indicators/${id}`, login);
        expect(res.status, `${id} as ${login}`).toBe(200);
        const body = json();
        expect(Array.isArray(body.data)).toBe(true);
        expect(body.data.length).toBeGreaterThan(0);
        expect(body.meta).toMatchObject({ indicator: id, data_version: expect.any(String) });
        expect(body.meta).toHaveProperty('as_of');
        expect(body.meta.suppression).toMatchObject({ k: 3, applied: expect.any(Boolean) });
      }
    },
  );

  it("gives the seed's figures for 北栄町 FY2022: 41 persons, 245 contacts, 51 support meetings", async () => {
    const { json } = await get('/api/indicators/consultations?municipality=313726&fiscal_year=2022', HOKUEI);
    const [row] = rowsOf(json(), (r) => r.level === 'municipality' && r.municipality_code === '313726');
    expect(row).toMatchObject({ fiscal_year: 2022, persons: 41, contacts: 245, support_meetings: 51 });
  });

  it("gives the briefing's figures: 北栄町 April–September FY2023 through a month window, FY2021–22 whole, 米子市 FY2022", async () => {
    const town = (body: { data: Row[] }, code: string) =>
      rowsOf(body, (r) => r.level === 'municipality' && r.municipality_code === code)[0];
    const window = '/api/indicators/consultations?municipality=313726&from_month=2023-04&to_month=2023-09';
    for (const login of [PREF, HOKUEI]) {
      const body = (await get(window, login)).json();
      expect(town(body, '313726'), login).toMatchObject({
        fiscal_year: 2023,
        persons: 21,
        contacts: 155,
        support_meetings: 22,
        months_reported: 6,
        partial: false,
      });
      expect(body.meta.filters).toMatchObject({ from_month: '2023-04', to_month: '2023-09' });
      expect(body.meta.as_of).toBe('2023-09-01');
      // Only the months inside the window are listed.
      const months = rowsOf(body, (r) => r.level === 'month').map((r) => String(r.month).slice(0, 7));
      expect(months).toEqual(['2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09']);
    }
    // Part-year figures are a town's detail: withheld from the 推進チーム like its months.
    const teamRow = town((await get(window, TEAM)).json(), '313726');
    expect([teamRow?.persons, teamRow?.contacts]).toEqual([null, null]);
    expect(teamRow?.suppressed).toContain('persons');

    const whole = (
      await get('/api/indicators/consultations?municipality=313726&from=2021&to=2022', PREF)
    ).json();
    const byFy = (fy: number) =>
      rowsOf(whole, (r) => r.level === 'municipality' && r.fiscal_year === fy)[0] as Row;
    expect(byFy(2021)).toMatchObject({ persons: 20, contacts: 159, support_meetings: 33 });
    expect(byFy(2022)).toMatchObject({ persons: 41, contacts: 245, support_meetings: 51 });
    const yonago = town((await get('/api/indicators/consultations?fiscal_year=2022', PREF)).json(), '312029');
    expect(yonago).toMatchObject({ contacts: 499, juso_meetings: 27, meeting_cases: 44 });
  });

  it("shows 北栄町's 相談経路 as the briefing does: 関係機関 ≥ 90% in FY2021–FY2023", async () => {
    const body = (await get('/api/indicators/issues?municipality=313726', HOKUEI)).json();
    const own = rowsOf(body, (r) => r.level === 'municipality' && r.area_code === '313726');
    for (const fy of [2021, 2022, 2023]) {
      const { n, groups } = referralGroups(own as never, fy);
      const agencies = groups.find((g) => g.code === AGENCIES_GROUP)?.count ?? 0;
      expect(agencies / (n ?? 1), `FY${fy}`).toBeGreaterThanOrEqual(0.9);
    }
    const page = await demo.app.request('/municipalities/313726', { headers: demo.bearer(HOKUEI) });
    expect(await page.text()).toMatch(/人（9\d\.\d%）が関係機関からの相談/);
  });

  it('gives one area level when asked (level=…): the same rows as the whole answer holds at that level, for every class', async () => {
    for (const login of [PREF, TEAM, HOKUEI])
      for (const id of ['issues', 'consultations', 'visits', 'implementation'])
        for (const level of ['prefecture', 'region', 'municipality']) {
          const whole = (await get(`/api/indicators/${id}?from=2021&to=2024`, login)).json();
          const one = (await get(`/api/indicators/${id}?from=2021&to=2024&level=${level}`, login)).json();
          const expected = rowsOf(whole, (r) => r.level === level);
          expect(one.data, `${login} ${id} ${level}`).toEqual(expected);
          expect(one.meta.filters.level).toBe(level);
        }
    const bad = await get('/api/indicators/issues?level=town', PREF);
    expect(bad.res.status).toBe(400);
    expect(bad.json().error.message).toMatch(
      /level は prefecture（県）・region（圏域）・municipality（市町村）/,
    );
  });

  it('refuses a month window across fiscal years or on another indicator, in Japanese', async () => {
    const across = await get('/api/indicators/consultations?from_month=2023-03&to_month=2023-04', PREF);
    expect(across.res.status).toBe(400);
    expect(across.json().error.message).toMatch(/同じ年度/);
    const bad = await get('/api/indicators/consultations?from_month=2023-4', PREF);
    expect(bad.res.status).toBe(400);
    expect(bad.json().error.message).toContain('from_month');
    const other = await get('/api/indicators/issues?from_month=2023-04', PREF);
    expect(other.res.status).toBe(400);
    expect(other.json().error.code).toBe('month_window_unsupported');
  });

  it('gives every town that reported FY2025 a peer value for FY2025 (peers chosen among reporting towns)', async () => {
    const body = (await get('/api/indicators/benchmark?fiscal_year=2025', PREF)).json();
    const towns = rowsOf(body, (r) => r.level === 'municipality' && r.metric === 'persons');
    expect(towns.length).toBeGreaterThan(1);
    for (const r of towns) {
      expect(r.peer_value, String(r.municipality_code)).not.toBeNull();
      const peers = [r.peer1_code, r.peer2_code, r.peer3_code].filter(Boolean);
      // Every named peer reported that year.
      for (const p of peers) expect(towns.some((t) => t.municipality_code === p)).toBe(true);
    }
  });

  it('answers 304 to a matching ETag and gzip to clients that accept it, with the same content', async () => {
    const path = '/api/indicators/implementation';
    const plain = await demo.app.request(path, { headers: demo.bearer(TEAM) });
    const etag = plain.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await demo.app.request(path, { headers: { ...demo.bearer(TEAM), 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const zipped = await demo.app.request(path, {
      headers: { ...demo.bearer(TEAM), 'Accept-Encoding': 'gzip' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const unzipped = gunzipSync(new Uint8Array(await zipped.arrayBuffer())).toString('utf8');
    expect(JSON.parse(unzipped)).toEqual(await plain.json());
    // Another viewer class has its own answer where suppression differs, never this one's
    // (実施状況 is the same for everyone, so that comparison is made on 相談件数推移).
    const counts = '/api/indicators/consultations';
    const teamTag =
      (await demo.app.request(counts, { headers: demo.bearer(TEAM) })).headers.get('etag') ?? '';
    const other = await demo.app.request(counts, {
      headers: { ...demo.bearer(PREF), 'If-None-Match': teamTag },
    });
    expect(other.status).toBe(200);
  });

  it('shows a municipality its own town exactly and other towns suppressed', async () => {
    const { json } = await get('/api/indicators/consultations', HOKUEI);
    const body = json();
    const municipal = rowsOf(body, (r) => r.level === 'municipality');
    const own = municipal.filter((r) => r.municipality_code === '313726');
    const others = municipal.filter((r) => r.municipality_code !== '313726');
    expect(own.length).toBeGreaterThan(0);
    for (const r of own) expect(r.suppressed ?? []).toEqual([]);
    const hidden = others.filter((r) => Array.isArray(r.suppressed) && r.suppressed.length > 0);
    expect(hidden.length).toBeGreaterThan(0);
    for (const r of hidden) for (const field of r.suppressed as string[]) expect(r[field]).toBeNull();
    expect(body.meta.suppression.applied).toBe(true);
  });

  it('shows the prefecture everything exactly', async () => {
    const { json } = await get('/api/indicators/consultations', PREF);
    const body = json();
    expect(body.meta.suppression.applied).toBe(false);
    for (const r of body.data as Row[]) expect(r.suppressed ?? []).toEqual([]);
  });

  it.each([
    ['fiscal_year=R4', 'fiscal_year'],
    ['fiscal_year=20x2', 'fiscal_year'],
    ['from=2024&to=2022', 'from'],
    ['municipality=999999', 'municipality'],
    ['colour=red', 'colour'],
    ['format=xlsx', 'format'],
  ])('refuses ?%s with 400 and a Japanese message', async (query, name) => {
    const { res, json } = await get(`/api/indicators/consultations?${query}`, PREF);
    expect(res.status).toBe(400);
    const { error } = json();
    expect(error.code).toMatch(/^[a-z_]+$/);
    expect(error.message).toMatch(JAPANESE);
    expect(error.message).toContain(name);
  });

  it('answers 404 for an unknown indicator or path, as JSON under /api and HTML elsewhere', async () => {
    const indicator = await get('/api/indicators/happiness', PREF);
    expect(indicator.res.status).toBe(404);
    expect(indicator.json().error.code).toBe('unknown_indicator');
    const api = await get('/api/nothing-here', PREF);
    expect(api.res.status).toBe(404);
    expect(api.json().error.message).toMatch(JAPANESE);
    const page = await get('/no-such-page', PREF);
    expect(page.res.status).toBe(404);
    expect(page.res.headers.get('content-type')).toContain('text/html');
  });

  it('exports CSV with a BOM and Japanese headers, suppression marked 秘匿, and audits the export', async () => {
    const { res, text } = await get('/api/indicators/consultations?format=csv', HOKUEI);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="consultations\.csv"; filename\*=UTF-8''/,
    );
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines] = text.slice(1).split('\r\n');
    expect(header).toContain('相談実人数');
    expect(header).toContain('延べ相談件数');
    expect(lines.some((l) => l.includes('秘匿'))).toBe(true);

    const audit = await get('/api/audit?action=export', PREF);
    expect(audit.json().data[0]).toMatchObject({
      login: HOKUEI,
      action: 'export',
      target: 'indicators/consultations',
    });
  });
});

describe('templates', () => {
  it.each([
    ['cases', '受付日'],
    ['activities', '延べ相談件数'],
    ['visits', '自治会'],
    ['implementation', '実施'],
    ['population', '人口'],
  ])('serves the %s template as a UTF-8 CSV with BOM and Japanese headers', async (dataset, header) => {
    const { res, text } = await get(`/api/templates/${dataset}`, HOKUEI);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain(header);
  });

  it('answers 404 for an unknown dataset', async () => {
    const { res } = await get('/api/templates/people', HOKUEI);
    expect(res.status).toBe(404);
  });
});

describe('access rules', () => {
  it('keeps the audit log to the prefecture', async () => {
    expect((await get('/api/audit', HOKUEI)).res.status).toBe(403);
    expect((await get('/api/audit', TEAM)).res.status).toBe(403);
    expect((await get('/api/audit', PREF)).res.status).toBe(200);
  });

  it('keeps the visit log to the prefecture and the 推進チーム', async () => {
    expect((await get('/api/visit-log', HOKUEI)).res.status).toBe(403);
    expect((await get('/api/visit-log', TEAM)).res.status).toBe(200);
  });

  it('shows municipality staff only their own upload history', async () => {
    const own = (await get('/api/uploads?limit=1000', HOKUEI)).json();
    expect(own.data.length).toBeGreaterThan(0);
    for (const r of own.data) expect(r.municipality_code).toBe('313726');
    expect((await get('/api/uploads?municipality=312011', HOKUEI)).res.status).toBe(403);

    const all = (await get('/api/uploads?limit=1000', PREF)).json();
    expect(new Set(all.data.map((r: Row) => r.municipality_code)).size).toBeGreaterThan(2);
    const tottori = all.data.find((r: Row) => r.municipality_code === '312011');
    expect((await get(`/api/uploads/${tottori.upload_id}`, HOKUEI)).res.status).toBe(403);
    expect((await get(`/api/uploads/${tottori.upload_id}`, TOTTORI)).res.status).toBe(200);
    expect((await get('/api/uploads/20200101T000000000Z-000000000000', PREF)).res.status).toBe(404);
  });
});
