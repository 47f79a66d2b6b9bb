import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { type VisitLogFields, type VisitLogInput, VisitLogNotFoundError } from '../services/visit-log';
import { municipalityParam } from './params';
import { requireRole } from './viewer';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoDate(name: string, label: string, raw: unknown, required: boolean): string | null {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    if (required) throw new AppError(400, 'invalid_parameter', `${label}（${name}）を入力してください。`);
    return null;
  }
  const date = new Date(`${text}T00:00:00Z`);
  if (!DATE.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text)
    throw new AppError(
      400,
      'invalid_parameter',
      `${label}（${name}）は YYYY-MM-DD の日付で入力してください。指定値: ${text}`,
    );
  return text;
}

function text(name: string, label: string, raw: unknown, maxLength: number): string {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') throw new AppError(400, 'invalid_parameter', `${label}（${name}）を入力してください。`);
  if ([...value].length > maxLength)
    throw new AppError(
      400,
      'invalid_parameter',
      `${label}（${name}）は ${maxLength} 文字以内で入力してください。`,
    );
  return value;
}

/** Validates the fields of an entry or of its correction (JSON body or form fields, same names). */
export function parseVisitLogFields(body: Record<string, unknown>): VisitLogFields {
  const visited_on = isoDate('visited_on', '訪問日', body.visited_on, true) as string;
  const follow_up_on = isoDate('follow_up_on', 'フォローアップ予定日', body.follow_up_on, false);
  if (follow_up_on !== null && follow_up_on < visited_on)
    throw new AppError(400, 'invalid_parameter', 'フォローアップ予定日は訪問日以降の日付にしてください。');
  return {
    visited_on,
    met_with: text('met_with', '面会した相手', body.met_with, 200),
    next_steps: text('next_steps', '合意した次のステップ', body.next_steps, 2000),
    follow_up_on,
  };
}

/** Validates a posted entry (JSON body or form fields, same names). */
export function parseVisitLogInput(body: Record<string, unknown>): VisitLogInput {
  const municipality_code = municipalityParam('municipality_code', String(body.municipality_code ?? ''));
  if (!municipality_code)
    throw new AppError(400, 'invalid_parameter', '訪問先の市町村（municipality_code）を指定してください。');
  return { municipality_code, ...parseVisitLogFields(body) };
}

/** Why an entry is corrected or withdrawn: required, so the audit trail says. */
export function parseReason(body: Record<string, unknown>): string {
  return text('reason', '訂正・取り下げの理由', body.reason, 500);
}

/** The fields a correction changed, before and after, for the audit entry. */
export function changedFields(
  before: VisitLogFields,
  after: VisitLogFields,
): Record<string, { before: unknown; after: unknown }> {
  const changed: Record<string, { before: unknown; after: unknown }> = {};
  for (const f of ['visited_on', 'met_with', 'next_steps', 'follow_up_on'] as const)
    if (before[f] !== after[f]) changed[f] = { before: before[f], after: after[f] };
  return changed;
}

/** Maps the store's not-found to the one Japanese 404 of a missing entry. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof VisitLogNotFoundError)
      throw new AppError(
        404,
        'not_found',
        '指定された訪問記録は見つかりません（取り下げ済みの可能性があります）。',
        {
          cause: err,
        },
      );
    throw err;
  }
}

async function jsonOrForm(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  return /json/i.test(c.req.header('content-type') ?? '')
    ? ((await c.req.json().catch(() => {
        throw new AppError(400, 'invalid_json', 'JSON の形式が正しくありません。');
      })) as Record<string, unknown>)
    : await c.req.parseBody();
}

function wantsHtml(accept: string | undefined, contentType: string | undefined): boolean {
  return !/json/i.test(accept ?? '') && !/json/i.test(contentType ?? '');
}

/**
 * The 推進チーム's visit log: GET /api/visit-log?municipality=, POST
 * /api/visit-log (JSON, or an HTML form post from the 訪問準備 page, which is
 * then redirected back to /advocacy/:code); PUT /api/visit-log/:code/:id
 * corrects an entry and DELETE /api/visit-log/:code/:id withdraws it, each
 * with a `reason` and audited (visit_log.correct / visit_log.withdraw, with
 * the fields before and after). Prefecture and 推進チーム only.
 */
export function visitLogRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    requireRole(c, ['prefecture', 'promotion_team']);
    const code = municipalityParam('municipality', c.req.query('municipality'));
    const entries = await c.get('deps').visitLog.list(code);
    return c.json({ data: entries, meta: { count: entries.length, municipality: code ?? null } });
  });

  routes.post('/', async (c) => {
    const viewer = requireRole(c, ['prefecture', 'promotion_team']);
    const contentType = c.req.header('content-type');
    const body = await jsonOrForm(c);
    const input = parseVisitLogInput(body);
    const { visitLog, audit } = c.get('deps');
    const entry = await visitLog.add(input, viewer);
    await audit.append(viewer, 'visit_log.create', entry.id, {
      municipality_code: entry.municipality_code,
      visited_on: entry.visited_on,
      follow_up_on: entry.follow_up_on,
    });
    if (wantsHtml(c.req.header('accept'), contentType))
      return c.redirect(`/advocacy/${entry.municipality_code}#visit-log`, 303);
    return c.json({ data: entry, meta: {} }, 201);
  });

  routes.put('/:code/:id', async (c) => {
    const viewer = requireRole(c, ['prefecture', 'promotion_team']);
    const code = municipalityParam('municipality', c.req.param('code')) as string;
    const body = await jsonOrForm(c);
    const fields = parseVisitLogFields(body);
    const reason = parseReason(body);
    const { visitLog, audit } = c.get('deps');
    const { before, after } = await orNotFound(
      visitLog.correct(code, c.req.param('id'), fields, reason, viewer),
    );
    await audit.append(viewer, 'visit_log.correct', after.id, {
      municipality_code: code,
      reason,
      changed: changedFields(before, after),
    });
    return c.json({ data: after, meta: {} });
  });

  routes.delete('/:code/:id', async (c) => {
    const viewer = requireRole(c, ['prefecture', 'promotion_team']);
    const code = municipalityParam('municipality', c.req.param('code')) as string;
    const body = await jsonOrForm(c);
    const reason = parseReason(body);
    const { visitLog, audit } = c.get('deps');
    const withdrawn = await orNotFound(visitLog.withdraw(code, c.req.param('id'), reason, viewer));
    await audit.append(viewer, 'visit_log.withdraw', withdrawn.id, {
      municipality_code: code,
      reason,
      visited_on: withdrawn.visited_on,
    });
    return c.json({ data: { id: withdrawn.id, withdrawn: true }, meta: {} });
  });

  return routes;
}
