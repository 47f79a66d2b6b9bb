import { Hono } from 'hono';
import { mayUpload, seesExactFiguresOf, type Viewer } from '../../src/access/viewer';
import { type DatasetName, getDataset, isDatasetName } from '../../src/datasets';
import { PREFECTURE_CODE } from '../../src/datasets/municipalities';
import {
  type HeaderAnswer,
  type HeaderAnswers,
  headerQuestion,
  parseHeaderAssignment,
  rememberHeaderAnswers,
} from '../../src/ingest/header-answers';
import { type IngestReport, summariseJa } from '../../src/ingest/report';
import { getReport, listReports } from '../../src/ingest/upload-history';
import { normaliseHeader } from '../../src/normalise/text';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { presignRawUpload, presignTargetOf, readPresignFile } from '../services/presign';
import type { ResponseCache } from '../services/response-cache';
import { auditUpload } from '../services/upload-audit';
import { detectUploadDataset, keepRawUpload } from '../services/upload-intake';
import { municipalityParam } from './params';
import { requireViewerOf } from './viewer';

function datasetParam(raw: unknown): DatasetName | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !isDatasetName(raw))
    throw new AppError(
      400,
      'invalid_parameter',
      `dataset は cases, activities, visits, implementation, population のいずれかで指定してください。指定値: ${String(raw)}`,
    );
  return raw;
}

/** One of the 19 towns, or 310000 (鳥取県) for prefecture-wide uploads. */
function uploadMunicipality(raw: unknown): string | undefined {
  if (raw === PREFECTURE_CODE) return PREFECTURE_CODE;
  return municipalityParam('municipality', typeof raw === 'string' ? raw : undefined);
}

/** The town an upload is for: as asked, else the uploader's own town, else prefecture-wide. */
function targetMunicipality(viewer: Viewer, requested: string | undefined): string {
  if (requested !== undefined) return requested;
  return viewer.role === 'municipality' ? (viewer.municipalityCode as string) : PREFECTURE_CODE;
}

/**
 * Refusals we can decide before reading the file: 403. Whether a dataset
 * detected from the headers may be uploaded by this viewer is checked again by
 * the ingest (mayUpload), which then rejects the file in its report.
 */
function checkMayUpload(viewer: Viewer, dataset: DatasetName | undefined, code: string): void {
  if (viewer.role === 'promotion_team')
    throw new AppError(
      403,
      'upload_not_allowed',
      '推進チームのアカウントではデータをアップロードできません。',
    );
  if (viewer.role === 'municipality' && code !== viewer.municipalityCode)
    throw new AppError(403, 'forbidden_municipality', '自分の市町村以外のデータはアップロードできません。');
  if (dataset && !mayUpload(viewer, getDataset(dataset), code))
    throw new AppError(
      403,
      'upload_not_allowed',
      `「${getDataset(dataset).title}」は県（孤独・孤立対策課）がアップロードするデータです。`,
    );
}

/**
 * The `header` fields of an upload form (`相談件数=contacts`, repeatable;
 * blank = not said): which count each ambiguous header is.
 */
function headerAnswersParam(raw: unknown): HeaderAnswers {
  const out: Record<string, HeaderAnswer> = {};
  for (const value of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
    if (typeof value !== 'string')
      throw new AppError(400, 'invalid_parameter', 'header は「見出し=意味」の文字列で指定してください。');
    if (value.trim() === '') continue;
    const parsed = parseHeaderAssignment(value);
    if (typeof parsed === 'string') throw new AppError(400, 'invalid_parameter', parsed);
    out[parsed[0]] = parsed[1];
  }
  return out;
}

/** For a file asked about: each ambiguous column with its choices, as the form sends them back. */
function headerQuestionsOf(report: IngestReport) {
  if (report.dataset === null) return [];
  const dataset = getDataset(report.dataset);
  return report.errors
    .filter((e) => e.code === 'ambiguous_header' && e.column !== null)
    .map((e) => {
      const column = e.column as string;
      const choices = headerQuestion(dataset, column) ?? [];
      const key = normaliseHeader(column);
      return {
        column,
        header: key,
        choices: choices.map((c) => ({ answer: c.answer, label: c.label, value: `${key}=${c.answer}` })),
      };
    });
}

