import { type Context, Hono } from 'hono';
import { DATASETS } from '../../src/datasets';
import { rememberedHeaderAnswers } from '../../src/ingest/header-answers';
import { type IngestReport, summariseJa } from '../../src/ingest/report';
import { getReport, listReports } from '../../src/ingest/upload-history';
import { readsReportOf } from '../api/uploads';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { presignTargetOf } from '../services/presign';
import { layoutProps, renderPage, viewerOf } from './page-context';
import { ContractPage, HistorySection, ReportPage, UploadPage } from './upload';

/** アップロード and the page of one upload's report. */
export function uploadPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** The recent uploads and each dataset's newest, as far as this viewer may know of them. */
  async function history(c: Context<AppEnv>) {
    const viewer = viewerOf(c);
    if (viewer.role === 'promotion_team')
      throw new AppError(403, 'forbidden', '推進チームはデータをアップロードできません。');
    const stores = c.get('deps').stores;
    const own = viewer.municipalityCode ? { municipalityCode: viewer.municipalityCode } : {};
    const [reports, ...newest] = await Promise.all([
      listReports(stores, { ...own, limit: 10 }),
      ...DATASETS.map((d) => listReports(stores, { ...own, dataset: d.name, limit: 1 })),
    ]);
    const latest = DATASETS.map((dataset, i) => ({ dataset, report: newest[i]?.[0] }));
    return { reports: reports ?? [], latest, reads: (r: IngestReport) => readsReportOf(viewer, r) };
  }

  app.get('/upload', async (c) => {
    const found = await history(c);
    // On AWS the browser PUTs the file straight to the raw bucket (presigned), past Lambda's 6 MB limit.
    const deps = c.get('deps');
    const presign = Boolean(deps.config.rawBucket) && presignTargetOf(deps.stores.raw) !== undefined;
    const town = viewerOf(c).municipalityCode;
    const headerAnswers = town ? await rememberedHeaderAnswers(deps.stores, town) : {};
    return renderPage(c, UploadPage({ ...layoutProps(c), ...found, presign, headerAnswers }));
  });

  // The history block alone: the page swaps it in after each upload, so the new entry shows at once.
  app.get('/upload/history', async (c) => {
    const found = await history(c);
    return c.html(await HistorySection(found).toString());
  });

  app.get('/upload/contract', (c) => renderPage(c, ContractPage(layoutProps(c))));

  app.get('/uploads/:id', async (c) => {
    const viewer = viewerOf(c);
    const report = await getReport(c.get('deps').stores, c.req.param('id'));
    // Only those who see the town's figures exactly read its reports (the history links no others).
    const visible = report && readsReportOf(viewer, report);
    if (!report || !visible) throw new AppError(404, 'not_found', '指定された取り込み結果は見つかりません。');
    return renderPage(c, ReportPage({ ...layoutProps(c), report, summary: summariseJa(report) }));
  });

  return app;
}
