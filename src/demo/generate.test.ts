import { describe, expect, it } from 'vitest';
import {
  count,
  dateCell,
  fiscalYearCell,
  fiscalYearOfMonth,
  monthCell,
  monthOfDateCell,
  rawText,
  readExtract,
  termCode,
} from '../../test/demo/read-extract';
import type { DatasetName } from '../datasets';
import { MUNICIPALITIES, municipalityByCode } from '../datasets/municipalities';
import {
  IMPLEMENTATION_STATUSES,
  ISSUES,
  REFERRAL_ROUTES,
  termGroup,
  VISIT_STATUSES,
} from '../datasets/vocabularies';
import { DEFAULT_DEMO_SEED, generateDemoExtracts } from './generate';
import type { DemoFile } from './render';
import { HOKUEI_CODE, SEED_FIGURES, YONAGO_CODE } from './seed-figures';
import { isImplementing } from './timeline';

const filesOf = (files: DemoFile[], dataset: DatasetName, code?: string) =>
  files.filter((f) => f.dataset === dataset && (code === undefined || f.municipalityCode === code));

/** Rows of a town's extracts of one dataset, keyed by fiscal year. */
function byFiscalYear(files: DemoFile[], dataset: 'cases' | 'activities', code: string) {
  const years = new Map<number, Array<Record<string, string>>>();
  for (const file of filesOf(files, dataset, code))
    for (const row of readExtract(file)) {
      const fy =
        dataset === 'cases'
          ? fiscalYearCell(row.fiscal_year ?? '')
          : fiscalYearOfMonth(monthCell(row.month ?? ''));
      years.set(fy, [...(years.get(fy) ?? []), row]);
    }
  return years;
}

const sum = (rows: Array<Record<string, string>> | undefined, column: string): number =>
  (rows ?? []).reduce((total, row) => total + count(row[column]), 0);

