import { Hono } from 'hono';
import { DATASETS, type DatasetName } from '../../src/datasets';
import { MUNICIPALITIES, PREFECTURE_CODE } from '../../src/datasets/municipalities';
import type { IngestReport } from '../../src/ingest/report';
import { eachReport, listReports } from '../../src/ingest/upload-history';
import { fiscalYearOf } from '../../src/normalise/fiscal-year';
import { todayInJapan } from '../../src/normalise/japan-time';
import { SENDERS, townSchedule } from '../../src/submissions/schedule';
import { readsReportOf } from '../api/uploads';
import type { AppEnv } from '../context';
import { attachmentHeader, toCsv } from '../services/csv-export';
import { municipalityName } from './format';
import { layoutProps, renderPage, viewerOf } from './page-context';
import { type PrefectureDue, type SubmissionRow, SubmissionsPage, stateText } from './submissions';
import { SubmissionHistory, townFacts } from './submissions-view';

const ALL_DATASETS = Object.keys(SENDERS) as DatasetName[];
const TOWN_DATASETS = ALL_DATASETS.filter((d) => SENDERS[d] === 'municipality');

/** データ提出状況 (/submissions?fiscal_year=): the schedule of src/submissions for each town. */
export function submissionsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/submissions', async (c) => {
    const viewer = viewerOf(c);
    const deps = c.get('deps');
    const now = deps.clock?.() ?? new Date();
    const today = todayInJapan(now);
    // Municipal staff see their own town only (as GET /api/uploads does).
    const own = viewer.role === 'municipality' ? viewer.municipalityCode : undefined;
    const codes = own ? [own] : MUNICIPALITIES.map((m) => m.code);
    const history = new SubmissionHistory([...codes, PREFECTURE_CODE], (r) => readsReportOf(viewer, r));
    const [implementation, consultations] = await Promise.all([
      deps.indicators.get('implementation', {}, viewer),
      deps.indicators.get('consultations', {}, viewer),
      readHistory(deps.stores, own, (r) => history.add(r)),
    ]);

    const current = fiscalYearOf(today);
    const known = implementation.data.map((r) => r.fiscal_year).filter((y) => typeof y === 'number');
    const first = Math.min(current, ...known);
    const fiscalYears = Array.from({ length: current - first + 1 }, (_, i) => first + i);
    const asked = Number(c.req.query('fiscal_year'));
    const fiscalYear = fiscalYears.includes(asked) ? asked : current;

    const dueDay = deps.config.submissionDueDay;
    const datasets = own ? TOWN_DATASETS : ALL_DATASETS;
    const rows: SubmissionRow[] = codes.map((code) => {
      const h = history.of(code);
      return {
        schedule: townSchedule(
          townFacts(h, implementation.data, consultations.data),
          fiscalYear,
          { dueDay, today },
          datasets,
        ),
        last: h.last,
      };
    });
    if (c.req.query('format') === 'csv') {
      const table = csvRows(rows, datasets);
      await deps.audit.append(viewer, 'export', 'submissions', {
        filters: { fiscal_year: fiscalYear, ...(own ? { municipality: own } : {}) },
        rows: table.length,
      });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header(
        'Content-Disposition',
        attachmentHeader(`データ提出状況_${fiscalYear}.csv`, `submissions_${fiscalYear}.csv`),
      );
      c.header('Cache-Control', 'no-store');
      return c.body(toCsv(table, Object.keys(table[0] ?? {})));
    }
    const prefecture = own ? null : prefectureDue(rows, history.of(PREFECTURE_CODE).last);
    return renderPage(
      c,
      SubmissionsPage({
        ...layoutProps(c),
        fiscalYear,
        fiscalYears,
        rows,
        datasets,
        prefecture,
        today,
        dueDay,
      }),
    );
  });

  return app;
}

const MONTH_TEXT = { submitted: '提出済', overdue: '期限超過', pending: '期限前', not_expected: '対象外' };

/** One CSV row per town × dataset: its state and its twelve months (keys are the headers). */
function csvRows(rows: SubmissionRow[], datasets: DatasetName[]): Record<string, string | number | null>[] {
  const titles = Object.fromEntries(DATASETS.map((d) => [d.name, d.title]));
  return rows.flatMap((r) =>
    datasets.map((d) => {
      const cell = r.schedule.cells[d];
      const row: Record<string, string | number | null> = {
        市町村コード: r.schedule.code,
        市町村: municipalityName(r.schedule.code),
        年度: r.schedule.fiscalYear,
        データ: titles[d] ?? d,
        提出元: cell.sender === 'prefecture' ? '県' : '市町村',
        状況: stateText(cell),
        期限超過日数: cell.overdueDays,
      };
      for (const m of cell.months) row[`${Number(m.month.slice(5, 7))}月`] = MONTH_TEXT[m.state];
      return row;
    }),
  );
}

/** The prefecture's datasets over all towns: how many are in, the earliest missed deadline. */
function prefectureDue(rows: SubmissionRow[], last: SubmissionRow['last']): PrefectureDue[] {
  return ALL_DATASETS.filter((d) => SENDERS[d] === 'prefecture').map((dataset) => {
    const cells = rows.map((r) => r.schedule.cells[dataset]);
    const overdue = cells.map((c) => c.overdueDays).filter((d) => d !== null);
    return {
      dataset,
      submitted: cells.filter((c) => c.state === 'submitted').length,
      expected: cells.filter((c) => c.state !== 'not_expected').length,
      overdueDays: overdue.length ? Math.max(...overdue) : null,
      last: last[dataset],
    };
  });
}

/**
 * Every report this viewer may know of, newest first, a batch at a time.
 * For a town: its own stream and the prefecture-wide one, merged.
 */
async function readHistory(
  stores: Parameters<typeof eachReport>[0],
  own: string | undefined,
  add: (report: IngestReport) => void,
): Promise<void> {
  if (!own) {
    await eachReport(stores, {}, (report) => {
      add(report);
      return true;
    });
    return;
  }
  const prefectureWide = await listReports(stores, { municipalityCode: PREFECTURE_CODE, limit: 1000 });
  let p = 0;
  await eachReport(stores, { municipalityCode: own }, (report) => {
    while ((prefectureWide[p]?.upload_id ?? '') > report.upload_id) add(prefectureWide[p++] as IngestReport);
    add(report);
    return true;
  });
  for (; p < prefectureWide.length; p++) add(prefectureWide[p] as IngestReport);
}
