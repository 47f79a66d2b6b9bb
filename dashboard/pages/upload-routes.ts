import { Hono } from 'hono';
import { PREFECTURE_CODE } from '../../src/datasets/municipalities';
import { summariseJa } from '../../src/ingest/report';
import { getReport, listReports } from '../../src/ingest/upload-history';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { presignTargetOf } from '../services/presign';
import { layoutProps, renderPage, viewerOf } from './page-context';
import { SubmissionsPage } from './submissions';
import { submissionMatrix } from './submissions-view';
import { ReportPage, UploadPage } from './upload';

/** データ提出状況, アップロード and the page of one upload's report. */
export function uploadPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/upload', async (c) => {
    const viewer = viewerOf(c);
    if (viewer.role === 'promotion_team')
      throw new AppError(403, 'forbidden', '推進チームはデータをアップロードできません。');
    const reports = await listReports(c.get('deps').stores, {
      municipalityCode: viewer.municipalityCode,
      limit: 10,
    });
    // On AWS the browser PUTs the file straight to the raw bucket (presigned), past Lambda's 6 MB limit.
    const deps = c.get('deps');
    const presign = Boolean(deps.config.rawBucket) && presignTargetOf(deps.stores.raw) !== undefined;
    return renderPage(c, UploadPage({ ...layoutProps(c), reports, presign }));
  });

  app.get('/submissions', async (c) => {
    const viewer = viewerOf(c);
    const deps = c.get('deps');
    const now = deps.clock?.() ?? new Date();
    // Municipal staff see their own town's history only (as GET /api/uploads does).
    const own = viewer.role === 'municipality' ? viewer.municipalityCode : undefined;
    const reports = own
      ? [
          ...(await listReports(deps.stores, { municipalityCode: own, limit: 1000 })),
          ...(await listReports(deps.stores, { municipalityCode: PREFECTURE_CODE, limit: 1000 })),
        ].sort((a, b) => b.upload_id.localeCompare(a.upload_id))
      : await listReports(deps.stores, { limit: 5000 });
    const rows = submissionMatrix(reports, now, own ? [own] : undefined);
    return renderPage(c, SubmissionsPage({ ...layoutProps(c), rows, today: now.toISOString().slice(0, 10) }));
  });

  app.get('/uploads/:id', async (c) => {
    const viewer = viewerOf(c);
    const report = await getReport(c.get('deps').stores, c.req.param('id'));
    const visible =
      report && (viewer.role !== 'municipality' || report.municipality_code === viewer.municipalityCode);
    if (!report || !visible) throw new AppError(404, 'not_found', '指定された取り込み結果は見つかりません。');
    return renderPage(c, ReportPage({ ...layoutProps(c), report, summary: summariseJa(report) }));
  });

  return app;
}