describe('generateDemoExtracts', () => {
  const files = generateDemoExtracts();

  it('is deterministic: the same seed gives byte-identical files, another seed different ones', () => {
    const again = generateDemoExtracts(DEFAULT_DEMO_SEED);
    expect(again.map((f) => f.fileName)).toEqual(files.map((f) => f.fileName));
    for (const [i, f] of again.entries())
      expect(Buffer.from(f.bytes).equals(Buffer.from(files[i]?.bytes ?? []))).toBe(true);
    const other = generateDemoExtracts(DEFAULT_DEMO_SEED + 1);
    const changed = other.filter((f, i) => !Buffer.from(f.bytes).equals(Buffer.from(files[i]?.bytes ?? [])));
    expect(changed.length).toBeGreaterThan(files.length / 2);
  });

  for (const seed of [DEFAULT_DEMO_SEED, 1, 987_654]) {
    it(`reproduces the seed's 北栄町 and 米子市 figures straight from the files (seed ${seed})`, () => {
      const generated = seed === DEFAULT_DEMO_SEED ? files : generateDemoExtracts(seed);
      const cases = byFiscalYear(generated, 'cases', HOKUEI_CODE);
      const activities = byFiscalYear(generated, 'activities', HOKUEI_CODE);
      for (const [fy, figures] of Object.entries(SEED_FIGURES.hokuei)) {
        expect(cases.get(Number(fy))?.length, `北栄町 FY${fy} 実人数`).toBe(figures.persons);
        expect(sum(activities.get(Number(fy)), 'contacts'), `北栄町 FY${fy} 延べ`).toBe(figures.contacts);
        expect(sum(activities.get(Number(fy)), 'support_meetings'), `北栄町 FY${fy} 支援会議`).toBe(
          figures.supportMeetings,
        );
      }
      // FY2023 is a full year (April 2023–March 2024) whose April–September part is the seed's.
      const fy2023Months = (activities.get(2023) ?? []).map((r) => monthCell(r.month ?? ''));
      expect(fy2023Months).toHaveLength(12);
      expect([fy2023Months[0], fy2023Months.at(-1)]).toEqual(['2023-04', '2024-03']);
      const half = SEED_FIGURES.hokueiFy2023FirstHalf;
      const windowEnd = `${half.toMonth}-30`;
      const windowStart = `${half.fromMonth}-01`;
      const fy2023Cases = cases.get(2023) ?? [];
      const open = fy2023Cases.filter((r) => {
        const closed = dateCell(r.closed_on ?? '');
        return (dateCell(r.opened_on ?? '') ?? '') <= windowEnd && (closed === null || closed >= windowStart);
      });
      const inWindow = (activities.get(2023) ?? []).filter((r) => {
        const month = monthCell(r.month ?? '');
        return month >= half.fromMonth && month <= half.toMonth;
      });
      expect(
        [open.length, sum(inWindow, 'contacts'), sum(inWindow, 'support_meetings')],
        'April–September 2023',
      ).toEqual([half.persons, half.contacts, half.supportMeetings]);
      // Cases opened after September exist: the window is a real part of the year, not all of it.
      expect(fy2023Cases.length).toBeGreaterThan(half.persons);
      expect(fy2023Cases.every((r) => (dateCell(r.closed_on ?? '') ?? '2024-03-31') <= '2024-03-31')).toBe(
        true,
      );
      const yonago = byFiscalYear(generated, 'activities', YONAGO_CODE).get(2022);
      expect(sum(yonago, 'contacts')).toBe(SEED_FIGURES.yonago2022.contacts);
      expect(sum(yonago, 'juso_meetings')).toBe(SEED_FIGURES.yonago2022.jusoMeetings);
      expect(sum(yonago, 'meeting_cases')).toBe(SEED_FIGURES.yonago2022.meetingCases);
    });
  }

  it('counts municipalities with status 実施 as 1, 4, 5, 9, 9 for FY2021–FY2025: the four planned towns start in FY2024', () => {
    const [file] = filesOf(files, 'implementation');
    const rows = readExtract(file as DemoFile).map((r) => ({
      code: r.municipality_code ?? '',
      fy: fiscalYearCell(r.fiscal_year ?? ''),
      status: termCode(IMPLEMENTATION_STATUSES, r.status ?? ''),
    }));
    expect(rows).toHaveLength(19 * 5);
    const implementing = (fy: number) =>
      rows.filter((r) => r.fy === fy && r.status === 'implementing').length;
    expect([2021, 2022, 2023, 2024].map(implementing)).toEqual(
      [2021, 2022, 2023, 2024].map((fy) => SEED_FIGURES.implementingCounts[fy as 2021 | 2022 | 2023 | 2024]),
    );
    expect(implementing(2025)).toBe(9);
    for (const code of ['313297', '313700', '313718', '314030']) {
      expect(isImplementing(code, 2023), code).toBe(false);
      expect(isImplementing(code, 2024), code).toBe(true);
      expect(byFiscalYear(files, 'cases', code).has(2024), `${code} cases FY2024`).toBe(true);
      expect(byFiscalYear(files, 'activities', code).get(2024), `${code} tallies FY2024`).toHaveLength(12);
    }
  });

  it('has 北栄町 finish the household-visit survey in 25 of 63 自治会 by the end of FY2023', () => {
    const snapshot = filesOf(files, 'visits', HOKUEI_CODE).find((f) => f.fileName.includes('2024-03-31'));
    const rows = readExtract(snapshot as DemoFile);
    expect(rows).toHaveLength(63);
    expect(rows.filter((r) => termCode(VISIT_STATUSES, r.status ?? '') === 'completed')).toHaveLength(25);
    expect(sum(rows, 'households')).toBe(5_493);
  });

  it('keeps 北栄町 population figures from the seed and labels every population row as demo data', () => {
    const [file] = filesOf(files, 'population');
    const rows = readExtract(file as DemoFile);
    expect(rows).toHaveLength(19 * 2);
    const hokuei = rows.find((r) => r.municipality_code === '北栄町' && r.as_of === '2023-04-01');
    expect(hokuei).toMatchObject({ population: '14451', households: '5493', jichikai_count: '63' });
    expect(count(hokuei?.aged_65_plus) / 14_451).toBeCloseTo(0.36, 3);
    for (const row of rows) expect(row.source).toMatch(/デモ用/);
  });

  it('writes the formats people really upload: both encodings, 和暦, Excel serials, 全角, title rows, month-only dates', () => {
    const texts = files.map(rawText);
    expect(files.some((f) => f.encoding === 'cp932')).toBe(true);
    expect(files.some((f) => f.encoding === 'utf-8-bom')).toBe(true);
    expect(texts.some((t) => /令和\d+年\d+月\d+日/.test(t))).toBe(true);
    expect(texts.some((t) => /,R\d+\.\d+\.\d+,/.test(t))).toBe(true);
    expect(texts.some((t) => /,4[45]\d{3},/.test(t))).toBe(true);
    expect(texts.some((t) => /[０-９]/.test(t))).toBe(true);
    expect(texts.some((t) => t.startsWith('令和'))).toBe(true);
    const monthOnlyOpened = filesOf(files, 'cases').some((f) =>
      readExtract(f).some((r) => /^(\d{4}\/\d{1,2}|令和\d+年\d+月)$/.test(r.opened_on ?? '')),
    );
    expect(monthOnlyOpened).toBe(true);
  });
});

