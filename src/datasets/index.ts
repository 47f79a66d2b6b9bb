import { activities } from './activities';
import { cases } from './cases';
import { implementation } from './implementation';
import { population } from './population';
import type { Dataset, DatasetName } from './types';
import { visits } from './visits';

export type {
  Column,
  ColumnType,
  Dataset,
  DatasetName,
  DerivedColumn,
  RowRule,
  StorageType,
  Term,
  TermGroup,
  Vocabulary,
} from './types';

/** Every dataset, in the order the docs and templates list them. */
export const DATASETS: readonly Dataset[] = [cases, activities, visits, implementation, population];

export const DATASET_NAMES = DATASETS.map((d) => d.name) as readonly DatasetName[];

export function isDatasetName(value: string): value is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(value);
}

/** The definition of a dataset by name; throws on an unknown name (a programming error). */
export function getDataset(name: DatasetName): Dataset {
  const found = DATASETS.find((d) => d.name === name);
  if (!found) throw new Error(`unknown dataset: ${name}`);
  return found;
}
