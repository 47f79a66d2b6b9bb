import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { Layout, type LayoutProps } from './layout';
import { layoutProps, renderPage } from './page-context';

/** Where every 秘匿 note points: the guarantee in plain Japanese (docs/disclosure.md in full). */
export const DISCLOSURE_PATH = '/disclosure';

function DisclosurePage(props: Omit<LayoutProps, 'title' | 'children'> & { k: number }) {
  const { k } = props;
  return (
    <Layout {...props} title="秘匿（ひとく）の考え方">
      <h1>秘匿（ひとく）の考え方</h1>
      <p>
        このダッシュボードの数値は、支援を受けている方が特定されないよう、見る人の立場に応じて一部を「秘匿」と表示しています。
      </p>
      <h2>だれが何を見られるか</h2>
      <ul>
        <li>県（孤独・孤立対策課）: すべての数値をそのまま見られます。</li>
        <li>
          市町村: 自市町村の数値はすべてそのまま見られます。ほかの市町村の数値は下の決まりで秘匿します。
        </li>
        <li>推進チーム: 訪問資料を他市町村に渡すため、市町村と同じ決まりで秘匿した数値を見ます。</li>
      </ul>
      <h2>秘匿の決まり</h2>
      <ul>
        <li>{`1〜${k - 1}人（件）の数値は「秘匿」と表示します。0は「0」と表示します。`}</li>
        <li>
          ほかの市町村の月別の内訳と、課題・相談経路・年齢階級などの項目別の内訳は、値にかかわらず表示しません（圏域・県全体の内訳は表示します）。
        </li>
        <li>
          秘匿した数値が合計や率、前年度比、ほかの表との差し引きから逆算できないよう、必要な数値もあわせて秘匿します。県全体・圏域・人口規模等が近い市町村・先輩事例の合計は、見えている数値だけから計算し、内訳に秘匿があれば合計も秘匿します。
        </li>
        <li>
          {`公表するすべての数値とその関係を連立方程式として解いても、秘匿した少ない数値は、幅${k}以上の範囲にしか絞り込めないことを、データが更新されるたびに線形計画法で確かめてから表示しています。`}
        </li>
        <li>
          市町村ごとの秘匿の位置は、その市町村自身の数値を使わずに決めています。自市町村のデータを何度アップロードし直しても、ほかの市町村について分かることは増えません。
        </li>
      </ul>
      <h2>残る注意点</h2>
      <ul>
        <li>複数の市町村の担当者が互いの画面を持ち寄った場合までは想定していません。</li>
        <li>範囲の確認は小数を許した計算（線形緩和）で行っています。</li>
        <li>詳しくはリポジトリの docs/disclosure.md を参照してください。</li>
      </ul>
    </Layout>
  );
}

/** GET /disclosure: the Japanese summary every 秘匿 note links to. */
export function disclosureRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(DISCLOSURE_PATH, (c) =>
    renderPage(c, DisclosurePage({ ...layoutProps(c), k: c.get('deps').config.suppressionK })),
  );
  return app;
}
