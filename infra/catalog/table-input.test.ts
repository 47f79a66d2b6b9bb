import { describe, expect, it } from 'vitest';
import { DATASETS, getDataset } from '../../src/datasets';
import { datasetTableInput, partitionsProjected } from './table-input';

const projection = { municipalityCodes: ['312011', '313718'], fiscalYearRange: [2021, 2030] as const };

describe('datasetTableInput', () => {
  it('lists the Parquet columns with Glue types, partition keys apart', () => {
    // Prepare
    const cases = getDataset('cases');
    // Act
    const input = datasetTableInput(cases, 's3://curated-bucket', projection);
    // Assess
    expect(input.columns.find((c) => c.name === 'issues')).toEqual({ name: 'issues', type: 'array<string>' });
    expect(input.columns.find((c) => c.name === 'opened_on')).toEqual({ name: 'opened_on', type: 'date' });
    expect(input.columns.map((c) => c.name)).not.toContain('municipality_code');
    expect(input.columns.map((c) => c.name)).not.toContain('fiscal_year');
    expect(input.partitionKeys).toEqual([
      { name: 'municipality_code', type: 'string' },
      { name: 'fiscal_year', type: 'int' },
    ]);
    expect(input.location).toBe('s3://curated-bucket/curated/cases/');
  });

  it('projects fiscal-year tables over the given towns and years, in the object layout', () => {
    const input = datasetTableInput(getDataset('activities'), 's3://b/', projection);
    expect(input.parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.municipality_code.type': 'enum',
      'projection.municipality_code.values': '312011,313718',
      'projection.fiscal_year.type': 'integer',
      'projection.fiscal_year.range': '2021,2030',
      // Athena's own ${…} placeholders, escaped.
      'storage.location.template': `s3://b/curated/activities/municipality_code=\${municipality_code}/fiscal_year=\${fiscal_year}/`,
    });
  });

  it('leaves snapshot tables unprojected, keyed by a date as_of', () => {
    const input = datasetTableInput(getDataset('visits'), 's3://b/', projection);
    expect(Object.keys(input.parameters).filter((k) => k.startsWith('projection.'))).toEqual([]);
    expect(input.partitionKeys).toEqual([
      { name: 'municipality_code', type: 'string' },
      { name: 'as_of', type: 'date' },
    ]);
  });

  it('projects exactly the fiscal-year datasets', () => {
    expect(DATASETS.filter(partitionsProjected).map((d) => d.name)).toEqual([
      'cases',
      'activities',
      'implementation',
    ]);
  });
});
