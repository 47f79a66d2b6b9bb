import { Hono } from 'hono';
import type { Viewer } from '../../src/access/viewer';
import { monthText, resolveFilters } from '../../src/query/filters';
import { TOTTORI_REFERENCE } from '../../src/query/reference';
import type { IndicatorFilters, IndicatorId } from '../../src/query/types';
import { indicatorQuery } from '../api/params';
import type { AppDeps, AppEnv } from '../context';
import { ComparePage } from './compare';
import { atLevel, fiscalYears } from './format';
import { partialYearWindow } from './month-window';
import { MunicipalityPage } from './municipality';
import { MunicipalityListPage } from './municipality-list';
import { layoutProps, municipalityParam, renderPage, viewerOf } from './page-context';
import { PREFECTURE_PAGE_REQUESTS, type PrefectureData, PrefecturePage } from './prefecture';

/** Loads several indicators at once for one viewer (suppression applies per viewer inside the service). */
export function loader(deps: AppDeps, viewer: Viewer) {
  return (id: IndicatorId, filters: IndicatorFilters = {}) => deps.indicators.get(id, filters, viewer);
}

/** The page's month window from its query string, or a 400 worded like the API's. */
function windowQuery(
  from: string | undefined,
  to: string | undefined,
): { from: string; to: string } | undefined {
  if (!from && !to) return undefined;
  const filters = indicatorQuery({
    ...(from ? { from_month: from } : {}),
    ...(to ? { to_month: to } : {}),
  }).filters;
  const resolved = resolveFilters(filters, TOTTORI_REFERENCE).months;
  return resolved ? { from: monthText(resolved.first), to: monthText(resolved.last) } : undefined;
}

/** 県全体, 市町村 and 比較. */
export function indicatorPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const load = loader(c.get('deps'), viewerOf(c));
    const requests = Object.entries(PREFECTURE_PAGE_REQUESTS);
    const [summary, answers] = await Promise.all([
      c.get('deps').indicators.summary(viewerOf(c)),
      Promise.all(requests.map(([, [id, filters]]) => load(id, filters))),
    ]);
    const data = Object.fromEntries(requests.map(([key], n) => [key, answers[n]]));
    return renderPage(
      c,
      PrefecturePage({
        ...layoutProps(c),
        data: { ...(data as Omit<PrefectureData, 'summary'>), summary: summary.data },
      }),
    );
  });

  app.get('/municipalities', (c) => {
    const viewer = viewerOf(c);
    return renderPage(
      c,
      MunicipalityListPage({
        ...layoutProps(c),
        title: '市町村を選ぶ',
        lead: viewer.municipalityCode
          ? '自分の市町村の値はすべて表示されます。他の市町村の少ない値は秘匿されます。'
          : '市町村名を選ぶと、その市町村の指標と人口規模等が近い市町村・圏域・県との比較を表示します。',
        base: '/municipalities',
        current: 'municipality',
      }),
    );
  });

  app.get('/municipalities/:code', async (c) => {
    const town = municipalityParam(c.req.param('code'));
    const load = loader(c.get('deps'), viewerOf(c));
    const filters = { municipality: town.code };
    // A month window asked for (?from_month=2023-04&to_month=2023-09), checked by the API's rules.
    const asked = windowQuery(c.req.query('from_month'), c.req.query('to_month'));
    const [consultations, benchmark, issues, visits, implementation, outcomes] = await Promise.all([
      load('consultations', filters),
      load('benchmark', filters),
      load('issues', filters),
      load('visits', filters),
      load('implementation', filters),
      load('outcomes', filters),
    ]);
    // Else a partial latest year is compared over its reported months (前年同期比).
    const months = asked ?? partialYearWindow(consultations.data, town.code);
    const window = months
      ? await load('consultations', { ...filters, fromMonth: months.from, toMonth: months.to })
      : undefined;
    return renderPage(
      c,
      MunicipalityPage({
        ...layoutProps(c),
        town,
        data: { consultations, benchmark, issues, visits, implementation, window, outcomes },
      }),
    );
  });

  app.get('/compare', async (c) => {
    const load = loader(c.get('deps'), viewerOf(c));
    const all = await load('consultations');
    const years = fiscalYears(atLevel(all.data, 'municipality'));
    const asked = Number(c.req.query('fiscal_year'));
    const fiscalYear = years.includes(asked) ? asked : (years.at(-1) ?? new Date().getFullYear());
    const benchmark = await load('benchmark', { fiscalYear });
    return renderPage(
      c,
      ComparePage({ ...layoutProps(c), consultations: all, benchmark, fiscalYear, years }),
    );
  });

  return app;
}
