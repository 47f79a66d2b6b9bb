import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from '../../src/datasets/municipalities';

// reference/tottori-municipalities.csv is the source; src/datasets/municipalities.ts
// is its hand-kept copy (the Lambda bundles carry no data files). Any difference fails.
const reference = parse(readFileSync('reference/tottori-municipalities.csv'), {
  columns: true,
  bom: true,
}) as Record<string, string>[];

describe('the towns list', () => {
  it('in src/datasets/municipalities.ts matches reference/tottori-municipalities.csv row for row', () => {
    expect(
      MUNICIPALITIES.map((m) => ({
        municipality_code: m.code,
        name: m.name,
        name_kana: m.kana,
        gun: m.gun,
        region: m.region,
        population_approx: String(m.populationApprox),
        population_basis: m.populationBasis,
      })),
    ).toEqual(reference);
  });
});
