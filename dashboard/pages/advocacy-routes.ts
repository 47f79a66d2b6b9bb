import type { Context } from 'hono';
import { Hono } from 'hono';
import { todayInJapan } from '../../src/normalise/japan-time';
import { changedFields, orNotFound } from '../api/visit-log';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { AdvocacyPage, type VisitFormState } from './advocacy';
import { atLevel, fyLabel, num, statusLabel, str } from './format';
import { loader } from './indicator-routes';
import { MunicipalityListPage } from './municipality-list';
import { layoutProps, municipalityParam, renderPage, requireAdvocacyRole, viewerOf } from './page-context';
import { parseCorrectionForm, parseVisitForm } from './visit-form';

const SAVED: Record<string, string> = {
  '1': '訪問記録を保存しました。',
  corrected: '訪問記録を訂正しました（変更は監査記録に残ります）。',
  withdrawn: '訪問記録を取り下げました（取り下げは監査記録に残ります）。',
};

async function renderPack(c: Context<AppEnv>, code: string, form?: VisitFormState) {
  const viewer = viewerOf(c);
  requireAdvocacyRole(viewer);
  const town = municipalityParam(code);
  const deps = c.get('deps');
  const load = loader(deps, viewer);
  const [implementation, benchmark, consultations, visitLog] = await Promise.all([
    load('implementation'),
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
      contact: deps.config.teamContact,
      form,
      saved: SAVED[c.req.query('saved') ?? ''],
      today,
    }),
    form ? 400 : 200,
  );
}

/** A form post to the visit log: the team's role, the town, and the CSRF token checked. */
async function teamPost(c: Context<AppEnv>) {
  const viewer = viewerOf(c);
  requireAdvocacyRole(viewer);
  const town = municipalityParam(c.req.param('code') ?? '');
  const body = await c.req.parseBody();
  // Checked here too so the forms stay safe however the app mounts us
  // (bearer-token callers are exempt, as in dashboard/security.ts).
  if (c.req.header('authorization') === undefined && body._csrf !== c.get('csrfToken'))
    throw new AppError(
      403,
      'csrf',
      'フォームの有効期限が切れました。ページを再読み込みしてからもう一度送信してください。',
    );
  return { viewer, town, body };
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

  // Plain form posts (they work without JavaScript); the app's CSRF middleware
  // has already checked the origin and the _csrf token by the time we run.
  app.post('/advocacy/:code/visits', async (c) => {
    const { viewer, town, body } = await teamPost(c);
    const parsed = parseVisitForm(town.code, body);
    if (!parsed.input) return renderPack(c, town.code, parsed);
    const deps = c.get('deps');
    const entry = await deps.visitLog.add(parsed.input, viewer);
    await deps.audit.append(viewer, 'visit_log.create', entry.id, { municipality_code: town.code });
    return c.redirect(`/advocacy/${town.code}?saved=1#log-heading`, 303);
  });

  app.post('/advocacy/:code/visits/:id', async (c) => {
    const { viewer, town, body } = await teamPost(c);
    const id = c.req.param('id');
    const parsed = parseCorrectionForm(town.code, body);
    if (!parsed.input || !parsed.reason) return renderPack(c, town.code, { ...parsed, entryId: id });
    const { visitLog, audit } = c.get('deps');
    const { input } = parsed;
    const { before, after } = await orNotFound(
      visitLog.correct(
        town.code,
        id,
        {
          visited_on: input.visited_on,
          met_with: input.met_with,
          next_steps: input.next_steps,
          follow_up_on: input.follow_up_on,
        },
        parsed.reason,
        viewer,
      ),
    );
    await audit.append(viewer, 'visit_log.correct', id, {
      municipality_code: town.code,
      reason: parsed.reason,
      changed: changedFields(before, after),
    });
    return c.redirect(`/advocacy/${town.code}?saved=corrected#log-heading`, 303);
  });

  app.post('/advocacy/:code/visits/:id/withdraw', async (c) => {
    const { viewer, town, body } = await teamPost(c);
    const id = c.req.param('id');
    const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 500) : '';
    if (!reason) throw new AppError(400, 'invalid_parameter', '取り下げの理由を入力してください。');
    const { visitLog, audit } = c.get('deps');
    const withdrawn = await orNotFound(visitLog.withdraw(town.code, id, reason, viewer));
    await audit.append(viewer, 'visit_log.withdraw', id, {
      municipality_code: town.code,
      reason,
      visited_on: withdrawn.visited_on,
    });
    return c.redirect(`/advocacy/${town.code}?saved=withdrawn#log-heading`, 303);
  });

  return app;
}
