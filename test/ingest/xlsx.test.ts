import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx, XLSX_LIMITS } from '../../src/csv/xlsx';
import { DATASETS, getDataset } from '../../src/datasets';
import { templateColumns } from '../../src/datasets/template';
import { EXAMPLE_SHEET, exampleRows, NOTES_SHEET, templateXlsx } from '../../src/datasets/template-xlsx';
import {
  CASES_HEADER,
  caseRow,
  HOKUEI,
  readCurated,
  tempData,
  upload,
  useTempData,
} from '../fixtures/extracts/helpers';

/**
 * Excel in and out: the .xlsx template, filled the way staff fill it, goes
 * through the same checks as a CSV and stores the same rows; a workbook's
 * size is bounded before anything is inflated past the limits.
 */

const data = useTempData();

async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const plain = (rows: Record<string, unknown>[]) =>
  rows
    .map((r) =>
      JSON.stringify(
        Object.entries(r)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
      ),
    )
    .sort();

describe('xlsx templates', () => {
  it.each(DATASETS.map((d) => [d.name, d]))(
    '%s: data sheet first with the header row, examples and notes beside it',
    async (_name, dataset) => {
      const bytes = await templateXlsx(dataset);
      const sheet = readXlsx(bytes, [dataset.title]);
      expect(sheet.sheet).toBe(dataset.title);
      expect(sheet.rows).toEqual([templateColumns(dataset).map((c) => c.header)]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual([
        dataset.title,
        EXAMPLE_SHEET,
        NOTES_SHEET,
      ]);
      // Every vocabulary column has a dropdown.
      const validations = (
        wb.worksheets[0] as unknown as { dataValidations: { model: Record<string, { type: string }> } }
      ).dataValidations.model;
      const listed = Object.values(validations).filter((v) => v.type === 'list').length;
      const vocab = templateColumns(dataset).filter((c) =>
        ['enum', 'multi_enum', 'flag', 'municipality'].includes(c.type.kind),
      );
      expect(listed).toBeGreaterThanOrEqual(vocab.length);
    },
  );

  it.each(DATASETS.map((d) => [d.name, d]))('%s: the example rows are accepted', async (_name, dataset) => {
    const rows = [templateColumns(dataset).map((c) => c.header), ...exampleRows(dataset)];
    const report = await upload(data.stores, { rows, dataset: dataset.name, municipalityCode: '310000' });
    expect(report.errors).toEqual([]);
    expect(report.warnings.filter((w) => w.code !== 'optional_blank')).toEqual([]);
  });
});

describe('xlsx round trip', () => {
  it('a filled template is accepted with the same rows as the CSV route, encoding xlsx', async () => {
    const dataset = getDataset('cases');
    const rows = [
      caseRow({ ケースID: 'X1', 受付日: '2023/4/10' }),
      caseRow({
        ケースID: 'X2',
        受付日: '2023/5/1',
        状態: '終結',
        終結日: '2023/9/30',
        課題: 'ひきこもり・独居',
      }),
      caseRow({ ケースID: '0012', 受付日: '2023/6/15', 世帯人員: '' }),
    ];
    const template = await templateXlsx(dataset);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(dataset.title) as ExcelJS.Worksheet;
    const columns = templateColumns(dataset).map((c) => c.header);
    rows.forEach((row, r) => {
      columns.forEach((header, c) => {
        const text = row[CASES_HEADER.indexOf(header)] ?? '';
        const cell = sheet.getCell(r + 2, c + 1);
        if (text === '') return;
        if (header === '受付日' || header === '終結日') {
          const [y, m, d] = text.split('/').map(Number);
          cell.value = new Date(Date.UTC(y as number, (m as number) - 1, d as number));
        } else if (header === '世帯人員' || header === '年度' || header === '市町村コード')
          cell.value = Number(text);
        else cell.value = text;
      });
    });
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());

    const viaXlsx = await tempData();
    const viaCsv = await tempData();
    try {
      const x = await upload(viaXlsx.stores, { bytes, fileName: '相談ケース.xlsx' });
      expect(x.errors).toEqual([]);
      expect(x.status).toBe('accepted');
      expect(x.encoding).toBe('xlsx');
      expect(x.rows).toBe(3);
      const c = await upload(viaCsv.stores, { rows: [CASES_HEADER, ...rows] });
      expect(c.status).toBe('accepted');
      expect(plain(await readCurated(viaXlsx.dir, 'cases'))).toEqual(
        plain(await readCurated(viaCsv.dir, 'cases')),
      );
    } finally {
      await viaXlsx.cleanup();
      await viaCsv.cleanup();
    }
  });

  it('reads a merged title, hidden rows, cached formula values, 和暦-formatted dates, with Excel row numbers', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.getCell('A1').value = '北栄町 相談ケース一覧';
      ws.mergeCells('A1:J1');
      ws.addRow([]);
      ws.getRow(3).values = CASES_HEADER;
      const rows = [
        caseRow({ ケースID: 'F1' }),
        caseRow({ ケースID: 'F2' }),
        caseRow({ ケースID: 'F3', 相談経路: '宇宙人' }),
      ];
      rows.forEach((row, i) => {
        ws.getRow(4 + i).values = row;
      });
      // 受付日 as a date shown in 和暦, 世帯人員 as a formula.
      const opened = ws.getCell('D4');
      opened.value = new Date(Date.UTC(2023, 3, 10));
      opened.numFmt = '[$-411]ggge"年"m"月"d"日"';
      ws.getCell('G5').value = { formula: '1+2', result: 3 };
      ws.getRow(5).hidden = true;
    });
    const report = await upload(data.stores, { bytes, fileName: 'x.xlsx', dataset: 'cases' });
    expect(report.encoding).toBe('xlsx');
    expect(report.errors.map((e) => [e.row, e.column, e.value])).toEqual([[6, '相談経路', '宇宙人']]);
    expect(report.warnings.map((w) => [w.row, w.code])).toContainEqual([5, 'hidden_rows']);
  });

  it('takes the sheet named like the dataset before the first one', async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet('メモ').addRow(['関係ないシート']);
      const ws = wb.addWorksheet('相談ケース');
      ws.addRow(CASES_HEADER);
      ws.addRow(caseRow({ ケースID: 'S1' }));
    });
    const report = await upload(data.stores, { bytes, fileName: 'x.xlsx' });
    expect(report.errors).toEqual([]);
    expect(report.dataset).toBe('cases');
    expect(report.municipality_code).toBe(HOKUEI);
  });
});

