import { dayBetween } from './dates';
import { distribute, rngFor } from './prng';
import { HOKUEI_CODE, SEED_FIGURES } from './seed-figures';

/**
 * 世帯訪問調査: staff visit every household of one 自治会 after another.
 * 北栄町 (the seed's example) from FY2021, 25 of 63 自治会 done by 2024-03-31;
 * 智頭町 (a demo assumption) from FY2023. Snapshots every half year.
 */
interface SurveyPlan {
  code: string;
  jichikai: number;
  households: number;
  idPrefix: string;
  start: string;
  /** Snapshot dates and the number of 自治会 completed by each. */
  snapshots: readonly (readonly [string, number])[];
}

export const SURVEYS: readonly SurveyPlan[] = [
  {
    code: HOKUEI_CODE,
    jichikai: SEED_FIGURES.hokueiVisits.total,
    households: SEED_FIGURES.hokueiPopulation.households,
    idPrefix: 'HE',
    start: '2021-06-01',
    snapshots: [
      ['2022-03-31', 5],
      ['2022-09-30', 9],
      ['2023-03-31', 14],
      ['2023-09-30', 19],
      [SEED_FIGURES.hokueiVisits.asOf, SEED_FIGURES.hokueiVisits.completed],
      ['2024-09-30', 31],
      ['2025-03-31', 38],
      ['2025-09-30', 45],
      ['2026-03-31', 52],
    ],
  },
  {
    code: '313289',
    jichikai: 40,
    households: 2_460,
    idPrefix: 'CZ',
    start: '2023-06-01',
    snapshots: [
      ['2024-03-31', 4],
      ['2024-09-30', 9],
      ['2025-03-31', 15],
      ['2025-09-30', 20],
      ['2026-03-31', 26],
    ],
  },
];

export interface VisitRow {
  jichikaiId: string;
  name: string;
  households: number;
  visited: number;
  status: 'not_started' | 'in_progress' | 'completed';
  completedOn: string | null;
  hearingDone: boolean;
  /** Null where nothing has been recorded yet (not started). */
  concern: number | null;
  referrals: number | null;
}

export interface VisitSnapshot {
  code: string;
  asOf: string;
  rows: VisitRow[];
}

const PLACES = [
  '松原',
  '浜町',
  '東町',
  '西町',
  '北町',
  '南町',
  '中町',
  '本町',
  '新町',
  '旭',
  '緑ヶ丘',
  '若葉',
  '栄',
  '大谷',
  '上野',
  '下野',
  '宮前',
  '寺前',
  '川端',
  '浜田',
  '岡',
  '原',
  '山根',
  '西浜',
  '東浜',
  '梨園',
  '中央',
  '日吉',
  '千代',
  '青葉',
  '曙',
  '瀬戸',
  '江北',
  '土居',
  '森',
  '林',
  '駅前',
  '城山',
];
const SUFFIXES = ['自治会', '区', '一区', '二区', '町内会'];

const DAY = 86_400_000;
const ms = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/** Every snapshot of one survey; a 自治会's dates are fixed, so snapshots agree with each other. */
function surveySnapshots(seed: number, plan: SurveyPlan): VisitSnapshot[] {
  const rng = rngFor(seed, `visits/${plan.code}`);
  const names = rng.shuffle(PLACES.flatMap((p) => SUFFIXES.map((s) => `${p}${s}`))).slice(0, plan.jichikai);
  const sizes = distribute(
    plan.households,
    names.map(() => rng.between(0.4, 2.6)),
  );
  const units = names.map((name, i) => {
    const households = sizes[i] ?? 0;
    const concern = Math.max(1, Math.round(households * rng.between(0.03, 0.08)));
    return {
      jichikaiId: `${plan.idPrefix}${String(i + 1).padStart(3, '0')}`,
      name,
      households,
      concern,
      referrals: Math.round(concern * rng.between(0.2, 0.5)),
    };
  });
  // Visiting order and completion dates: rank r completes inside the half year in
  // which the cumulative target first exceeds r; it starts when rank r-2 completed.
  const order = rng.shuffle(units.map((_, i) => i));
  const completion: string[] = [];
  let from = plan.start;
  let done = 0;
  for (const [asOf, target] of plan.snapshots) {
    const dates = Array.from({ length: target - done }, () => dayBetween(rng, from, asOf)).sort();
    completion.push(...dates);
    done = target;
    from = new Date(ms(asOf) + DAY).toISOString().slice(0, 10);
  }
  const last = plan.snapshots[plan.snapshots.length - 1]?.[0] ?? plan.start;
  while (completion.length < units.length) completion.push(`${Number(last.slice(0, 4)) + 5}-03-31`);
  const startOf = (rank: number): string => (rank < 2 ? plan.start : (completion[rank - 2] as string));

  return plan.snapshots.map(([asOf]) => {
    const rows = units.map((unit, index): VisitRow => {
      const rank = order.indexOf(index);
      const start = startOf(rank);
      const end = completion[rank] as string;
      if (end <= asOf)
        return {
          ...unit,
          visited: unit.households,
          status: 'completed',
          completedOn: end,
          hearingDone: true,
        };
      if (start >= asOf || unit.households < 2)
        return {
          ...unit,
          visited: 0,
          status: 'not_started',
          completedOn: null,
          hearingDone: false,
          concern: null,
          referrals: null,
        };
      const share = (ms(asOf) - ms(start)) / Math.max(DAY, ms(end) - ms(start));
      const visited = Math.min(unit.households - 1, Math.max(1, Math.floor(unit.households * share)));
      const found = Math.floor((unit.concern * visited) / unit.households);
      return {
        ...unit,
        visited,
        status: 'in_progress',
        completedOn: null,
        hearingDone: true,
        concern: found,
        referrals: Math.min(found, Math.floor((unit.referrals * visited) / unit.households)),
      };
    });
    return { code: plan.code, asOf, rows };
  });
}

export function generateVisits(seed: number): VisitSnapshot[] {
  return SURVEYS.flatMap((plan) => surveySnapshots(seed, plan));
}
