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
  /** yyyy-MM-dd; the as_of projection runs from here to NOW. */
  firstSnapshotDate: string;
}

/**
 * Partition projection so that a new partition is queryable the moment its
 * Parquet lands, with no crawler and no MSCK REPAIR.
 *
 * municipality_code is an `enum` of the known codes rather than `injected`:
 * Athena rejects any query on an injected column without a static equality
 * predicate, and the prefecture-wide, regional and 類似団体 indicators read
 * every town at once. At national scale the enum simply lists all ~1,741
 * codes (about 12 KB of table parameters, well inside Glue's limit).
 */
export function projectionParameters(
  dataset: Dataset,
  location: string,
  settings: ProjectionSettings,
): Record<string, string> {
  const partitionColumn = dataset.partitionColumn;
  const params: Record<string, string> = {
    'projection.enabled': 'true',
    'projection.municipality_code.type': 'enum',
    'projection.municipality_code.values': settings.municipalityCodes.join(','),
    'storage.location.template': `${location}municipality_code=\${municipality_code}/${partitionColumn}=\${${partitionColumn}}/`,
  };
  if (partitionColumn === 'fiscal_year') {
    const [from, to] = settings.fiscalYearRange;
    params['projection.fiscal_year.type'] = 'integer';
    params['projection.fiscal_year.range'] = `${from},${to}`;
  } else {
    params['projection.as_of.type'] = 'date';
    params['projection.as_of.format'] = 'yyyy-MM-dd';
    params['projection.as_of.range'] = `${settings.firstSnapshotDate},NOW`;
    params['projection.as_of.interval'] = '1';
    params['projection.as_of.interval.unit'] = 'DAYS';
  }
  return params;
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
      ...projectionParameters(dataset, location, projection),
    },
  };
}
