/**
 * The one glossary: every word the product shows people for a concept that
 * has more than one candidate wording. Pages, CSV headers, messages and docs
 * read their wording from here; docs/glossary.md is generated from it
 * (`npm run docs`) and held equal to it by test/glossary.test.ts.
 *
 * Layer 0: imports nothing, so any module (datasets, query, dashboard) can
 * use it.
 *
 * @example `${TERMS.peers.term}の平均` // '人口規模等が近い市町村の平均'
 */

export interface Term {
  /** The wording to show. */
  readonly term: string;
  /** Wordings not to use for it any more (what a reviewer should replace). */
  readonly avoid: readonly string[];
  /** Why, or where the wording comes from. */
  readonly note: string;
}

const term = (t: string, avoid: readonly string[], note: string): Term => ({ term: t, avoid, note });

/** Every term, by the key code uses. Order is the order of docs/glossary.md. */
export const TERMS = {
  siteTitle: term(
    '鳥取県 重層的支援体制整備事業・孤独・孤立対策 モニタリング',
    ['孤独孤立対策'],
    'サイト名。ヘッダー・ログイン画面・エラー画面で同じ表記。「孤独・孤立」は中黒あり（孤独・孤立対策推進法の表記）。',
  ),
  siteTitleShort: term('重層的支援体制整備事業 モニタリング', [], 'ブラウザのタブ名などに使う短い名前。'),
  programme: term('重層的支援体制整備事業', ['重層事業'], '社会福祉法第106条の4。画面では略さない。'),
  isolation: term('孤独・孤立対策', ['孤独孤立対策'], '孤独・孤立対策推進法（令和6年施行）の表記。'),
  isolationCouncil: term(
    '孤独・孤立対策地域協議会',
    ['孤独孤立対策地域協議会'],
    '表の見出しなど狭い所では「地域協議会」。',
  ),
  comprehensiveConsultation: term('包括的相談支援事業', [], '5事業の①。'),
  multiAgency: term('多機関協働事業', [], '5事業の②。'),
  outreach: term(
    'アウトリーチ等を通じた継続的支援事業',
    ['アウトリーチ等継続的支援事業', 'アウトリーチ等継続的支援'],
    '5事業の③。正式名称（社会福祉法第106条の4、県資料）。',
  ),
  participation: term('参加支援事業', [], '5事業の④。'),
  community: term('地域づくり事業', [], '5事業の⑤。'),
  supportMeeting: term('支援会議', [], '社会福祉法第106条の6の会議。'),
  visitsSurvey: term(
    '世帯訪問調査',
    ['自治会訪問', '世帯訪問'],
    '県資料（北栄町）の名称。全世帯を自治会ごとに順次訪問する調査。進捗は自治会数で数える。',
  ),
  visitsProgress: term(
    '世帯訪問調査の進捗',
    ['自治会訪問進捗', '自治会訪問の進捗'],
    '指標・データセット（visits）の名前。アップロード画面とダッシュボードで同じ。',
  ),
  peers: term(
    '人口規模等が近い市町村',
    ['類似団体'],
    '人口規模と高齢化率が近い県内の市町村。総務省の「類似団体」（類似団体別市町村財政指数表の区分）とは別のものなので、その名前は使わない。',
  ),
  seniorExamples: term(
    '先輩事例',
    ['先行事例', 'モデル'],
    '先に始めた市町村の実績。まねる手本ではなく、地域の実情に応じた取組の参考（県資料「先輩事例はありますが、先行事例はありません」）。',
  ),
  promotionTeam: term('包括的支援体制整備推進チーム', [], '略すときは「推進チーム」。'),
  uploadAccepted: term('受理', [], '取り込んだアップロード。'),
  uploadRejected: term(
    '取込エラー',
    ['却下'],
    '誤りがあって取り込まなかったアップロード。直して再提出できることが伝わる言葉にする。',
  ),
  uploadCheck: term(
    '確認',
    ['検査'],
    'アップロードしたファイルの内容の確認（「確認結果」「アップロードして確認」）。',
  ),
  personsUnit: term(
    '人',
    ['件（課題・相談者の数）'],
    '課題と特性・相談の実人数は人を数える。課題の内訳も「人」（1人が複数の課題を持つので合計は実人数より多い）。',
  ),
  contactsUnit: term('件', [], '延べ相談件数など、やりとりの回数。'),
  meetingsUnit: term('回', [], '支援会議の開催回数。'),
  townsUnit: term(
    '市町村',
    ['団体'],
    '市町村の数。実施市町村数の前年度比は率でなく差（「+4市町村」）で示す。',
  ),
  fiscalYear: term(
    '令和7年度',
    ['R7', 'R7 (2025)'],
    '年度は和暦で書く。幅に余裕がある所（表・見出し）は「令和7年度（2025年度）」と西暦を添える。',
  ),
  selfReference: term(
    '本市／本町／本村',
    ['鳥取市（本町）'],
    '資料を渡す相手の市町村自身。市なら本市、町なら本町、村なら本村（または市町村名）。',
  ),
  dataAsOf: term(
    'データ時点',
    ['データ版'],
    '利用者に見せるのはデータ時点（日付）だけ。内部のデータ版（ハッシュ）は画面・印刷・CSVに出さない。',
  ),
  demoData: term(
    'デモ用の合成データ',
    [],
    'デモ環境のデータの注記。括弧は全角の「（）」にそろえ、入れ子にしない。',
  ),
} as const satisfies Record<string, Term>;

export type TermKey = keyof typeof TERMS;

/** The wording of a term. @example t('outreach') // 'アウトリーチ等を通じた継続的支援事業' */
export function t(key: TermKey): string {
  return TERMS[key].term;
}

/**
 * How a handout names the town it is about: 本市, 本町 or 本村 by the last
 * character of its name; the name itself when that says neither.
 *
 * @example selfReference('鳥取市') // '本市'
 * @example selfReference('日南町') // '本町'
 */
export function selfReference(name: string): string {
  if (name.endsWith('市')) return '本市';
  if (name.endsWith('町')) return '本町';
  if (name.endsWith('村')) return '本村';
  return name;
}

/**
 * A change in a number of towns, as a difference not a rate.
 *
 * @example townCountChange(9, 5) // '前年度比 +4市町村'
 */
export function townCountChange(current: number, previous: number): string {
  const d = current - previous;
  if (d === 0) return `前年度比 ±0${TERMS.townsUnit.term}`;
  return `前年度比 ${d > 0 ? '+' : '−'}${Math.abs(d)}${TERMS.townsUnit.term}`;
}

/** docs/glossary.md, generated from TERMS (`npm run docs`). */
export function glossaryMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = (Object.keys(TERMS) as TermKey[]).map((key) => {
    const x: Term = TERMS[key];
    return `| \`${key}\` | ${cell(x.term)} | ${cell(x.avoid.join('、') || '—')} | ${cell(x.note)} |`;
  });
  return [
    '# 用語集（Glossary）',
    '',
    '<!-- Generated from src/glossary.ts by `npm run docs`; test/glossary.test.ts fails if it drifts. -->',
    '',
    '画面・CSVの見出し・メッセージ・文書で使う言葉。コードは `src/glossary.ts` の `TERMS`（キーは下表の1列目）から読みます。',
    '「使わない表記」は置き換える対象です。',
    '',
    '| キー | 表記 | 使わない表記 | 理由・使い方 |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
