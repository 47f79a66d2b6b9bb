import type { Child } from 'hono/jsx';
import type { Role, Viewer } from '../../src/access/viewer';
import { TERMS } from '../../src/glossary';
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
      <Head title={props.title} />
      <body>
        <a class="skip-link" href="#main">
          本文へ移動
        </a>
        <SiteHeader>
          <div class="user-box">
            <span>
              ログイン中: {viewer.login}（{viewerLabel(viewer)}）
            </span>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value={props.csrfToken} />
              <button type="submit">ログアウト</button>
            </form>
          </div>
        </SiteHeader>
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

/** Every page's head: charset, viewport, title, the one stylesheet, the bundle and the icon. */
export function Head(props: { title: string; script?: boolean }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${props.title}｜${TERMS.siteTitleShort.term}`}</title>
      <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/assets/app.css" />
      {props.script === false ? null : <script type="module" src="/assets/app.js" />}
    </head>
  );
}

/** The site's banner: the one site title (docs/glossary.md, siteTitle) and whatever the page puts beside it. */
export function SiteHeader(props: { children?: Child }) {
  return (
    <header class="site-header">
      <p class="site-title">
        <a href="/">{TERMS.siteTitle.term}</a>
      </p>
      {props.children}
    </header>
  );
}
