import { type Column, type Dataset, type DatasetName, getDataset } from '../datasets';
import { encodeCsv, renderCsv } from './csv-file';
import { type FileStyle, headerFor } from './styles';

/** One synthetic extract, as a town or the prefecture would upload it. */
export interface DemoFile {
  fileName: string;
  dataset: DatasetName;
  /** The uploading town's 6-digit code, or '310000' for the prefecture's files. */
  municipalityCode: string;
  bytes: Uint8Array;
  encoding: 'cp932' | 'utf-8-bom';
  /** When the file is delivered (ISO); the demo ingests files in this order. */
  uploadedAt: string;
}

export interface SheetSpec {
  dataset: DatasetName;
  municipalityCode: string;
  fileName: string;
  uploadedAt: string;
  style: FileStyle;
  /** Title written above the header when the style has one. */
  title: string;
  /** Values by column name; a missing column is written blank. */
  rows: readonly Readonly<Record<string, string>>[];
}

/** Optional columns a town leaves out of its sheet when its style says so. */
function included(dataset: Dataset, style: FileStyle): Column[] {
  return dataset.columns.filter((c) => c.required || !style.omitOptional);
}

export function renderSheet(spec: SheetSpec): DemoFile {
  const dataset = getDataset(spec.dataset);
  const columns = included(dataset, spec.style);
  const text = renderCsv({
    titleRows: spec.style.titleRow ? [[spec.title]] : [],
    header: columns.map((c) => headerFor(spec.dataset, c, spec.style.headerVariant)),
    rows: spec.rows.map((row) => columns.map((c) => row[c.name] ?? '')),
    trailingBlankRows: spec.style.trailingBlankRows,
  });
  return {
    fileName: spec.fileName,
    dataset: spec.dataset,
    municipalityCode: spec.municipalityCode,
    bytes: encodeCsv(text, spec.style.encoding),
    encoding: spec.style.encoding,
    uploadedAt: spec.uploadedAt,
  };
}

/** A file name as an office would save it: code, town, what, period. */
export function demoFileName(code: string, townName: string, dataset: DatasetName, period: string): string {
  const title = getDataset(dataset).title;
  return `${code}_${townName}_${title}_${period}.csv`;
}