/** A zip of one entry whose header declares `declared` bytes. */
function zipOf(name: string, content: Buffer, declared = content.length): Uint8Array {
  const data = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return new Uint8Array(Buffer.concat([local, nameBytes, data, central, nameBytes, end]));
}

describe('xlsx guards', () => {
  it('refuses an entry that inflates past the limit, whatever its header declares', () => {
    const bomb = zipOf('xl/workbook.xml', Buffer.alloc(4 * 1024 * 1024), 100);
    expect(() => readXlsx(bomb, [], { ...XLSX_LIMITS, maxTotalBytes: 1024 * 1024 })).toThrow(/大きすぎます/);
  });

  it('refuses a sheet whose used range is over the row or column limit, before reading rows', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('相談ケース');
      ws.addRow(CASES_HEADER);
      ws.getCell('A300').value = 'x';
    });
    expect(() => readXlsx(bytes, [], { ...XLSX_LIMITS, maxRows: 100 })).toThrow(/100行超/);
    expect(() => readXlsx(bytes, [], { ...XLSX_LIMITS, maxColumns: 5 })).toThrow(/5列超/);
  });

  it('rejects a damaged workbook with a Japanese reason, storing nothing', async () => {
    const report = await upload(data.stores, {
      bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      fileName: 'broken.xlsx',
      dataset: 'cases',
    });
    expect(report.status).toBe('rejected');
    expect(report.encoding).toBe('xlsx');
    expect(report.errors[0]?.message).toMatch(/Excel/);
  });
});
