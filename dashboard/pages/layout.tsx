import type { Child } from 'hono/jsx';
import type { Role, Viewer } from '../../src/access/viewer';
import { municipalityName } from './format';

export const ROLE_LABELS: Record<Role, string> = {
  prefecture: '県 孤独・孤立対策課',
  promotion_team: '包括的支援体制整備推進チーム',
  municipality: '市町村',
};

export type NavKey =
  | 'prefecture'
  | 'overview'
  | 'municipality'
  | 'compare'
  | 'advocacy'
  | 'submissions'
  | 'upload'
  | 'audit';

interface NavItem {
  key: NavKey;
  label: string;
  href: string;
}

/** The pages this viewer may open, in menu order. */
export function navItems(viewer: Viewer): NavItem[] {
  const items: NavItem[] = [
    { key: 'prefecture', label: '県全体', href: '/' },
    { key: 'overview', label: '県の全体像', href: '/overview' },
    {
      key: 'municipality',
      label: '市町村',
      href: viewer.municipalityCode ? `/municipalities/${viewer.municipalityCode}` : '/municipalities',
    },
    { key: 'compare', label: '比較', href: '/compare' },
  ];
  if (viewer.role !== 'municipality') items.push({ key: 'advocacy', label: '訪問準備', href: '/advocacy' });
  items.push({ key: 'submissions', label: 'データ提出状況', href: '/submissions' });
  if (viewer.role !== 'promotion_team') items.push({ key: 'upload', label: 'アップロード', href: '/upload' });
  if (viewer.role === 'prefecture') items.push({ key: 'audit', label: '操作記録', href: '/audit' });
  return items;
}

export function viewerLabel(viewer: Viewer): string {
  const role = ROLE_LABELS[viewer.role];
  return viewer.role === 'municipality' ? `${municipalityName(viewer.municipalityCode)}（${role}）` : role;
}

export interface LayoutProps {
  title: string;
  current?: NavKey;
  viewer: Viewer;
  csrfToken: string;
  children?: Child;
}

/** Every page: lang="ja", skip link, banner with the signed-in user, navigation, main, footer. */
export function Layout(props: LayoutProps) {
  const { viewer } = props;
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title}｜鳥取県 重層的支援体制整備事業 モニタリング`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script type="module" src="/assets/app.js" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          本文へ移動
        </a>
        <header class="site-header">
          <p class="site-title">
            <a href="/">鳥取県 重層的支援体制整備事業・孤独孤立対策 モニタリング</a>
          </p>
          <div class="user-box">
            <span>
              ログイン中: {viewer.login}（{viewerLabel(viewer)}）
            </span>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value={props.csrfToken} />
              <button type="submit">ログアウト</button>
            </form>
          </div>
        </header>
        <nav class="site-nav" aria-label="メインメニュー">
          <ul>
            {navItems(viewer).map((item) => (
              <li>
                <a href={item.href} aria-current={item.key === props.current ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <p>
            すべての集計値は市町村から提出された匿名化データに基づきます。少人数のため個人が特定されるおそれのある値は「秘匿」と表示します。
          </p>
        </footer>
      </body>
    </html>
  );
}
