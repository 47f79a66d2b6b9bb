import { REFERRAL_ROUTES, termGroup } from '../datasets/vocabularies';
import { dayBetween, lastDayOfMonth, maxIso } from './dates';
import { byMonth, type YearPlan } from './plan';
import { type Rng, rngFor } from './prng';
import { HOKUEI_CODE, YONAGO_CODE } from './seed-figures';
import { SURVEYS } from './visits';

/** A person-case as the town knows it (the file may show less, e.g. a month-only 受付日). */
export interface CaseRecord {
  id: string;
  /** True ISO date of the first consultation. */
  openedOn: string;
  route: string;
  ageBand: string;
  householdSize: number | null;
  issues: string[];
}

export interface CaseRow {
  record: CaseRecord;
  status: 'supporting' | 'watching' | 'closed';
  /** Null when open, or when a 終結 row was typed without its date (a warning, not an error). */
  closedOn: string | null;
}

export interface YearCases {
  plan: YearPlan;
  rows: CaseRow[];
  /** New cases per month of the plan (sums to the FY's new cases = activities.new_persons). */
  newByMonth: number[];
}

const AGE_WEIGHTS = {
  under_20: 5,
  '20s': 7,
  '30s': 8,
  '40s': 12,
  '50s': 15,
  '60_64': 9,
  '65_74': 17,
  '75_plus': 22,
  unknown: 5,
};

const ISSUE_WEIGHTS: Readonly<Record<string, number>> = {
  isolation: 10,
  living_alone: 9,
  hikikomori: 7,
  eighty_fifty: 5,
  young_carer: 1.5,
  double_care: 1,
  poverty: 10,
  debt: 6,
  employment: 6,
  housing: 5,
  hoarding: 3,
  self_neglect: 1.5,
  animal_hoarding: 0.7,
  mental_health: 10,
  suicidal_ideation: 1,
  physical_illness: 7,
  disability: 7,
  long_term_care: 7,
  dementia: 5,
  elderly_carer: 1,
  family: 7,
  abuse_dv: 2.5,
  neighbour: 2.5,
  guardianship: 2.5,
  guarantor: 1.2,
  child_rearing: 2.5,
  school_refusal: 2,
  youth_transition: 1,
  foreign_national: 0.4,
  ex_offender: 0.3,
  other: 1.5,
};

/** 米子市's topics in the seed: living alone, illness, hoarding, withdrawal, family, care, … */
const YONAGO_TOPICS = new Set([
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
]);

/** Issues that go with an age band are more likely; impossible ones are excluded. */
const AGE_ISSUE_FACTORS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  under_20: {
    young_carer: 8,
    school_refusal: 8,
    family: 3,
    abuse_dv: 2,
    dementia: 0,
    long_term_care: 0,
    guardianship: 0,
    eighty_fifty: 0,
    debt: 0.2,
    employment: 0.1,
    guarantor: 0,
    living_alone: 0.1,
    double_care: 0,
    child_rearing: 0,
    elderly_carer: 0,
    ex_offender: 0,
  },
  '20s': {
    hikikomori: 2.5,
    employment: 2,
    youth_transition: 6,
    mental_health: 1.5,
    suicidal_ideation: 2,
    dementia: 0,
    elderly_carer: 0,
  },
  '30s': {
    child_rearing: 3,
    double_care: 3,
    hikikomori: 2,
    employment: 1.5,
    dementia: 0,
    youth_transition: 0,
    elderly_carer: 0,
  },
  '40s': {
    hikikomori: 2,
    double_care: 2,
    eighty_fifty: 1.5,
    youth_transition: 0,
    school_refusal: 0.3,
    elderly_carer: 0,
  },
  '50s': {
    eighty_fifty: 4,
    hikikomori: 2,
    debt: 1.5,
    youth_transition: 0,
    school_refusal: 0,
    elderly_carer: 0.3,
  },
  '65_74': {
    long_term_care: 1.5,
    living_alone: 1.5,
    elderly_carer: 4,
    youth_transition: 0,
    school_refusal: 0,
    young_carer: 0,
  },
  '75_plus': {
    dementia: 4,
    long_term_care: 3,
    living_alone: 2.5,
    guardianship: 3,
    eighty_fifty: 2,
    elderly_carer: 5,
    self_neglect: 2,
    employment: 0.05,
    youth_transition: 0,
    school_refusal: 0,
    young_carer: 0,
    child_rearing: 0,
  },
};

