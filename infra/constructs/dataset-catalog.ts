import { Aws, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Dataset } from '../../src/datasets/types';
import { datasetTableInput, type ProjectionSettings } from '../catalog/table-input';

export interface DatasetCatalogProps {
  databaseName: string;
  curatedBucket: s3.IBucket;
  datasets: readonly Dataset[];
  projection: ProjectionSettings;
}

/** The Glue database Athena queries, with one table per dataset definition. */
export class DatasetCatalog extends Construct {
  readonly databaseName: string;
  readonly tableNames: string[];

  constructor(scope: Construct, id: string, props: DatasetCatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: props.databaseName,
        description: '重層的支援体制整備事業・孤独孤立対策モニタリングの集計用データ（Parquet）',
      },
    });
    database.overrideLogicalId('GlueDatabase');

    this.tableNames = props.datasets.map((dataset) => {
      const input = datasetTableInput(dataset, `s3://${props.curatedBucket.bucketName}/`, props.projection);
      const table = new glue.CfnTable(this, `Table-${dataset.name}`, {
        catalogId: Aws.ACCOUNT_ID,
        databaseName: props.databaseName,
        tableInput: {
          name: input.name,
          description: dataset.title,
          tableType: 'EXTERNAL_TABLE',
          parameters: input.parameters,
          partitionKeys: input.partitionKeys,
          storageDescriptor: {
            columns: input.columns,
            location: input.location,
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            },
          },
        },
      });
      table.addResourceDependency(database);
      table.overrideLogicalId(`GlueTable${dataset.name.charAt(0).toUpperCase()}${dataset.name.slice(1)}`);
      return input.name;
    });
  }

  /** ARNs a reader of these tables needs in IAM (catalog, database, tables). */
  readArns(): string[] {
    const stack = Stack.of(this);
    return [
      stack.formatArn({ service: 'glue', resource: 'catalog' }),
      stack.formatArn({ service: 'glue', resource: 'database', resourceName: this.databaseName }),
      ...this.tableNames.map((t) =>
        stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${this.databaseName}/${t}` }),
      ),
    ];
  }
}