/** A parsed JSON body that is an object, or a 400 in Japanese. */
function jsonObject(parsed: unknown): Record<string, unknown> {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new AppError(400, 'invalid_body', 'リクエストの本文は JSON オブジェクトで送ってください。');
  return parsed as Record<string, unknown>;
}

/** May this viewer know of this upload at all? Municipality staff see their own town's uploads only. */
function mayRead(viewer: Viewer, report: IngestReport): boolean {
  if (viewer.role !== 'municipality') return true;
  return report.municipality_code === viewer.municipalityCode || report.uploader === viewer.login;
}

/**
 * May this viewer read the report itself? Its row counts (per year too)
 * and cell values are the town's figures, exact: shown only to those who
 * see the town's figures exactly (the prefecture, the town's own staff).
 * A prefecture-wide upload holds every town's: the prefecture only.
 */
export function readsReportOf(viewer: Viewer, report: IngestReport): boolean {
  if (report.municipality_code === null)
    return viewer.role === 'prefecture' || report.uploader === viewer.login;
  return seesExactFiguresOf(viewer, report.municipality_code);
}

/** What anyone who may know of an upload sees: the town, the dataset, the outcome and the date. */
export function outline(report: IngestReport) {
  return {
    municipality_code: report.municipality_code,
    dataset: report.dataset,
    status: report.status,
    uploaded_at: report.uploaded_at,
  };
}

/** The history lists outcomes; the full problem lists are fetched one report at a time. */
function summary(viewer: Viewer, report: IngestReport) {
  if (!readsReportOf(viewer, report)) return outline(report);
  const { errors: _errors, warnings: _warnings, partition_keys: _keys, ...rest } = report;
  return { ...rest, summary: summariseJa(report) };
}

/** The cursor of the next page: an upload id, as the history's keys hold them. */
function beforeParam(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{8}T\d{9}Z-[0-9a-f]{12}$/.test(raw))
    throw new AppError(
      400,
      'invalid_parameter',
      'before には前のページの meta.next の値を指定してください。',
    );
  return raw;
}