/** 相談経路 of an ordinary town: a third from people themselves, the rest mostly by agencies of every field. */
const ROUTE_WEIGHTS = {
  self_family: 34,
  community: 11,
  elderly: 12,
  disability: 6,
  children: 5,
  poverty: 7,
  medical: 6,
  school: 2.5,
  social_welfare_council: 6,
  police_justice: 1,
  government_other: 6,
  agency_other: 3,
  other: 2,
};

/**
 * 北栄町 has no 総合相談窓口: each agency takes the first consultation and
 * brings it to the 包括的支援会議 (seed: 9割以上が関係機関からの相談). Its agencies:
 * 地域包括, 障がい者地域生活支援センター, 子育て世代包括支援センター, 生活困窮 (福祉課),
 * 社協, the 町内5法人 of its アウトリーチ事業, a psychiatric hospital, schools (SSW).
 */
const HOKUEI_AGENCY_WEIGHTS = {
  elderly: 26,
  disability: 12,
  children: 8,
  poverty: 18,
  medical: 7,
  school: 3,
  social_welfare_council: 12,
  police_justice: 1,
  government_other: 8,
  agency_other: 5,
};

/** Routes outside the 関係機関 group (本人・家族, 地域, その他). */
const isAgencyRoute = (route: string): boolean => termGroup(REFERRAL_ROUTES, route) === 'agencies';

/**
 * 相談経路. 北栄町 works through partner agencies (over 90% in the seed):
 * other routes only while `otherAllowed`. 世帯訪問調査 only where a survey runs.
 */
function routeFor(rng: Rng, code: string, openedOn: string, otherAllowed: boolean): string {
  const survey = SURVEYS.find((s) => s.code === code);
  const surveying = survey !== undefined && openedOn >= survey.start;
  if (code === HOKUEI_CODE) {
    if (otherAllowed && rng.chance(0.3))
      return rng.pick(
        surveying ? ['household_survey', 'self_family', 'community'] : ['self_family', 'community'],
      );
    return rng.weighted(HOKUEI_AGENCY_WEIGHTS);
  }
  return rng.weighted(surveying ? { ...ROUTE_WEIGHTS, household_survey: 6 } : ROUTE_WEIGHTS);
}

function issuesFor(rng: Rng, code: string, ageBand: string): string[] {
  const factors = AGE_ISSUE_FACTORS[ageBand] ?? {};
  const weights: Record<string, number> = {};
  for (const [issue, w] of Object.entries(ISSUE_WEIGHTS)) {
    if (code === YONAGO_CODE && !YONAGO_TOPICS.has(issue)) continue;
    const weight = w * (factors[issue] ?? 1);
    if (weight > 0) weights[issue] = weight;
  }
  const count = rng.weighted({ 1: 35, 2: 35, 3: 20, 4: 10 });
  const chosen: string[] = [];
  while (chosen.length < Number(count)) {
    const issue = rng.weighted(weights);
    chosen.push(issue);
    delete weights[issue];
  }
  return chosen;
}

function householdSize(rng: Rng, ageBand: string): number {
  if (ageBand === '75_plus' || ageBand === '65_74') return rng.chance(0.45) ? 1 : rng.int(2, 4);
  return rng.int(1, 6);
}

