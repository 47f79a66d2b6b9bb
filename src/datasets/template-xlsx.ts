import ExcelJS from 'exceljs';
import { typeWords } from './contract-doc';
import { MUNICIPALITIES } from './municipalities';
import { templateColumns } from './template';
import type { Column, Dataset } from './types';

/**
 * The Excel template of a dataset, from its one definition: the data sheet
 * (named like the dataset, so the ingest finds it whichever sheet is
 * first), a 記入例 sheet with example rows (never read by the ingest: they
 * cannot be uploaded by mistake), a sheet explaining every column, and a
 * hidden sheet of the allowed values the dropdowns list.
 */

/** Rows with dropdowns and formats: a large town's year of cases, with room. */
export const TEMPLATE_ROWS = 20_000;
export const EXAMPLE_SHEET = '記入例';
export const NOTES_SHEET = '項目の説明';
const LISTS_SHEET = '選択肢';

/** Example values by column (dataset.column, or a name shared by every dataset); others follow from the type. */
const EXAMPLES: Record<string, readonly string[]> = {
  case_id: ['C0001', 'C0002'],
  opened_on: ['2024/4/15', '2024/5'],
  'cases.status': ['支援中', '終結'],
  'visits.status': ['実施中', '完了'],
  closed_on: ['', '2024/9/30'],
  household_size: ['2', ''],
  jichikai_id: ['J01', 'J02'],
  jichikai_name: ['本町一区', '上町'],
  households: ['120', '45'],
  visited_households: ['80', '45'],
  completed_on: ['', '2024/7/31'],
  population: ['14000', '3200'],
  aged_65_plus: ['4800', '1400'],
  source: ['住民基本台帳', '住民基本台帳'],
};

function exampleValue(dataset: Dataset, column: Column, i: number): string {
  const given = (EXAMPLES[`${dataset.name}.${column.name}`] ?? EXAMPLES[column.name])?.[i];
  if (given !== undefined) return given;
  const t = column.type;
  switch (t.kind) {
    case 'municipality':
      // A prefecture file has one row per town; a town's own file, its own code.
      return MUNICIPALITIES[dataset.uploadedBy === 'prefecture' ? i : 0]?.code ?? '';
    case 'fiscal_year':
      return '令和6年度';
    case 'int':
      return String(t.min + i + 1);
    case 'string':
      return `例${i + 1}`;
    case 'date':
      return i === 0 ? '2024/6/1' : '2024/7/1';
    case 'month':
      return i === 0 ? '2024/4' : '2024/5';
    case 'enum':
      return t.vocabulary[Math.min(i, t.vocabulary.length - 1)]?.label ?? '';
    case 'multi_enum':
      return t.vocabulary
        .slice(i, i + 2)
        .map((term) => term.label)
        .join('・');
    case 'flag':
      return i === 0 ? (t.yes[0] ?? '') : (t.no[0] ?? '');
  }
}

/** The example rows of the 記入例 sheet, as text (a test uploads them: they must be accepted). */
export function exampleRows(dataset: Dataset): string[][] {
  const columns = templateColumns(dataset);
  return [0, 1].map((i) => columns.map((c) => exampleValue(dataset, c, i)));
}

/** What a dropdown offers: vocabulary labels, flag answers, the towns by name. */
function choices(column: Column): string[] | undefined {
  const t = column.type;
  if (t.kind === 'enum' || t.kind === 'multi_enum') return t.vocabulary.map((term) => term.label);
  if (t.kind === 'flag') return [t.yes[0] ?? '', t.no[0] ?? ''];
  if (t.kind === 'municipality') return MUNICIPALITIES.map((m) => m.name);
  return undefined;
}

const FORMATS: Partial<Record<Column['type']['kind'], string>> = {
  date: 'yyyy/m/d',
  month: 'yyyy/m',
  // IDs stay text: Excel would drop a leading zero from 0012.
  string: '@',
};

const letter = (n: number): string =>
  n < 26 ? String.fromCharCode(65 + n) : letter(Math.floor(n / 26) - 1) + String.fromCharCode(65 + (n % 26));

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/**
 * The .xlsx template of a dataset.
 * @example const bytes = await templateXlsx(cases) // 相談ケース・記入例・項目の説明 sheets
 */
