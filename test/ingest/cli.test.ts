import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/csv/xlsx';
import { useTempData } from '../fixtures/extracts/helpers';

/** The ingest CLI as people run it: real process, real files, exit codes and --json. */

const run = promisify(execFile);
const FIXTURES = path.resolve('test/fixtures/extracts');
const fixture = (name: string) => path.join(FIXTURES, name);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/ingest.ts', ...args], {
      env: { ...process.env, RAW_BUCKET: '', CURATED_BUCKET: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const data = useTempData();

describe('npm run ingest', () => {
  it('takes a .xlsx like a CSV: the same report fields, encoding xlsx, the town from its rows', async () => {
    // The CP932 fixture's rows, typed into a workbook.
    const csv = await cli(['--data-dir', data.dir, '--json', fixture('cases-hokuei-cp932.csv')]);
    const [fromCsv] = JSON.parse(csv.stdout);
    const { default: ExcelJS } = await import('exceljs');
    const { openUpload } = await import('../../src/ingest/csv-source');
    const opened = openUpload(new Uint8Array(await readFile(fixture('cases-hokuei-cp932.csv'))));
    if (!('head' in opened)) throw new Error('fixture unreadable');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    for (const line of opened.text.split(/\r?\n/)) ws.addRow(line.split(','));
    const file = path.join(data.dir, 'cases-hokuei.xlsx');
    await writeFile(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(readXlsx(new Uint8Array(await readFile(file))).rows.length).toBeGreaterThan(1);

    const result = await cli(['--data-dir', data.dir, '--json', file]);
    expect(result.code, result.stderr).toBe(0);
    const [report] = JSON.parse(result.stdout);
    expect(Object.keys(report).sort()).toEqual(Object.keys(fromCsv).sort());
    expect(report).toMatchObject({
      file: 'cases-hokuei.xlsx',
      dataset: 'cases',
      municipality_code: '313726',
      encoding: 'xlsx',
      status: 'accepted',
      rows: fromCsv.rows,
    });
  });

  it('exits 0 when every file is accepted and prints one JSON report per file', async () => {
    const result = await cli([
      '--data-dir',
      data.dir,
      '--json',
      fixture('cases-hokuei-cp932.csv'),
      fixture('activities-yonago-bom.csv'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const reports = JSON.parse(result.stdout);
    expect(reports).toEqual([
      expect.objectContaining({
        file: 'cases-hokuei-cp932.csv',
        dataset: 'cases',
        municipality_code: '313726', // every row is 北栄町
        encoding: 'cp932',
        status: 'accepted',
        rows: 3,
        errors: [],
        warnings: expect.any(Array),
      }),
      expect.objectContaining({
        dataset: 'activities',
        municipality_code: '312029',
        encoding: 'utf-8-bom',
        status: 'accepted',
        rows: 2,
      }),
    ]);
  });

  it('exits 1 when a file is rejected, listing each problem with row, column, value, code and message', async () => {
    const result = await cli(['--data-dir', data.dir, '--json', fixture('cases-hokuei-errors.csv')]);
    expect(result.code).toBe(1);
    const [report] = JSON.parse(result.stdout);
    expect(report.status).toBe('rejected');
    expect(report.errors).toEqual([
      { row: 2, column: '受付日', value: '2023/2/30', code: expect.any(String), message: expect.any(String) },
      {
        row: 3,
        column: '相談経路',
        value: '宇宙人',
        code: expect.any(String),
        message: expect.stringMatching(/[ぁ-ん]/),
      },
    ]);
  });

  it('prints a Japanese summary without --json', async () => {
    const result = await cli(['--data-dir', data.dir, fixture('cases-hokuei-errors.csv')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('取り込みませんでした');
    expect(result.stdout).toContain('2行目「受付日」');
  });

  it('refuses a municipality that the rows do not belong to when --municipality is given', async () => {
    const result = await cli([
      '--data-dir',
      data.dir,
      '--json',
      '--municipality',
      '米子市',
      fixture('cases-hokuei-cp932.csv'),
    ]);
    expect(result.code).toBe(1);
    const [report] = JSON.parse(result.stdout);
    expect(report.municipality_code).toBe('312029');
    expect(report.errors.map((e: { code: string }) => e.code)).toContain('municipality_mismatch');
  });

  it.each([
    ['an unknown flag', ['--bogus', fixture('cases-hokuei-cp932.csv')]],
    ['an unknown dataset', ['--dataset', 'people', fixture('cases-hokuei-cp932.csv')]],
    ['no files', []],
    ['an unreadable file', [fixture('no-such-file.csv')]],
  ])('exits 2 with a Japanese usage message on %s', async (_what, args) => {
    const result = await cli(['--data-dir', data.dir, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('使い方');
    expect(result.stdout).toBe('');
  });
});
