import { glueType, parquetColumns, partitionKeys } from '../../src/datasets/schema';
import type { Dataset } from '../../src/datasets/types';

export interface GlueColumn {
  name: string;
  type: string;
}

/** The parts of a Glue TableInput derived from a dataset definition. */
export interface DatasetTableInput {
  name: string;
  columns: GlueColumn[];
  partitionKeys: GlueColumn[];
  /** s3://bucket/curated/{dataset}/ */
  location: string;
  parameters: Record<string, string>;
}

export interface ProjectionSettings {
  municipalityCodes: readonly string[];
  fiscalYearRange: readonly [number, number];
}

/**
 * How a dataset's partitions become known to Athena. Fiscal-year tables are
 * projected: every (municipality, year) is a predictable folder. Snapshot
 * tables (`as_of`, any day) are registered as they are written
 * (PartitionRegistrar): projecting a daily range would make each query probe
 * one S3 prefix per municipality per day since the first snapshot (about
 * 40,000 LIST calls per query for Tottori's 19 towns after six years).
 */
export const partitionsProjected = (dataset: Dataset): boolean => dataset.partitionColumn === 'fiscal_year';

/**
 * Partition projection parameters of a fiscal-year table, so that a new
 * partition is queryable the moment its Parquet lands, with no crawler.
 *
 * municipality_code is an `enum` of the known codes rather than `injected`:
 * Athena rejects any query on an injected column without a static equality
 * predicate, and the prefecture-wide, regional and 類似団体 indicators read
 * every town at once. At national scale the enum simply lists all ~1,741
 * codes (about 12 KB of table parameters, well inside Glue's limit).
 */
export function projectionParameters(location: string, settings: ProjectionSettings): Record<string, string> {
  const [from, to] = settings.fiscalYearRange;
  return {
    'projection.enabled': 'true',
    'projection.municipality_code.type': 'enum',
    'projection.municipality_code.values': settings.municipalityCodes.join(','),
    'projection.fiscal_year.type': 'integer',
    'projection.fiscal_year.range': `${from},${to}`,
    'storage.location.template': `${location}municipality_code=\${municipality_code}/fiscal_year=\${fiscal_year}/`,
  };
}

/**
 * The Glue table of a dataset: columns and types are exactly the Parquet
 * schema (`parquetColumns`), partition keys exactly `partitionKeys`, so the
 * catalog cannot drift from what ingest writes.
 *
 * @example
 * datasetTableInput(cases, 's3://curated-bucket/', projection);
 */
export function datasetTableInput(
  dataset: Dataset,
  bucketUrl: string,
  projection: ProjectionSettings,
): DatasetTableInput {
  const location = `${bucketUrl.endsWith('/') ? bucketUrl : `${bucketUrl}/`}curated/${dataset.name}/`;
  return {
    name: dataset.name,
    columns: parquetColumns(dataset).map((c) => ({ name: c.name, type: glueType(c.storage) })),
    partitionKeys: partitionKeys(dataset).map((c) => ({ name: c.name, type: glueType(c.storage) })),
    location,
    parameters: {
      classification: 'parquet',
      EXTERNAL: 'TRUE',
      ...(partitionsProjected(dataset) ? projectionParameters(location, projection) : {}),
    },
  };
}
