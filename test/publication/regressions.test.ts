import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { ingestUpload } from '../../src/ingest/ingest';
import type { IndicatorId, Row } from '../../src/query/types';
import { localStores } from '../../src/storage/stores';
import { useDemoService } from './demo-service';

/**
 * The four ways an outside reader undid 秘匿 (issue: "Disclosure control
 * that holds against a determined reader"), each as the reader would try
 * it through what the service answers. Each failed on the code before the
 * published grid (src/publication/).
 */
const HOKUEI = '313726';
const TOTTORI = '312011';
const team: Viewer = { role: 'promotion_team', login: 'reader-team' };
const town = (code: string): Viewer => ({
  role: 'municipality',
  municipalityCode: code,
  login: `reader-${code}`,
});
const YEARS = [2021, 2022, 2023, 2024, 2025];

const demo = useDemoService();

const get = async (id: IndicatorId, viewer: Viewer, filters = {}) =>
  (await demo.service.get(id, filters, viewer)).data;
const hidden = (row: Row, field: string) => Array.isArray(row.suppressed) && row.suppressed.includes(field);

describe('disclosure regressions', () => {
  it('1. 課題と特性 lists every category of every table, so a listed row says nothing about its count', async () => {
    for (const viewer of [team, town(TOTTORI)]) {
      const rows = await get('issues', viewer);
      const tables = new Map<string, Set<string>>();
      for (const r of rows) {
        const key = `${r.level}|${r.area_code}|${r.fiscal_year}`;
        const set = tables.get(key) ?? new Set<string>();
        set.add(`${r.dimension}|${r.category}`);
        tables.set(key, set);
      }
      const sizes = new Set([...tables.values()].map((s) => s.size));
      expect(sizes.size, `${viewer.login}: every table the same categories`).toBe(1);
      expect(rows.some((r) => r.count === 0)).toBe(true);
    }
  });

  it('2. a window never sums a figure that is hidden in the single years it covers', async () => {
    for (const viewer of [team, town(TOTTORI)]) {
      for (const from of YEARS) {
        for (const to of YEARS.filter((y) => y >= from)) {
          const rows = await get('benchmark', viewer, { from, to });
          const towns = rows.filter((r) => r.level === 'municipality');
          for (const cohort of rows.filter((r) => r.level === 'cohort' && r.value !== null)) {
            const parts = towns.filter(
              (t) =>
                t.metric === cohort.metric &&
                t.years_since_implementation === cohort.years_since_implementation,
            );
            expect(
              parts.filter((p) => hidden(p, 'value')).map((p) => `${p.municipality_code} FY${p.fiscal_year}`),
              `${viewer.login} ${from}-${to} cohort ${cohort.area_code} ${cohort.metric}`,
            ).toEqual([]);
            expect(parts.reduce((s, p) => s + (p.value as number), 0)).toBe(cohort.value);
          }
          const visits = await get('visits', viewer, { from, to });
          for (const total of visits.filter((r) => r.level === 'region' || r.level === 'prefecture')) {
            const members = visits.filter(
              (r) =>
                r.level === 'municipality' && (total.level === 'prefecture' || r.region === total.region),
            );
            for (const field of ['concern_households', 'referrals']) {
              if (total[field] !== null) expect(members.some((m) => hidden(m, field))).toBe(false);
            }
          }
        }
      }
    }
  }, 120_000);

  it('3. a count hidden in 相談件数推移 is hidden in every other indicator too (as 鳥取市)', async () => {
    const viewer = town(TOTTORI);
    const consultations = await get('consultations', viewer);
    const hiddenTown = new Set(
      consultations
        .filter((r) => r.level === 'municipality')
        .flatMap((r) =>
          ['persons', 'contacts', 'support_meetings', 'juso_meetings', 'meeting_cases']
            .filter((f) => hidden(r, f))
            .map((f) => `${r.municipality_code}|${r.fiscal_year}|${f}`),
        ),
    );
    expect(hiddenTown.size).toBeGreaterThan(0);
    const benchmark = await get('benchmark', viewer);
    for (const row of benchmark.filter((r) => r.level === 'municipality')) {
      if (hiddenTown.has(`${row.municipality_code}|${row.fiscal_year}|${row.metric}`))
        expect(row.value, `${row.municipality_code} FY${row.fiscal_year} ${row.metric}`).toBeNull();
    }
    // 先輩事例: no cohort total is shown while one of its towns' figures is hidden.
    for (const cohort of benchmark.filter((r) => r.level === 'cohort' && r.value !== null)) {
      const parts = benchmark.filter(
        (t) =>
          t.level === 'municipality' &&
          t.metric === cohort.metric &&
          t.years_since_implementation === cohort.years_since_implementation,
      );
      for (const p of parts)
        expect(
          hiddenTown.has(`${p.municipality_code}|${p.fiscal_year}|${p.metric}`),
          `cohort ${cohort.area_code}`,
        ).toBe(false);
    }
    const issues = await get('issues', viewer);
    for (const row of issues.filter((r) => r.level === 'municipality' && r.dimension === 'total')) {
      if (hiddenTown.has(`${row.municipality_code}|${row.fiscal_year}|persons`)) expect(row.count).toBeNull();
    }
  });

  it('4. a town re-uploading its own cases changes nothing it sees of other towns', async () => {
    const viewer = town(HOKUEI);
    // What it sees of other towns' own figures, and which figures (its region's and
    // the prefecture's included) are 秘匿; totals may move by exactly its own change.
    const TOWN_FIELDS: Record<string, string[]> = {
      consultations: [
        'persons',
        'new_persons',
        'continuing_persons',
        'contacts',
        'support_meetings',
        'juso_meetings',
        'meeting_cases',
      ],
      issues: ['count', 'cases'],
      benchmark: ['value'],
      visits: ['concern_households', 'referrals'],
    };
    const others = async () => {
      const out: string[] = [];
      for (const id of ['consultations', 'issues', 'benchmark', 'visits'] as IndicatorId[]) {
        for (const r of await get(id, viewer)) {
          const where = `${id} ${r.level} ${r.area_code} ${r.fiscal_year ?? r.as_of} ${r.month ?? ''} ${r.dimension ?? r.metric ?? ''} ${r.category ?? ''}`;
          out.push(`${where} 秘匿 ${JSON.stringify(r.suppressed)}`);
          const ownsRow = r.level === 'municipality' || r.level === 'month' || r.level === 'history';
          if (ownsRow && r.municipality_code !== HOKUEI)
            for (const f of TOWN_FIELDS[id] ?? []) out.push(`${where} ${f}=${String(r[f])}`);
        }
      }
      return out;
    };
    const before = await others();
    const dir = path.join(demo.dataDir, 'demo-extracts');
    const name = (await readdir(dir)).find((f) => f.startsWith(HOKUEI) && f.includes('相談ケース_令和7年度'));
    const text = iconv.decode(await readFile(path.join(dir, name as string)), 'cp932');
    const lines = text.trimEnd().split(/\r?\n/);
    const stores = localStores(demo.dataDir);
    const uploader = town(HOKUEI);
    // Inflate and deflate its own counts several times, as the attack did.
    for (const [round, extra] of [
      [1, 12],
      [2, 0],
      [3, 30],
      [4, 3],
      [5, 7],
    ] as const) {
      const copies = lines.slice(2, 2 + extra).map((line, i) => {
        const cells = line.split(',');
        cells[2] = `Z${round}-${String(i).padStart(3, '0')}`;
        return cells.join(',');
      });
      const kept = extra === 0 ? lines.slice(0, -2) : lines;
      const bytes = Buffer.from(`\uFEFF${[...kept, ...copies].join('\r\n')}\r\n`, 'utf8');
      const report = await ingestUpload(
        stores,
        { bytes, fileName: `inflated-${round}.csv`, dataset: 'cases', municipalityCode: HOKUEI, uploader },
        { maxUploadBytes: 50 * 1024 * 1024 },
      );
      expect(report.status, JSON.stringify(report.errors?.slice(0, 2))).toBe('accepted');
      demo.version = `v1-reupload-${round}`;
      expect(await others()).toEqual(before);
    }
  }, 180_000);
});
