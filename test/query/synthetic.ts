import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import { AGE_BANDS, ISSUES, REFERRAL_ROUTES } from '../../src/datasets/vocabularies';
import { mulberry32 } from '../../src/demo/prng';
import type { FixtureRows } from './parquet-fixture';

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const pad = (n: number): string => String(n).padStart(2, '0');

export interface SyntheticOptions {
  seed: number;
  /** Towns that have data, by code; default: a handful of Tottori's, including tiny ones. */
  towns?: string[];
  years?: number[];
  /** Largest number of cases per town and FY (small values produce cells to suppress). */
  maxCases?: number;
}

/** Synthetic extracts of all five datasets in the normalised shape the ingest writes. */
export function syntheticData(options: SyntheticOptions): FixtureRows {
  const rand = mulberry32(options.seed);
  const towns = options.towns ?? ['313726', '312029', '312011', '313289', '314030', '313254'];
  const years = options.years ?? [2021, 2022, 2023];
  const maxCases = options.maxCases ?? 12;
  const data: Required<FixtureRows> = {
    cases: [],
    activities: [],
    visits: [],
    implementation: [],
    population: [],
  };
  for (const code of towns) {
    const firstYear = pick(rand, years);
    data.population.push({
      municipality_code: code,
      as_of: `${years[0]}-04-01`,
      population: 2000 + Math.floor(rand() * 50000),
      households: 1000,
      aged_65_plus: 800 + Math.floor(rand() * 900),
      jichikai_count: 10,
      source: '合成データ',
    });
    for (const fy of years) {
      data.implementation.push({
        municipality_code: code,
        fiscal_year: fy,
        status: fy >= firstYear ? 'implementing' : pick(rand, ['preparing', 'planned', 'considering']),
        comprehensive_consultation: rand() < 0.7,
        multi_agency: rand() < 0.5,
        outreach: rand() < 0.5,
        participation: null,
        community: rand() < 0.5,
        support_meeting: true,
        isolation_council: false,
        advocacy_visit_on: null,
      });
      if (fy < firstYear) continue;
      const n = Math.floor(rand() * (maxCases + 1));
      for (let i = 0; i < n; i++) {
        const isNew = rand() < 0.6;
        const month = 1 + Math.floor(rand() * 12);
        const year = isNew ? (month >= 4 ? fy : fy + 1) : fy - 1;
        const issues = [pick(rand, ISSUES).code];
        if (rand() < 0.4) issues.push(pick(rand, ISSUES).code);
        data.cases.push({
          municipality_code: code,
          fiscal_year: fy,
          case_id: `C${fy}-${i}`,
          opened_on: `${year}-${pad(month)}-01`,
          referral_route: pick(rand, REFERRAL_ROUTES).code,
          age_band: pick(rand, AGE_BANDS).code,
          household_size: rand() < 0.2 ? null : 1 + Math.floor(rand() * 6),
          issues,
          status: 'supporting',
          closed_on: null,
          opened_on_precision: 'day',
        });
      }
      for (const m of [4, 5, 6]) {
        data.activities.push({
          municipality_code: code,
          fiscal_year: fy,
          month: `${fy}-${pad(m)}-01`,
          new_persons: Math.floor(rand() * 4),
          contacts: Math.floor(rand() * 30),
          support_meetings: Math.floor(rand() * 4),
          juso_meetings: rand() < 0.3 ? null : Math.floor(rand() * 3),
          meeting_cases: Math.floor(rand() * 6),
          outreach_visits: null,
          participation_support: null,
        });
      }
      const asOf = `${fy + 1}-03-31`;
      for (let j = 0; j < 4; j++) {
        const households = 20 + Math.floor(rand() * 40);
        const status = pick(rand, ['not_started', 'in_progress', 'completed']);
        data.visits.push({
          municipality_code: code,
          as_of: asOf,
          jichikai_id: `J${j}`,
          jichikai_name: `第${j + 1}自治会`,
          households,
          visited_households: status === 'completed' ? households : Math.floor(households / 2),
          status,
          completed_on: status === 'completed' ? asOf : null,
          hearing_done: rand() < 0.5,
          concern_households: Math.floor(rand() * 4),
          referrals: Math.floor(rand() * 3),
        });
      }
    }
  }
  return data;
}

export const TOTTORI_CODES = MUNICIPALITIES.map((m) => m.code);
