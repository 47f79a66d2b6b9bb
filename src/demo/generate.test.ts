import { describe, expect, it } from 'vitest';
import {
  count,
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
import { IMPLEMENTATION_STATUSES, ISSUES, REFERRAL_ROUTES, VISIT_STATUSES } from '../datasets/vocabularies';
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
      // FY2023 is the mid-year extract: April–September only.
      expect((activities.get(2023) ?? []).map((r) => monthCell(r.month ?? ''))).toEqual([
        '2023-04',
        '2023-05',
        '2023-06',
        '2023-07',
        '2023-08',
        '2023-09',
      ]);
      const yonago = byFiscalYear(generated, 'activities', YONAGO_CODE).get(2022);
      expect(sum(yonago, 'contacts')).toBe(SEED_FIGURES.yonago2022.contacts);
      expect(sum(yonago, 'juso_meetings')).toBe(SEED_FIGURES.yonago2022.jusoMeetings);
      expect(sum(yonago, 'meeting_cases')).toBe(SEED_FIGURES.yonago2022.meetingCases);
    });
  }

  it('counts implementing municipalities 1, 4, 5 and 9 (実施 + 実施予定) for FY2021–FY2024', () => {
    const [file] = filesOf(files, 'implementation');
    const rows = readExtract(file as DemoFile).map((r) => ({
      fy: fiscalYearCell(r.fiscal_year ?? ''),
      status: termCode(IMPLEMENTATION_STATUSES, r.status ?? ''),
    }));
    expect(rows).toHaveLength(19 * 5);
    const counted = (fy: number, statuses: string[]) =>
      rows.filter((r) => r.fy === fy && statuses.includes(r.status)).length;
    expect(counted(2021, ['implementing', 'planned'])).toBe(SEED_FIGURES.implementingCounts[2021]);
    expect(counted(2022, ['implementing', 'planned'])).toBe(SEED_FIGURES.implementingCounts[2022]);
    expect(counted(2023, ['implementing', 'planned'])).toBe(SEED_FIGURES.implementingCounts[2023]);
    expect(counted(2024, ['implementing'])).toBe(5);
    expect(counted(2024, ['implementing', 'planned'])).toBe(SEED_FIGURES.implementingCounts[2024]);
    expect(counted(2025, ['implementing'])).toBe(9);
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
        if (code === HOKUEI_CODE && fy === 2023) continue; // half year
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

  it('has over 90% of 北栄町 cases referred by partner agencies in every fiscal year', () => {
    for (const [fy, rows] of byFiscalYear(files, 'cases', HOKUEI_CODE)) {
      const partner = rows.filter((r) =>
        ['agency', 'internal'].includes(termCode(REFERRAL_ROUTES, r.referral_route ?? '')),
      );
      expect(partner.length / rows.length, `FY${fy}`).toBeGreaterThan(0.9);
    }
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
