import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import type { VisitLogInput } from '../services/visit-log';
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

/** Validates a posted entry (JSON body or form fields, same names). */
export function parseVisitLogInput(body: Record<string, unknown>): VisitLogInput {
  const municipality_code = municipalityParam('municipality_code', String(body.municipality_code ?? ''));
  if (!municipality_code)
    throw new AppError(400, 'invalid_parameter', '訪問先の市町村（municipality_code）を指定してください。');
  const visited_on = isoDate('visited_on', '訪問日', body.visited_on, true) as string;
  const follow_up_on = isoDate('follow_up_on', 'フォローアップ予定日', body.follow_up_on, false);
  if (follow_up_on !== null && follow_up_on < visited_on)
    throw new AppError(400, 'invalid_parameter', 'フォローアップ予定日は訪問日以降の日付にしてください。');
  return {
    municipality_code,
    visited_on,
    met_with: text('met_with', '面会した相手', body.met_with, 200),
    next_steps: text('next_steps', '合意した次のステップ', body.next_steps, 2000),
    follow_up_on,
  };
}

function wantsHtml(accept: string | undefined, contentType: string | undefined): boolean {
  return !/json/i.test(accept ?? '') && !/json/i.test(contentType ?? '');
}

/**
 * The 推進チーム's visit log: GET /api/visit-log?municipality=, POST
 * /api/visit-log (JSON, or an HTML form post from the 訪問準備 page, which is
 * then redirected back to /advocacy/:code). Prefecture and 推進チーム only.
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
    const body = /json/i.test(contentType ?? '')
      ? ((await c.req.json().catch(() => {
          throw new AppError(400, 'invalid_json', 'JSON の形式が正しくありません。');
        })) as Record<string, unknown>)
      : await c.req.parseBody();
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

  return routes;
}
