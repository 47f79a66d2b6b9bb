import { PROGRAMMES } from '../datasets/implementation';
import { MUNICIPALITIES } from '../datasets/municipalities';
import { dayBetween } from './dates';
import { rngFor } from './prng';
import { HOKUEI_CODE, SEED_FIGURES, YONAGO_CODE } from './seed-figures';
import { DEMO_FISCAL_YEARS, type StatusCode, statusOf } from './timeline';

export interface ImplementationRow {
  code: string;
  fiscalYear: number;
  status: StatusCode;
  /** ○ / × / unknown (blank) for the seven programme columns, in definition order. */
  flags: Record<string, boolean | null>;
  advocacyVisitOn: string | null;
}

/** Towns with an early 孤独・孤立対策地域協議会 under the 2024 law (demo assumption). */
const EARLY_COUNCILS = new Set([HOKUEI_CODE, '312011', YONAGO_CODE]);

function flagsFor(code: string, fy: number, status: StatusCode): Record<string, boolean | null> {
  const all = (value: boolean | null) => Object.fromEntries(PROGRAMMES.map((p) => [p, value]));
  if (status === 'implementing')
    return {
      ...all(true),
      // 米子市 set up its 支援会議 only from FY2023 (its FY2022 検討ケース are all 重層的支援会議).
      support_meeting: !(code === YONAGO_CODE && fy === 2022),
      isolation_council: fy >= 2024 && (EARLY_COUNCILS.has(code) || fy >= 2025),
    };
  if (status === 'preparing')
    return {
      ...all(false),
      comprehensive_consultation: true,
      multi_agency: true,
      community: true,
      support_meeting: fy >= 2023,
    };
  if (status === 'planned') return { ...all(false), comprehensive_consultation: true };
  return all(null);
}

/** 実施状況 for all 19 × FY2021–FY2025; the 推進チーム visits towns that have not started. */
export function implementationRows(seed: number): ImplementationRow[] {
  const rows: ImplementationRow[] = [];
  for (const fy of DEMO_FISCAL_YEARS) {
    const rng = rngFor(seed, `implementation/${fy}`);
    for (const town of MUNICIPALITIES) {
      const status = statusOf(town.code, fy);
      const visited = fy >= 2023 && status !== 'implementing' && status !== 'not_implemented';
      rows.push({
        code: town.code,
        fiscalYear: fy,
        status,
        flags: flagsFor(town.code, fy, status),
        advocacyVisitOn: visited ? dayBetween(rng, `${fy}-06-01`, `${fy + 1}-02-28`) : null,
      });
    }
  }
  return rows;
}

export interface PopulationRow {
  code: string;
  asOf: string;
  population: number;
  households: number;
  aged65: number;
  jichikai: number;
  source: string;
}

export const POPULATION_DATES = ['2023-04-01', '2024-04-01'] as const;

const SYNTHETIC_SOURCE = 'デモ用の合成データ（参考概数に基づく。公式の統計値ではありません）';
const HOKUEI_SOURCE = 'デモ用データ（北栄町の値は県説明資料2024-03-14の記載による）';

/**
 * One row per town per 基準日. 北栄町 2023-04-01 keeps the seed's figures;
 * everything else is derived from the reference approximations with a
 * seeded decline, aging rate and household size, and says so in 出典.
 */
export function populationRows(seed: number): PopulationRow[] {
  const rows: PopulationRow[] = [];
  for (const town of MUNICIPALITIES) {
    const rng = rngFor(seed, `population/${town.code}`);
    const decline = rng.between(0.006, 0.016);
    const perHousehold = rng.between(2.2, 2.8);
    const aging = town.gun === '' ? rng.between(0.29, 0.33) : rng.between(0.33, 0.45);
    const perJichikai = town.gun === '' ? rng.between(350, 450) : rng.between(150, 330);
    // The reference figure is treated as the 2024-04-01 level, except where its
    // basis is 2023-04-01 (北栄町, 江府町).
    const basis2023 = town.populationBasis.includes('2023-04-01');
    const p2023 = basis2023 ? town.populationApprox : Math.round(town.populationApprox * (1 + decline));
    const p2024 = basis2023 ? Math.round(town.populationApprox * (1 - decline)) : town.populationApprox;
    POPULATION_DATES.forEach((asOf, i) => {
      const population = i === 0 ? p2023 : p2024;
      const hokuei2023 = town.code === HOKUEI_CODE && i === 0;
      const seedFacts = SEED_FIGURES.hokueiPopulation;
      rows.push({
        code: town.code,
        asOf,
        population,
        households: hokuei2023 ? seedFacts.households : Math.round(population / (perHousehold - i * 0.02)),
        aged65: Math.round(
          population * (town.code === HOKUEI_CODE ? seedFacts.agingRate + i * 0.004 : aging + i * 0.004),
        ),
        jichikai:
          town.code === HOKUEI_CODE ? seedFacts.jichikai : Math.max(8, Math.round(p2023 / perJichikai)),
        source: hokuei2023 ? HOKUEI_SOURCE : SYNTHETIC_SOURCE,
      });
    });
  }
  return rows;
}
