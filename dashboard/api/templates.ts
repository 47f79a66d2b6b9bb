import { Hono } from 'hono';
import { getDataset, isDatasetName } from '../../src/datasets';
import { templateCsv, templateFileName } from '../../src/datasets/template';
import { templateXlsx, templateXlsxFileName } from '../../src/datasets/template-xlsx';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { attachmentHeader } from '../services/csv-export';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /api/templates/:dataset — the header-only CSV template (UTF-8 with
 * BOM); GET /api/templates/:dataset.xlsx — the Excel template (dropdowns,
 * date formats, 記入例 and 項目の説明 sheets).
 */
export function templateRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/:dataset', async (c) => {
    const requested = c.req.param('dataset');
    const xlsx = requested.endsWith('.xlsx');
    const name = requested.replace(/\.(csv|xlsx)$/, '');
    if (!isDatasetName(name))
      throw new AppError(404, 'unknown_dataset', `データセット「${name}」はありません。`);
    const dataset = getDataset(name);
    if (xlsx) {
      c.header('Content-Type', XLSX_TYPE);
      c.header(
        'Content-Disposition',
        attachmentHeader(templateXlsxFileName(dataset), `template_${name}.xlsx`),
      );
      return c.body((await templateXlsx(dataset)) as Uint8Array<ArrayBuffer>);
    }
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachmentHeader(templateFileName(dataset), `template_${name}.csv`));
    return c.body(templateCsv(dataset) as Uint8Array<ArrayBuffer>);
  });
  return routes;
}
