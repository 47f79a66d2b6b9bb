import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { TERMS } from '../src/glossary';
import { QueryInputError } from '../src/query/errors';
import type { AppEnv } from './context';
import { AppError, respondNotFound, respondToError } from './errors';

function appThrowing(error: unknown): Hono {
  const app = new Hono();
  app.onError(respondToError);
  app.notFound(respondNotFound);
  app.get('/api/x', () => {
    throw error;
  });
  app.get('/page', () => {
    throw error;
  });
  return app;
}

describe('respondToError', () => {
  it('turns an AppError into its status, code and Japanese message: JSON under /api, HTML elsewhere', async () => {
    const app = appThrowing(new AppError(403, 'forbidden_role', '推進チームのみ<行えます>'));
    const api = await app.request('/api/x');
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({
      error: { code: 'forbidden_role', message: '推進チームのみ<行えます>' },
    });
    const page = await app.request('/page');
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('推進チームのみ&lt;行えます&gt;');
  });

  it("maps the indicator layer's QueryInputError to 400 with its code", async () => {
    const res = await appThrowing(
      new QueryInputError('年度が範囲外です。', 'fiscal_year_out_of_range'),
    ).request('/api/x');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({
      code: 'fiscal_year_out_of_range',
      message: '年度が範囲外です。',
    });
  });

  it('hides internal errors behind a generic Japanese 500 and logs them', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await appThrowing(new Error('duckdb: file /secret/path missing')).request('/api/x');
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe('internal_error');
    expect(JSON.stringify(body)).not.toContain('/secret/path');
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });

  it('answers unknown paths with 404 in the same shapes', async () => {
    const app = appThrowing(new Error('unused'));
    expect((await app.request('/api/none')).status).toBe(404);
    expect((await (await app.request('/api/none')).json()).error.code).toBe('not_found');
    expect((await app.request('/none')).headers.get('content-type')).toContain('text/html');
  });
});

describe('error pages', () => {
  it('keep the site header and navigation for a signed-in viewer, in standards mode', async () => {
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('viewer', { login: 'team', role: 'promotion_team' });
      c.set('csrfToken', 'token');
      await next();
    });
    app.onError(respondToError);
    app.notFound(respondNotFound);
    const res = await app.request('/nowhere');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(TERMS.siteTitle.term);
    expect(html).toContain('aria-label="メインメニュー"');
    expect(html).toContain('href="/advocacy"');
    expect(html).toContain('rel="icon"');
  });

  it('keep the site header for an anonymous visitor, with a way to sign in', async () => {
    const html = await (await appThrowing(new Error('x')).request('/none')).text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(TERMS.siteTitle.term);
    expect(html).toContain('href="/login"');
  });
});
