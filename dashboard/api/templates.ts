import { Hono } from 'hono';
import { getDataset, isDatasetName } from '../../src/datasets';
import { templateCsv, templateFileName } from '../../src/datasets/template';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { attachmentHeader } from '../services/csv-export';

/** GET /api/templates/:dataset — the header-only CSV template people fill in (UTF-8 with BOM). */
export function templateRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/:dataset', (c) => {
    const name = c.req.param('dataset').replace(/\.csv$/, '');
    if (!isDatasetName(name))
      throw new AppError(404, 'unknown_dataset', `データセット「${name}」はありません。`);
    const dataset = getDataset(name);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachmentHeader(templateFileName(dataset), `template_${name}.csv`));
    return c.body(templateCsv(dataset) as Uint8Array<ArrayBuffer>);
  });
  return routes;
}
