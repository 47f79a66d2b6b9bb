import { raw } from 'hono/html';
import type { Viewer } from '../../src/access/viewer';
import { Head, Layout, SiteHeader } from './layout';

export interface ErrorPageProps {
  status: number;
  message: string;
  /** The signed-in viewer, when the error came after sign-in: the page keeps the site's navigation. */
  viewer?: Viewer;
  csrfToken?: string;
}

function ErrorBody(props: ErrorPageProps) {
  return (
    <>
      <h1>エラー（{props.status}）</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">県全体のページへ戻る</a>
      </p>
    </>
  );
}

/**
 * An error as a page: inside the site's layout (header and navigation) for
 * a signed-in viewer, with the site's header and a sign-in link otherwise.
 * Text is escaped by JSX; internals never reach it (see dashboard/errors.ts).
 */
export async function renderErrorPage(props: ErrorPageProps): Promise<string> {
  const title = `エラー ${props.status}`;
  const node =
    props.viewer && props.csrfToken !== undefined ? (
      <Layout title={title} viewer={props.viewer} csrfToken={props.csrfToken}>
        <ErrorBody {...props} />
      </Layout>
    ) : (
      <html lang="ja">
        <Head title={title} script={false} />
        <body>
          <SiteHeader />
          <main id="main">
            <ErrorBody {...props} />
            <p>
              <a href="/login">ログイン</a>
            </p>
          </main>
        </body>
      </html>
    );
  return `${raw('<!DOCTYPE html>')}${await node.toString()}`;
}