/** Case ids in the town's own style; unique per town across years. */
function caseId(code: string, openedFy: number, seq: number): string {
  const n = String(seq);
  if (code === HOKUEI_CODE) return `R${openedFy - 2018}-${n.padStart(3, '0')}`;
  if (Number(code) % 3 === 0) return `${openedFy}-${n.padStart(4, '0')}`;
  return `K${String(openedFy).slice(2)}${n.padStart(3, '0')}`;
}

/**
 * All cases of one town, FY by FY: each FY keeps a share of the previous
 * FY's cases (継続) and adds new ones up to the planned 実人数 exactly.
 */
export function generateCases(seed: number, plans: readonly YearPlan[]): YearCases[] {
  const members: CaseRecord[][] = [];
  const newCounts: number[][] = [];
  plans.forEach((plan, i) => {
    const rng = rngFor(seed, `cases/${plan.code}/${plan.fiscalYear}`);
    const previous = members[i - 1] ?? [];
    // With fixed figures for the first months (北栄町 FY2023), the continuing cases are a
    // share of the persons of those months: they are open in the window from April.
    const first = plan.firstMonths;
    const carried = rng
      .shuffle(previous)
      .slice(0, Math.min(previous.length, Math.round((first?.persons ?? plan.persons) * plan.carryShare)));
    const perMonth = byMonth(
      plan,
      plan.persons - carried.length,
      first ? first.persons - carried.length : undefined,
    );
    // 北栄町: over 90% referred by partner agencies; a few others, never more than 8% of new cases.
    let otherRoutesLeft = Math.floor((plan.persons - carried.length) * 0.08);
    const fresh: CaseRecord[] = [];
    perMonth.forEach((count, m) => {
      const monthStart = plan.months[m] as string;
      for (let k = 0; k < count; k++) {
        const ageBand = rng.weighted(AGE_WEIGHTS);
        const openedOn = dayBetween(rng, maxIso(monthStart, plan.serviceStart), lastDayOfMonth(monthStart));
        const route = routeFor(rng, plan.code, openedOn, otherRoutesLeft > 0);
        if (plan.code === HOKUEI_CODE && !isAgencyRoute(route)) otherRoutesLeft--;
        fresh.push({
          id: '',
          openedOn,
          route,
          ageBand,
          householdSize: householdSize(rng, ageBand),
          issues: issuesFor(rng, plan.code, ageBand),
        });
      }
    });
    // Numbered in the order they were received, as a register would.
    fresh.sort((a, b) => a.openedOn.localeCompare(b.openedOn));
    for (const [k, record] of fresh.entries()) record.id = caseId(plan.code, plan.fiscalYear, k + 1);
    members.push([...carried, ...fresh]);
    newCounts.push(perMonth);
  });

  return plans.map((plan, i) => {
    const rng = rngFor(seed, `case-status/${plan.code}/${plan.fiscalYear}`);
    const next = new Set((members[i + 1] ?? []).map((r) => r.id));
    const lastYear = i === plans.length - 1;
    const fullYear = plan.extractEnd === `${plan.fiscalYear + 1}-03-31`;
    const rows = (members[i] ?? []).map((record): CaseRow => {
      const open = (): CaseRow => ({
        record,
        status: rng.chance(0.7) ? 'supporting' : 'watching',
        closedOn: null,
      });
      if (next.has(record.id)) return open();
      // Not carried on: closed during this FY, unless the extract ends before the FY does
      // or this is the latest FY (still open at the time of the demo).
      const closes = lastYear || !fullYear ? rng.chance(0.45) : true;
      if (!closes) return open();
      const from = maxIso(record.openedOn, `${plan.fiscalYear}-04-01`);
      return { record, status: 'closed', closedOn: dayBetween(rng, from, plan.extractEnd) };
    });
    rows.sort((a, b) => (a.record.openedOn + a.record.id).localeCompare(b.record.openedOn + b.record.id));
    return { plan, rows, newByMonth: newCounts[i] ?? [] };
  });
}