/** POST /api/uploads, POST /api/uploads/presign, GET /api/uploads, GET /api/uploads/:id. */
export function uploadRoutes(responses: ResponseCache): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  // The body size is capped before this runs (security.ts requestSizeLimit).
  routes.post('/', async (c) => {
    const viewer = requireViewerOf(c);
    const { config, stores, audit, clock, ingest, indicators } = c.get('deps');
    const form = await c.req.parseBody({ all: true });
    const file = form.file;
    const headerAnswers = headerAnswersParam(form.header);
    if (!(file instanceof File))
      throw new AppError(400, 'file_missing', 'アップロードするファイル（file）を指定してください。');
    const dataset = datasetParam(form.dataset);
    const code = targetMunicipality(viewer, uploadMunicipality(form.municipality));
    checkMayUpload(viewer, dataset, code);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const uploadedAt = (clock ?? (() => new Date()))();

    if (config.rawBucket) {
      // On AWS the raw bucket's notification runs the ingest; this role only writes raw/.
      const detected = dataset ?? detectUploadDataset(bytes);
      checkMayUpload(viewer, detected, code);
      // The ingest Lambda reads the town's answers: one given with the file is kept for it now.
      await rememberHeaderAnswers(stores, code, headerAnswers, viewer.login);
      const kept = await keepRawUpload(stores, {
        bytes,
        fileName: file.name,
        dataset: detected,
        municipalityCode: code,
        uploader: viewer,
        uploadedAt,
      });
      await audit.append(viewer, 'upload', kept.upload_id, {
        file: kept.file,
        dataset: kept.dataset,
        municipality_code: kept.municipality_code,
        status: kept.status,
      });
      return c.json(
        {
          data: kept,
          meta: {},
          message: `「${kept.file}」を受け付けました。取り込み結果は1分ほどでデータ提出状況に表示されます（受付番号 ${kept.upload_id}）。`,
        },
        202,
      );
    }

    if (!ingest) throw new Error('no raw bucket and no in-process ingest: the deployment is misconfigured');
    const report = await ingest(
      stores,
      {
        bytes,
        fileName: file.name,
        ...(dataset ? { dataset } : {}),
        municipalityCode: code,
        uploader: viewer,
        uploadedAt,
        headerAnswers,
      },
      {
        maxUploadBytes: config.maxUploadBytes,
        settle: async (settled, uploader) => {
          if (settled.status === 'accepted') {
            responses.invalidate();
            // The new version's grid is built now, not on the next page's request (it awaits this build).
            indicators.publishInBackground();
          }
          await auditUpload(audit)(settled, uploader);
        },
      },
    );
    return c.json(
      { data: { ...report, summary: summariseJa(report), questions: headerQuestionsOf(report) }, meta: {} },
      report.status === 'accepted' ? 201 : 422,
    );
  });

  // Cloud only: the browser PUTs the file straight to S3, past Lambda's 6 MB request limit.
  routes.post('/presign', async (c) => {
    const viewer = requireViewerOf(c);
    const { config, stores, audit, clock } = c.get('deps');
    const target = config.rawBucket ? presignTargetOf(stores.raw) : undefined;
    if (!target)
      throw new AppError(
        409,
        'presign_unavailable',
        'この環境では署名付きURLでのアップロードは使えません。POST /api/uploads でファイルを送ってください。',
      );
    const body = jsonObject(await c.req.json().catch(() => undefined));
    const dataset = datasetParam(body.dataset);
    if (!dataset)
      throw new AppError(
        400,
        'invalid_parameter',
        'dataset（cases, activities, visits, implementation, population のいずれか）を指定してください。',
      );
    const code = targetMunicipality(viewer, uploadMunicipality(body.municipality));
    checkMayUpload(viewer, dataset, code);
    const file = readPresignFile(body, config.maxUploadBytes);
    // As for POST /api/uploads on AWS: the ingest Lambda reads the town's answers, so one sent now is kept now.
    await rememberHeaderAnswers(stores, code, headerAnswersParam(body.header), viewer.login);
    const presigned = await presignRawUpload(target, {
      ...file,
      dataset,
      municipalityCode: code,
      uploader: viewer,
      now: (clock ?? (() => new Date()))(),
    });
    await audit.append(viewer, 'upload', presigned.upload_id, {
      file: file.fileName,
      dataset,
      municipality_code: code,
      size: file.size,
      raw_key: presigned.key,
      status: 'presigned',
      expires_at: presigned.expires_at,
    });
    return c.json({ data: presigned, meta: {} });
  });

  routes.get('/', async (c) => {
    const viewer = requireViewerOf(c);
    const query = c.req.query();
    const dataset = datasetParam(query.dataset);
    const requested = uploadMunicipality(query.municipality);
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new AppError(400, 'invalid_parameter', 'limit は 1〜1000 の整数で指定してください。');
    const before = beforeParam(query.before);
    if (viewer.role === 'municipality' && requested !== undefined && requested !== viewer.municipalityCode)
      throw new AppError(403, 'forbidden_municipality', '他の市町村のアップロード履歴は見られません。');
    const municipalityCode = viewer.role === 'municipality' ? viewer.municipalityCode : requested;
    // One page, newest first; meta.next is the cursor of the next (older) one.
    const reports = await listReports(c.get('deps').stores, {
      ...(dataset ? { dataset } : {}),
      ...(municipalityCode ? { municipalityCode } : {}),
      ...(before ? { before } : {}),
      limit,
    });
    const visible = reports.filter((r) => mayRead(viewer, r));
    const next = reports.length === limit ? reports[reports.length - 1]?.upload_id : undefined;
    return c.json({
      data: visible.map((r) => summary(viewer, r)),
      meta: { count: visible.length, limit, ...(next ? { next } : {}) },
    });
  });

  routes.get('/:id', async (c) => {
    const viewer = requireViewerOf(c);
    const report = await getReport(c.get('deps').stores, c.req.param('id'));
    if (!report) throw new AppError(404, 'upload_not_found', '指定されたアップロードは見つかりません。');
    if (!mayRead(viewer, report))
      throw new AppError(403, 'forbidden_municipality', '他の市町村のアップロードは見られません。');
    if (!readsReportOf(viewer, report)) return c.json({ data: outline(report), meta: {} });
    return c.json({ data: { ...report, summary: summariseJa(report) }, meta: {} });
  });

  return routes;
}
