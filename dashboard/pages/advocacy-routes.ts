import type { Context } from 'hono';
import { Hono } from 'hono';
import { todayInJapan } from '../../src/normalise/japan-time';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { AdvocacyPage, type VisitFormState } from './advocacy';
import { atLevel, fyLabel, num, statusLabel, str } from './format';
import { loader } from './indicator-routes';
import { MunicipalityListPage } from './municipality-list';
import { layoutProps, municipalityParam, renderPage, requireAdvocacyRole, viewerOf } from './page-context';
import { parseVisitForm } from './visit-form';

async function renderPack(c: Context<AppEnv>, code: string, form?: VisitFormState) {
  const viewer = viewerOf(c);
  requireAdvocacyRole(viewer);
  const town = municipalityParam(code);
  const deps = c.get('deps');
  const load = loader(deps, viewer);
  const [implementation, benchmark, consultations, visitLog] = await Promise.all([
    load('implementation', { municipality: town.code }),
    load('benchmark'),
    load('consultations', { municipality: town.code }),
    deps.visitLog.list(town.code),
  ]);
  const today = todayInJapan(deps.clock?.() ?? new Date());
  return renderPage(
    c,
    AdvocacyPage({
      ...layoutProps(c),
      town,
      data: { implementation, benchmark, consultations, visitLog },
      form,
      saved: c.req.query('saved') === '1',
      today,
    }),
    form ? 400 : 200,
  );
}

/** 訪問準備: the list of towns, each town's printable pack, and the visit-log form. */
export function advocacyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/advocacy', async (c) => {
    const viewer = viewerOf(c);
    requireAdvocacyRole(viewer);
    const implementation = await loader(c.get('deps'), viewer)('implementation');
    const rows = atLevel(implementation.data, 'municipality');
    const latestFy = Math.max(...rows.map((r) => num(r, 'fiscal_year') ?? 0));
    const notes: Record<string, string> = {};
    const notStarted: string[] = [];
    for (const r of rows.filter((x) => num(x, 'fiscal_year') === latestFy)) {
      const code = str(r, 'municipality_code') ?? str(r, 'area_code') ?? '';
      notes[code] = `${fyLabel(latestFy)}: ${statusLabel(r)}`;
      if (r.status !== 'implementing') notStarted.push(code);
    }
    return renderPage(
      c,
      MunicipalityListPage({
        ...layoutProps(c),
        title: '訪問準備：まだ実施していない市町村',
        lead: '市町村を選ぶと、訪問前に渡す資料（A4で印刷可）と訪問記録を表示します。',
        base: '/advocacy',
        current: 'advocacy',
        notes,
        codes: rows.length > 0 ? notStarted : undefined,
      }),
    );
  });

  app.get('/advocacy/:code', (c) => renderPack(c, c.req.param('code')));

  // A plain form post (works without JavaScript); the app's CSRF middleware
  // has already checked the origin and the _csrf token by the time we run.
  app.post('/advocacy/:code/visits', async (c) => {
    const viewer = viewerOf(c);
    requireAdvocacyRole(viewer);
    const town = municipalityParam(c.req.param('code'));
    const body = await c.req.parseBody();
    // Checked here too so the form stays safe however the app mounts us
    // (bearer-token callers are exempt, as in dashboard/security.ts).
    if (c.req.header('authorization') === undefined && body._csrf !== c.get('csrfToken'))
      throw new AppError(
        403,
        'csrf',
        'フォームの有効期限が切れました。ページを再読み込みしてからもう一度送信してください。',
      );
    const parsed = parseVisitForm(town.code, body);
    if (!parsed.input) return renderPack(c, town.code, parsed);
    const deps = c.get('deps');
    const entry = await deps.visitLog.add(parsed.input, viewer);
    await deps.audit.append(viewer, 'visit_log.create', entry.id, { municipality_code: town.code });
    return c.redirect(`/advocacy/${town.code}?saved=1#log-heading`, 303);
  });

  return app;
}
