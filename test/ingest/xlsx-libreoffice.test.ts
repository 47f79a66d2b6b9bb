import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASES_HEADER,
  caseRow,
  csvBytes,
  type TempData,
  tempData,
  upload,
} from '../fixtures/extracts/helpers';

/**
 * Workbooks saved by LibreOffice, not by the library the templates use: its
 * own styles, number-format codes and cell types. LibreOffice is Debian's
 * libreoffice-calc-nogui (.ci/run installs it).
 */

const run = promisify(execFile);
let dir: string;
let data: TempData;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lo-xlsx-'));
  data = await tempData();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await data.cleanup();
});

/** soffice --headless --convert-to xlsx, with a profile of its own (parallel runs would share one). */
async function convert(file: string, infilter?: string): Promise<Uint8Array> {
  const out = path.join(dir, `out-${path.basename(file)}`);
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      ...(infilter ? [`--infilter=${infilter}`] : []),
      '--convert-to',
      'xlsx',
      '--outdir',
      out,
      file,
    ],
    { timeout: 120_000 },
  );
  return new Uint8Array(await readFile(path.join(out, `${path.parse(file).name}.xlsx`)));
}

describe('LibreOffice-saved workbooks', () => {
  it('accepts a CSV with 和暦 and 西暦 dates converted by LibreOffice', async () => {
    const file = path.join(dir, 'cases.csv');
    const rows = [
      caseRow({ ケースID: 'L1', 年度: '令和5年度', 受付日: '令和5年4月10日' }),
      caseRow({ ケースID: 'L2', 年度: 'R5', 受付日: '2023/5/1', 状態: '終結', 終結日: 'R5.9.30' }),
      caseRow({ ケースID: 'L3', 受付日: 'H31.4.1', 年度: '2019' }),
    ];
    await writeFile(file, csvBytes([CASES_HEADER, ...rows], 'utf-8'));
    // UTF-8 (76), Japanese locale (1041): LibreOffice makes 2023/5/1 a date cell.
    const bytes = await convert(file, 'CSV:44,34,76,1,,1041');
    const report = await upload(data.stores, { bytes, fileName: 'cases.xlsx' });
    expect(report.errors).toEqual([]);
    expect(report.status).toBe('accepted');
    expect(report.encoding).toBe('xlsx');
    expect(report.rows).toBe(3);
  }, 180_000);

  it('accepts date cells in a 和暦 number format, as LibreOffice writes the format back', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('相談ケース');
    ws.addRow(CASES_HEADER);
    ws.addRow(caseRow({ ケースID: 'W1' }));
    ws.addRow(caseRow({ ケースID: 'W2', 状態: '終結', 終結日: '2023/9/30' }));
    for (const ref of ['D2', 'D3', 'J3']) {
      const cell = ws.getCell(ref);
      cell.value = new Date(Date.UTC(2023, ref === 'J3' ? 8 : 3, ref === 'J3' ? 30 : 10));
      cell.numFmt = '[$-411]ggge"年"m"月"d"日"';
    }
    const source = path.join(dir, 'wareki.xlsx');
    await writeFile(source, new Uint8Array(await wb.xlsx.writeBuffer()));
    const bytes = await convert(source);
    const report = await upload(data.stores, { bytes, fileName: 'wareki.xlsx' });
    expect(report.errors).toEqual([]);
    expect(report.status).toBe('accepted');
  }, 180_000);
});
