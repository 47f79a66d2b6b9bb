import type { Context } from 'hono';
import type { Viewer } from '../../src/access/viewer';
import { municipalityByCode } from '../../src/datasets/municipalities';
import type { AppEnv } from '../context';
import { AppError } from '../errors';

/** The signed-in viewer; pages are never anonymous (the app redirects to /login before us). */
export function viewerOf(c: Context<AppEnv>): Viewer {
  const viewer = c.get('viewer');
  if (!viewer) throw new AppError(401, 'unauthenticated', 'ログインが必要です。');
  return viewer;
}

/** The props every page layout needs. */
export function layoutProps(c: Context<AppEnv>) {
  return { viewer: viewerOf(c), csrfToken: c.get('csrfToken') };
}

/** A municipality code from the path, or a Japanese 404. */
export function municipalityParam(code: string) {
  const m = municipalityByCode(code);
  if (!m)
    throw new AppError(404, 'unknown_municipality', `市町村コード「${code}」は県内の市町村ではありません。`);
  return m;
}

/** Only the prefecture and the 推進チーム prepare advocacy visits. */
export function requireAdvocacyRole(viewer: Viewer): void {
  if (viewer.role === 'municipality')
    throw new AppError(403, 'forbidden', '訪問準備のページは県と推進チームのみ利用できます。');
}

/** Sends a page: the doctype keeps browsers in standards mode (JSX cannot emit it). */
export async function renderPage(
  c: Context<AppEnv>,
  node: { toString(): string | Promise<string> },
  status: 200 | 400 = 200,
) {
  return c.html(`<!DOCTYPE html>${await node.toString()}`, status);
}
