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

const page = async (path: string, login: string) => {
  const res = await d.app.request(path, { headers: d.bearer(login) });
  expect(res.status).toBe(200);
  return res.text();
};

/** Each town row of the table: its id and its cells' states and month strips. */
function townRows(html: string) {
  const table = html.slice(html.indexOf('class="submissions-table"'));
  return [...table.matchAll(/<tr id="town-(\d{6})">(.*?)<\/tr>/gs)].map(([, code, row]) => ({
    code: code as string,
    row: row as string,
    cells: [
      ...(row as string).matchAll(
        /<td class="submission submission-(\w+)[^"]*" data-state="\w+">(.*?)<\/td>/gs,
      ),
    ].map(([, state, cell]) => ({
      state: state as string,
      text: (cell as string).match(/<span class="submission-state">(.*?)<\/span>/)?.[1] ?? '',
      months: ((cell as string).match(/<li class="ms ms-/g) ?? []).length,
    })),
  }));
}

/** The years the demo's 実施状況 covers, and each town's status then (not hard-coded: the demo may change). */
async function implementation() {
  const res = await d.app.request('/api/indicators/implementation', { headers: d.bearer(PREF) });
  const rows = ((await res.json()) as { data: Record<string, unknown>[] }).data;
  return rows.filter((r) => r.level === 'municipality');
}

describe('データ提出状況 (/submissions) on the demo data', () => {
  it('gives every town × dataset one of 提出済／未提出／対象外 and a 12-month strip, and never lists 鳥取県 as a town', async () => {
    const html = await page('/submissions', PREF);
    const rows = townRows(html);
    expect(rows.map((r) => r.code).sort()).toEqual(MUNICIPALITIES.map((m) => m.code).sort());
    for (const r of rows) {
      expect(r.cells).toHaveLength(5);
      for (const c of r.cells) {
        expect(['submitted', 'missing', 'not_expected']).toContain(c.state);
        expect(c.text).toMatch(/^(提出済|未提出（期限超過 \d+日）|未提出（期限 \d+月\d+日）|対象外)$/);
        expect(c.months).toBe(12);
      }
    }
    expect(html).not.toContain('id="town-310000"');
    const late = html.slice(html.indexOf('id="late-heading"'), html.indexOf('id="matrix-heading"'));
    expect(late).not.toContain('鳥取県');
    expect(html).not.toContain('更新が必要');
  });

  it('expects cases and tallies from the towns 実施 that year, and none from the others', async () => {
    const rows = await implementation();
    const years = [...new Set(rows.map((r) => r.fiscal_year as number))].sort();
    const fy = years.at(-1) as number;
    const html = await page(`/submissions?fiscal_year=${fy}`, PREF);
    const towns = townRows(html);
    for (const r of rows.filter((x) => x.fiscal_year === fy)) {
      const town = towns.find((t) => t.code === r.municipality_code);
      const [cases, activities] = town?.cells ?? [];
      if (r.status === 'implementing') {
        expect(cases?.state).not.toBe('not_expected');
        expect(activities?.state).not.toBe('not_expected');
      } else {
        expect(cases?.state).toBe('not_expected');
        expect(activities?.state).toBe('not_expected');
      }
    }
    // The demo delivers each finished year in April after it: a year before the latest is complete.
    const older = townRows(await page(`/submissions?fiscal_year=${fy - 1}`, PREF));
    const implementing = rows.filter((x) => x.fiscal_year === fy - 1 && x.status === 'implementing');
    expect(implementing.length).toBeGreaterThan(0);
    for (const r of implementing) {
      const activities = older.find((t) => t.code === r.municipality_code)?.cells[1];
      expect(activities?.state).toBe('submitted');
    }
  });

  it('shows the prefecture’s own datasets apart, as the prefecture’s', async () => {
    const html = await page('/submissions', PREF);
    const section = html.slice(html.indexOf('id="prefecture-heading"'), html.indexOf('id="matrix-heading"'));
    expect(section).toContain('実施状況');
    expect(section).toContain('人口');
    expect((await page('/submissions', TEAM)).includes('id="prefecture-heading"')).toBe(true);
  });

  it('shows municipal staff their own town only, with no population or 実施状況 to send', async () => {
    const html = await page('/submissions', HOKUEI);
    const rows = townRows(html);
    expect(rows.map((r) => r.code)).toEqual(['313726']);
    expect(rows[0]?.cells).toHaveLength(3);
    expect(html).not.toContain('id="prefecture-heading"');
    const table = html.slice(html.indexOf('class="submissions-table"'));
    expect(table).not.toMatch(/<th scope="col">人口<\/th>/);
    expect(table).not.toMatch(/<th scope="col">実施状況<\/th>/);
    expect(html).not.toContain('更新が必要');
    // Nothing about population reads as a warning.
    expect(html).not.toMatch(/人口[^<]*(期限超過|未提出|未登録)/);
  });

  it('downloads the table as CSV: one row per town × dataset with its twelve months', async () => {
    const res = await d.app.request('/submissions?format=csv', { headers: d.bearer(PREF) });
    expect(res.status).toBe(200);
    const lines = new TextDecoder()
      .decode(await res.arrayBuffer())
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toContain('状況');
    expect(lines[0]).toContain('4月');
    expect(lines[0]).toContain('3月');
    expect(lines.slice(1)).toHaveLength(19 * 5);
    for (const line of lines.slice(1))
      expect(line).toMatch(/,(提出済|未提出（期限超過 \d+日）|未提出（期限 \d+月\d+日）|対象外),/);
    expect(lines.some((l) => l.includes('鳥取県'))).toBe(false);
    const own = await d.app.request('/submissions?format=csv', { headers: d.bearer(HOKUEI) });
    const ownLines = new TextDecoder()
      .decode(await own.arrayBuffer())
      .trimEnd()
      .split('\r\n');
    expect(ownLines.slice(1)).toHaveLength(3);
    expect(ownLines.some((l) => l.includes('人口'))).toBe(false);
  });

  it('moves deadlines with SUBMISSION_DUE_DAY', async () => {
    const rows = await implementation();
    const fy = Math.max(...rows.map((r) => r.fiscal_year as number));
    const html = await page(`/submissions?fiscal_year=${fy}`, PREF);
    expect(html).toContain(`翌月${d.deps.config.submissionDueDay}日まで`);
  });
});
