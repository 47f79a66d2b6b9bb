import { MUNICIPALITIES, PREFECTURE_CODE, PREFECTURE_NAME } from '../datasets/municipalities';

/** One municipality of the reference table the SQL joins as `municipalities`. */
export interface ReferenceMunicipality {
  code: string;
  name: string;
  /** 東部/中部/西部 in Tottori; null where unknown (towns outside the reference still count in totals). */
  region: string | null;
  /** Default population until the prefecture uploads `population`. */
  population: number;
  populationBasis: string;
  populationRough: boolean;
}

/**
 * The reference the indicators are computed against: the area whose total is
 * the `prefecture` row, and its municipalities. Tottori's by default; the
 * benchmark passes a national one.
 */
export interface ReferenceData {
  prefecture: { code: string; name: string };
  municipalities: readonly ReferenceMunicipality[];
}

export const TOTTORI_REFERENCE: ReferenceData = {
  prefecture: { code: PREFECTURE_CODE, name: PREFECTURE_NAME },
  municipalities: MUNICIPALITIES.map((m) => ({
    code: m.code,
    name: m.name,
    region: m.region,
    population: m.populationApprox,
    populationBasis: m.populationBasis,
    populationRough: m.populationRough,
  })),
};
