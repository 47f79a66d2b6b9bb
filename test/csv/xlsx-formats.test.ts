import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/csv/xlsx';

/** A number cell reads as a date only when its format shows one; a month-only format reads as a month. */
describe('xlsx number formats', () => {
  it.each([
    ['General', '45017'],
    ['0.00E+00', '45017'],
    ['h:mm', '45017'],
    ['#,##0"件"', '45017'],
    ['yyyy/m/d', '2023/4/1'],
    ['[$-411]ggge"年"m"月"d"日"', '2023/4/1'],
    ['yyyy"年"m"月"', '2023/4'],
    ['mmm\\ dd', '2023/4/1'],
  ])('%s → %s', async (format, expected) => {
    const wb = new ExcelJS.Workbook();
    const cell = wb.addWorksheet('Sheet1').getCell('A1');
    cell.value = 45017; // 2023-04-01
    cell.numFmt = format;
    const { rows } = readXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(rows[0]?.[0]).toBe(expected);
  });
});