describe.each([DEFAULT_DEMO_SEED, 1, 42])('plausibility of the demo data (seed %i)', (seed) => {
  const files = generateDemoExtracts(seed);

  it('has cases, tallies and visits only from towns with 実施 status in that fiscal year', () => {
    for (const town of MUNICIPALITIES) {
      for (const [fy] of byFiscalYear(files, 'cases', town.code))
        expect(isImplementing(town.code, fy), `${town.name} FY${fy}`).toBe(true);
      for (const [fy] of byFiscalYear(files, 'activities', town.code))
        expect(isImplementing(town.code, fy), `${town.name} FY${fy}`).toBe(true);
    }
    const townsWithData = new Set(
      files.filter((f) => f.municipalityCode !== '310000').map((f) => f.municipalityCode),
    );
    expect(townsWithData.size).toBe(9);
  });

  it('keeps per-capita rates of full years within the documented bands', () => {
    for (const code of new Set(filesOf(files, 'cases').map((f) => f.municipalityCode))) {
      const population = municipalityByCode(code)?.populationApprox ?? 0;
      const cases = byFiscalYear(files, 'cases', code);
      const activities = byFiscalYear(files, 'activities', code);
      for (const [fy, rows] of cases) {
        const per10k = (rows.length / population) * 10_000;
        expect(per10k, `${code} FY${fy} 実人数/1万人`).toBeGreaterThanOrEqual(5);
        expect(per10k, `${code} FY${fy} 実人数/1万人`).toBeLessThanOrEqual(40);
        const perPerson = sum(activities.get(fy), 'contacts') / rows.length;
        expect(perPerson, `${code} FY${fy} 延べ/人`).toBeGreaterThanOrEqual(4);
        expect(perPerson, `${code} FY${fy} 延べ/人`).toBeLessThanOrEqual(9);
        // 新規相談者数 sums to the FY's new cases (opened inside the FY).
        const fresh = rows.filter((r) => fiscalYearOfMonth(monthOfDateCell(r.opened_on ?? '')) === fy);
        expect(sum(activities.get(fy), 'new_persons'), `${code} FY${fy} 新規`).toBe(fresh.length);
        expect(fresh.length, `${code} FY${fy} 継続 exists after the first year`).toBeLessThanOrEqual(
          rows.length,
        );
      }
    }
  });

  it('has 9割以上 of 北栄町 cases in the 関係機関 group of 相談経路 in each of the briefing years FY2021–FY2023', () => {
    const cases = byFiscalYear(files, 'cases', HOKUEI_CODE);
    for (const fy of [2021, 2022, 2023]) {
      const rows = cases.get(fy) ?? [];
      const agencies = rows.filter(
        (r) => termGroup(REFERRAL_ROUTES, termCode(REFERRAL_ROUTES, r.referral_route ?? '')) === 'agencies',
      );
      expect(rows.length, `FY${fy}`).toBeGreaterThan(0);
      expect(agencies.length / rows.length, `FY${fy}`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('spreads other towns over every group of 相談経路, agencies of several fields among them', () => {
    const routes = filesOf(files, 'cases')
      .filter((f) => f.municipalityCode !== HOKUEI_CODE)
      .flatMap((f) => readExtract(f).map((r) => termCode(REFERRAL_ROUTES, r.referral_route ?? '')));
    const groups = new Set(routes.map((r) => termGroup(REFERRAL_ROUTES, r)));
    expect([...groups].sort()).toEqual(['agencies', 'community', 'other', 'self_family']);
    const agencyShare =
      routes.filter((r) => termGroup(REFERRAL_ROUTES, r) === 'agencies').length / routes.length;
    expect(agencyShare).toBeGreaterThan(0.35);
    expect(agencyShare).toBeLessThan(0.75);
    expect(
      new Set(routes.filter((r) => termGroup(REFERRAL_ROUTES, r) === 'agencies')).size,
    ).toBeGreaterThanOrEqual(8);
  });

  it('uses the 課題 practice added (自殺念慮, 支援拒否, 老老介護, 外国籍, 刑務所出所者等) sparingly', () => {
    const added = ['suicidal_ideation', 'self_neglect', 'elderly_carer', 'foreign_national', 'ex_offender'];
    const issues = filesOf(files, 'cases').flatMap((f) =>
      readExtract(f).map((r) => (r.issues ?? '').split(/[、,／/]/).map((piece) => termCode(ISSUES, piece))),
    );
    const seen = (code: string) => issues.filter((list) => list.includes(code)).length;
    expect(added.filter((code) => seen(code) > 0).length).toBeGreaterThanOrEqual(4);
    for (const code of added) expect(seen(code) / issues.length, code).toBeLessThan(0.05);
  });

  it("limits 米子市's 課題 to the topics the seed lists", () => {
    const topics = [
      'living_alone',
      'physical_illness',
      'mental_health',
      'hoarding',
      'hikikomori',
      'family',
      'long_term_care',
      'neighbour',
      'poverty',
      'employment',
      'housing',
      'disability',
      'guardianship',
      'guarantor',
      'abuse_dv',
    ];
    const seen = new Set<string>();
    for (const file of filesOf(files, 'cases', YONAGO_CODE))
      for (const row of readExtract(file))
        for (const piece of (row.issues ?? '').split(/[、,／/]/)) seen.add(termCode(ISSUES, piece));
    expect([...seen].every((issue) => topics.includes(issue))).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(12);
  });
});
