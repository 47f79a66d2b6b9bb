import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { QueryInputError } from '../src/query/errors';

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

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

function errorPage(body: ErrorBody): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>エラー ${body.status}</title><link rel="stylesheet" href="/assets/app.css"></head><body><main><h1>エラー (${body.status})</h1><p>${escapeHtml(body.message)}</p><p><a href="/">県全体のページへ戻る</a></p></main></body></html>`;
}

/** app.onError: the single place errors become responses (JSON under /api, HTML elsewhere). */
export function respondToError(err: unknown, c: Context): Response {
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
  return c.html(errorPage(body), body.status);
}

/** app.notFound: unknown routes get the same treatment as a thrown 404. */
export function respondNotFound(c: Context): Response {
  return respondToError(new AppError(404, 'not_found', '指定されたページまたはデータは見つかりません。'), c);
}
