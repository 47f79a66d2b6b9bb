import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Viewer } from '../src/access/viewer';
import { QueryInputError } from '../src/query/errors';
import { renderErrorPage } from './pages/error-page';

/**
 * The one error class routes throw. `message` is Japanese (shown to people),
 * `code` is a stable English identifier for programs.
 *
 * @example throw new AppError(403, 'forbidden_municipality', '他の市町村のデータはアップロードできません。');
 */
export class AppError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(status, { message, cause: options?.cause });
    this.name = 'AppError';
  }
}

interface ErrorBody {
  status: ContentfulStatusCode;
  code: string;
  message: string;
}

const GENERIC: Partial<Record<number, ErrorBody>> = {
  401: { status: 401, code: 'unauthenticated', message: 'ログインが必要です。' },
  403: { status: 403, code: 'forbidden', message: 'この操作は許可されていません。' },
  404: { status: 404, code: 'not_found', message: 'ページが見つかりません。' },
  413: { status: 413, code: 'payload_too_large', message: 'ファイルが大きすぎます。' },
};

/** Maps any thrown value to status + code + Japanese message. Internals are never leaked. */
export function describeError(err: unknown): ErrorBody {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message };
  // The indicators layer validates filters and throws QueryInputError with a Japanese message.
  if (err instanceof QueryInputError) return { status: 400, code: err.code, message: err.message };
  if (err instanceof HTTPException) {
    return (
      GENERIC[err.status] ?? {
        status: err.status,
        code: 'http_error',
        message: 'リクエストを処理できませんでした。',
      }
    );
  }
  return {
    status: 500,
    code: 'internal_error',
    message: 'サーバーでエラーが発生しました。時間をおいて再度お試しください。',
  };
}

/** app.onError: the single place errors become responses (JSON under /api, HTML elsewhere). */
export async function respondToError(err: unknown, c: Context): Promise<Response> {
  const body = describeError(err);
  if (body.status >= 500)
    console.error(
      JSON.stringify({
        level: 'error',
        method: c.req.method,
        path: c.req.path,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
    );
  if (c.req.path === '/api' || c.req.path.startsWith('/api/'))
    return c.json({ error: { code: body.code, message: body.message } }, body.status);
  // A signed-in viewer keeps the site's navigation on an error page.
  const viewer = c.get('viewer') as Viewer | undefined;
  const csrfToken = c.get('csrfToken') as string | undefined;
  return c.html(
    await renderErrorPage({ status: body.status, message: body.message, viewer, csrfToken }),
    body.status,
  );
}

/** app.notFound: unknown routes get the same treatment as a thrown 404. */
export function respondNotFound(c: Context): Promise<Response> {
  return respondToError(new AppError(404, 'not_found', '指定されたページまたはデータは見つかりません。'), c);
}