export async function templateXlsx(dataset: Dataset): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '鳥取県 重層的支援体制整備事業 モニタリング';
  const columns = templateColumns(dataset);
  const sheet = workbook.addWorksheet(dataset.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  const examples = workbook.addWorksheet(EXAMPLE_SHEET);
  const notes = workbook.addWorksheet(NOTES_SHEET);
  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });

  sheet.addRow(columns.map((c) => c.header));
  examples.addRow(columns.map((c) => c.header));
  for (const row of exampleRows(dataset)) examples.addRow(row.map((v, i) => typed(columns[i] as Column, v)));
  examples.addRow([]);
  examples.addRow([
    'この行より上は記入例です。このシートは取り込まれません。データは最初のシートに入力してください。',
  ]);

  let listColumn = 0;
  columns.forEach((column, i) => {
    const width = Math.max(12, column.header.length * 2 + 4);
    for (const ws of [sheet, examples]) {
      ws.getColumn(i + 1).width = width;
      const head = ws.getCell(1, i + 1);
      head.font = { bold: true, color: column.required ? { argb: 'FFC00000' } : { argb: 'FF000000' } };
      head.fill = HEADER_FILL;
    }
    const format = FORMATS[column.type.kind];
    if (format) for (const ws of [sheet, examples]) ws.getColumn(i + 1).numFmt = format;
    const values = choices(column);
    if (!values) return;
    listColumn++;
    const at = letter(listColumn - 1);
    lists.getCell(1, listColumn).value = column.header;
    values.forEach((v, j) => {
      lists.getCell(j + 2, listColumn).value = v;
    });
    const multi = column.type.kind === 'multi_enum';
    const rule: ExcelJS.DataValidation = {
      type: 'list',
      allowBlank: !column.required,
      formulae: [`'${LISTS_SHEET}'!$${at}$2:$${at}$${values.length + 1}`],
      showInputMessage: true,
      promptTitle: column.header,
      prompt: multi ? '一覧から選ぶか、複数なら「・」で区切って入力' : '一覧から選んでください',
      showErrorMessage: true,
      // Several terms in one cell are typed, not picked: a warning, not a refusal.
      errorStyle: multi || column.type.kind === 'municipality' ? 'warning' : 'stop',
      errorTitle: column.header,
      error: multi
        ? '一覧にない値です。複数の場合は「・」で区切って入力してください。'
        : '一覧から選んでください。',
    };
    const range = `${letter(i)}2:${letter(i)}${TEMPLATE_ROWS + 1}`;
    (
      sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }
    ).dataValidations.add(range, rule);
  });

  notes.addRow(['列名', '必須', '書き方', '説明', '使える値']);
  notes.getRow(1).font = { bold: true };
  for (const column of columns)
    notes.addRow([
      column.header,
      column.required ? '必須' : '任意',
      typeWords(column.type),
      column.description,
      (choices(column) ?? []).join('、'),
    ]);
  notes.addRow([]);
  notes.addRow([`${dataset.title}: ${dataset.description}`]);
  notes.addRow([
    'データの約束（全項目・書き方の詳細）はアップロード画面の「データの約束」から確認できます。',
  ]);
  [14, 6, 28, 60, 40].forEach((w, i) => {
    notes.getColumn(i + 1).width = w;
  });

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** An example cell as Excel would hold it once typed: dates as dates, counts as numbers. */
function typed(column: Column, value: string): ExcelJS.CellValue {
  if (value === '') return null;
  const kind = column.type.kind;
  if (kind === 'date' || kind === 'month') {
    const [y, m, d] = value.split('/').map(Number);
    // A month-only 受付日 stays text: as a date it would read as the 1st.
    if (d === undefined)
      return kind === 'month' ? new Date(Date.UTC(y as number, (m as number) - 1, 1)) : value;
    return new Date(Date.UTC(y as number, (m as number) - 1, d));
  }
  if (kind === 'int') return Number(value);
  return value;
}

/** @example templateXlsxFileName(cases) // 'template_cases_相談ケース.xlsx' */
export const templateXlsxFileName = (dataset: Dataset): string =>
  `template_${dataset.name}_${dataset.title}.xlsx`;
