import type { Context } from 'hono';
import type { Role, Viewer } from '../../src/access/viewer';
import type { AppEnv } from '../context';
import { AppError } from '../errors';

/** The signed-in viewer (requireViewer already turned anonymous requests into 401). */
export function requireViewerOf(c: Context<AppEnv>): Viewer {
  const viewer = c.get('viewer');
  if (!viewer) throw new AppError(401, 'unauthenticated', 'ログインが必要です。');
  return viewer;
}

const ROLE_LABELS: Record<Role, string> = {
  prefecture: '県（孤独・孤立対策課）',
  promotion_team: '推進チーム',
  municipality: '市町村',
};

/** 403 unless the viewer has one of these roles. */
export function requireRole(c: Context<AppEnv>, roles: readonly Role[]): Viewer {
  const viewer = requireViewerOf(c);
  if (!roles.includes(viewer.role))
    throw new AppError(
      403,
      'forbidden_role',
      `この操作は ${roles.map((r) => ROLE_LABELS[r]).join('・')} のみ行えます。`,
    );
  return viewer;
}
