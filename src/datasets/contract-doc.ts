import { DATASETS } from './index';
import { MUNICIPALITIES, PREFECTURE_CODE, PREFECTURE_NAME } from './municipalities';
import { PERSONAL_COLUMN_RULES } from './personal-columns';
import { duckdbType, glueType, parquetColumns, partitionKeys } from './schema';
import { templateColumns, templateFileName } from './template';
import type { Column, ColumnType, Dataset, Term, Vocabulary } from './types';
import { groupsOf } from './vocabularies';

/** Escapes a table cell: a | would split the column, a line break the row. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  row(head),
  row(head.map(() => '---')),
  ...rows.map(row),
];
const code = (s: string): string => `\`${s}\``;
const list = (xs: readonly string[]): string => (xs.length === 0 ? '—' : xs.join('、'));

/** How a column's type reads to the person filling in the template. */
export function typeWords(t: ColumnType): string {
  switch (t.kind) {
    case 'municipality':
      return '市町村コード（6桁・5桁・市町村名）';
    case 'fiscal_year':
      return '年度';
    case 'int':
      return t.max === undefined ? `整数（${t.min}以上）` : `整数（${t.min}〜${t.max}）`;
    case 'string':
      return `文字列（${t.maxLength}文字まで${t.pattern ? `、形式 ${code(t.pattern.source)}` : ''}）`;
    case 'date':
      return t.allowMonth ? '日付（年月だけでも可）' : '日付';
    case 'month':
      return '年月';
    case 'enum':
      return '選択肢から1つ';
    case 'multi_enum':
      return `選択肢から複数可（${t.minItems}つ以上）`;
    case 'flag':
      return `${t.yes[0]} / ${t.no[0]}（空欄＝不明）`;
  }
}

function ruleWords(c: Column): string {
  const t = c.type;
  const accepted = t.kind === 'flag' ? ` はい: ${t.yes.join(' ')}／いいえ: ${t.no.join(' ')}` : '';
  return c.description + accepted;
}

/**
 * A dataset's columns as people read them (the upload page's データの約束
 * and the template's 項目の説明 sheet): header, 必須/任意, how to write it,
 * what it is, the values allowed.
 */
export function contractRows(
  dataset: Dataset,
): { header: string; required: string; type: string; description: string; values: string }[] {
  return templateColumns(dataset).map((c) => ({
    header: c.header,
    required: c.required ? '必須' : '任意',
    type: typeWords(c.type).replace(/`/g, ''),
    description: c.description,
    values:
      c.type.kind === 'enum' || c.type.kind === 'multi_enum'
        ? c.type.vocabulary.map((t) => t.label).join('、')
        : c.type.kind === 'flag'
          ? `${c.type.yes.join(' ')}／${c.type.no.join(' ')}`
          : '',
  }));
}

const SEVERITY = { error: 'エラー（取り込みません）', warning: '警告（取り込みます）' } as const;
const PARTITION = { fiscal_year: '市町村 × 年度', as_of: '市町村 × 基準日' } as const;
const UPLOADER = { municipality: '市町村（自分の市町村の分）', prefecture: '県（全市町村の分）' } as const;

function vocabularies(dataset: Dataset): { column: Column; vocabulary: Vocabulary }[] {
  const out: { column: Column; vocabulary: Vocabulary }[] = [];
  for (const c of dataset.columns)
    if (c.type.kind === 'enum' || c.type.kind === 'multi_enum')
      out.push({ column: c, vocabulary: c.type.vocabulary });
  return out;
}

function datasetSection(dataset: Dataset, n: number): string[] {
  const headerOf = (name: string) => dataset.columns.find((c) => c.name === name)?.header ?? name;
  const lines = [
    `## ${n}. ${dataset.title}（${code(dataset.name)}）`,
    '',
    dataset.description,
    '',
    `- 1行の単位: ${dataset.grain}`,
    `- 提出する人: ${UPLOADER[dataset.uploadedBy]}`,
    `- 置き換えの単位: ${PARTITION[dataset.partitionColumn]}（提出したファイルに含まれる単位ごとに、前のデータをすべて置き換えます）`,
    `- 重複できない列: ${
      dataset.uniqueKey.length === 0
        ? `なし（${PARTITION[dataset.partitionColumn]}ごとに1行）`
        : `${dataset.uniqueKey.map(headerOf).join('・')}（${PARTITION[dataset.partitionColumn]}の中で）`
    }`,
    `- 個人単位のデータ: ${dataset.personLevel ? 'はい（備考・メモ・経過などの自由記述の列も提出できません）' : 'いいえ'}`,
    `- テンプレート: ${code(templateFileName(dataset))}（列の順: ${templateColumns(dataset)
      .map((c) => c.header)
      .join('、')}）`,
    '',
    `### 列`,
    '',
    ...table(
      ['列名', '見出し', '受け付ける別の見出し', '型', '必須', '説明'],
      dataset.columns.map((c) => [
        code(c.name),
        c.header,
        list(c.aliases),
        typeWords(c.type),
        c.required ? '必須' : '任意',
        ruleWords(c),
      ]),
    ),
    '',
  ];
  if (dataset.rowRules.length > 0)
    lines.push(
      '### 行のルール',
      '',
      ...table(
        ['コード', '重さ', '列', 'メッセージ'],
        dataset.rowRules.map((r) => [code(r.code), SEVERITY[r.severity], headerOf(r.column), r.message]),
      ),
      '',
    );
  for (const { column, vocabulary } of vocabularies(dataset)) {
    const groups = groupsOf(vocabulary);
    const groupLabel = new Map(groups.map((g) => [g.code, g.label]));
    const spellings = (t: Term) =>
      list([...t.synonyms, ...(t.legacyCodes ?? []).map((c) => `${code(c)}（旧コード）`)]);
    lines.push(
      `### 選択肢: ${column.header}（${code(column.name)}）`,
      '',
      ...(groups.length === 0
        ? table(
            ['コード', 'ラベル', '同じ意味として受け付ける書き方'],
            vocabulary.map((t) => [code(t.code), t.label, spellings(t)]),
          )
        : table(
            ['コード', 'ラベル', '区分', '同じ意味として受け付ける書き方'],
            vocabulary.map((t) => [
              code(t.code),
              t.label,
              groupLabel.get(t.group ?? '') ?? '—',
              spellings(t),
            ]),
          )),
      '',
    );
    if (groups.length > 0)
      lines.push(
        `#### ${column.header}の区分`,
        '',
        '区分は選択肢をまとめたもので、区分の件数はその選択肢の件数の合計です（提出するのは選択肢のほうです）。',
        '',
        ...table(
          ['区分コード', '区分', '含む選択肢', '説明'],
          groups.map((g) => [
            code(g.code),
            g.label,
            vocabulary
              .filter((t) => t.group === g.code)
              .map((t) => t.label)
              .join('、'),
            g.description,
          ]),
        ),
        '',
      );
  }
  const keys = partitionKeys(dataset);
  const derived = new Map(dataset.derived.map((d) => [d.name, d.description]));
  lines.push(
    '### 保存形式（Parquet）',
    '',
    `キー: ${code(`curated/${dataset.name}/${keys.map((k) => `${k.name}={…}`).join('/')}/data.parquet`)}`,
    '',
    ...table(
      ['列', 'DuckDB', 'Glue', '区分'],
      [
        ...keys.map((k) => [
          code(k.name),
          duckdbType(k.storage),
          glueType(k.storage),
          'パーティションキー（ファイルの外）',
        ]),
        ...parquetColumns(dataset).map((c) => [
          code(c.name),
          duckdbType(c.storage),
          glueType(c.storage),
          derived.has(c.name) ? `取り込み時に計算: ${derived.get(c.name)}` : '提出された列',
        ]),
      ],
    ),
    '',
  );
  return lines;
}

const COMMON = [
  '## 共通のルール',
  '',
  '- ファイル: Excel ブック（.xlsx）または CSV（コンマ区切り）。CSV の文字コードは UTF-8（BOM付き・なし）または Shift_JIS（CP932）。Excel の「Unicode テキスト」（UTF-16）と古い形式（.xls）は受け付けません。',
  '- Excel ブック: データの種類と同じ名前のシート（「相談ケース」など）、なければ最初の表示中のシートを読みます。日付の書式のセルは日付として（和暦の書式も。年月だけの書式なら年月として）、数式はその計算結果を、結合したセルは左上の値を読みます。非表示の行もデータとして読み、警告で知らせます。行番号は Excel の表示どおりです。大きすぎるブック（展開後128MB、20万行、256列を超えるもの）は読む前に断ります。',
  `- テンプレート: データの種類ごとに Excel 版（${'`'}GET /api/templates/{種類}.xlsx${'`'}: 選択肢のドロップダウン、日付の書式、「記入例」「項目の説明」シート付き。記入例のシートは取り込みません）と CSV 版（見出し行だけ）があります。`,
  '- 見出し: 全角・半角、空白、大文字・小文字、「※」「（必須）」などの印の違いは無視して照合します。上の表の「受け付ける別の見出し」も使えます。知らない列は警告だけで無視します。',
  '- 日付: 2023-04-01、2023/4/1、2023.4.1、2023年4月1日、20230401、和暦（R5.4.1、R05/04/01、令和5年4月1日、令和元年5月1日、令5.4.1、H31.4.30、平成31年4月30日、昭和）、Excel のシリアル値（45017＝2023年4月1日、1990〜2100年）。存在しない日付や、元号の範囲外（H31.5.1、R1.4.30）はエラーです。',
  '- 年月: 2023/4、2023-04、2023年4月、令和5年4月、R5.4（その月の1日として保存）。',
  '- 年度: 2023、2023年度、令和5年度、R5、H30、令和元年度（4月〜翌3月。2024年3月31日は2023年度）。',
  `- 市町村: 6桁の全国地方公共団体コード（6桁目の検査数字を確認）、5桁のコード、または市町村名（鳥取市、北栄、東伯郡北栄町、鳥取県北栄町）。${PREFECTURE_NAME}全体の提出はコード ${PREFECTURE_CODE} を使います。`,
  '- 整数: 全角数字、桁区切り（1,234）、単位（件・人・回・世帯）を付けても読めます。小数は不可。',
  '- 選択肢: ラベル、同じ意味の書き方、コードのどれでも可。波ダッシュ（〜 ～ ~）の違いは区別しません。複数のときは「・」「、」「,」「;」「／」「|」または改行で区切ります（「孤独・孤立」のように・を含むラベルはそのまま1つとして読みます）。',
  '- 空欄: 任意の列は空欄でかまいません。末尾の空行は無視します。空欄の警告は、その行の値から見て入るはずの場合だけです（支援中のケースの終結日、完了前の完了日、推進チームの訪問がない年の訪問日は警告しません。訪問のない自治会の「気になる世帯数」なども同じです）。',
  '- 厳格な取り込み: 1行でもエラーがあればファイル全体を取り込まず、すべての問題（Excel の行番号・列・値・理由）を1回の報告で知らせます。型の誤り、行の中の決まり（日付の前後・年度の範囲）、重複、市町村の違いを、型の誤りがある行でも読めた値で確認します。読めない値のために確認できなかった項目は、行ごとに「確認できなかった行」として知らせます。一覧は最初の1,000件まで（総数も表示）。警告は取り込みを止めません。',
  '- 置き換え: 提出したファイルは、その市町村の同じ単位（年度または基準日）のデータを置き換えます。同じファイルを2回提出しても結果は変わりません。元のファイルは保管します。置き換えたときは、前回の提出からの変化（追加・削除・変更した行の数と、相談実人数などの主な数値の前後）を取り込み結果に記録します。',
  '',
];

function personalSection(): string[] {
  return [
    '## 個人情報とみなして受け付けない列',
    '',
    '次のような見出しの列があるファイルは、全体を受け付けません（列を削除してから提出してください）。自治会名・市町村名・相談内容（課題の別名）などは対象外です。',
    '',
    ...table(
      ['内容', '見出しの例', '対象'],
      PERSONAL_COLUMN_RULES.map((r) => [
        r.concept,
        r.examples.join('、'),
        r.personLevelOnly ? '個人単位のデータだけ' : 'すべてのデータ',
      ]),
    ),
    '',
  ];
}

function municipalitySection(): string[] {
  return [
    '## 市町村一覧',
    '',
    '既定の人口は、県が人口（`population`）を提出するまでの仮の値です。「概数」はデモ用の大まかな値です。',
    '',
    ...table(
      ['コード', '名称', 'よみ', '郡', '地域', '既定の人口', '人口の根拠'],
      MUNICIPALITIES.map((m) => [
        m.code,
        m.name,
        m.kana,
        m.gun || '—',
        m.region,
        `${m.populationApprox.toLocaleString('en-US')}${m.populationRough ? '（概数）' : ''}`,
        m.populationBasis,
      ]),
    ),
    '',
  ];
}

/**
 * The data-contract page (docs/data-contract.md), derived only from
 * src/datasets so it cannot drift from validation, templates and schema.
 */
export function renderDataContract(): string {
  return [
    '# データ契約: 提出するファイル（Excel・CSV）の決まり',
    '',
    '<!-- src/datasets の定義から生成しています。直接編集せず `npm run docs` を実行してください。 -->',
    '',
    '市町村と県が提出するファイル（Excel ブックまたは CSV）の形を定めます。テンプレート、取り込み時の検証、保存形式（Parquet）、Glue のテーブルはすべて同じ定義から作られます。',
    '',
    ...COMMON,
    ...DATASETS.flatMap((d, i) => datasetSection(d, i + 1)),
    ...personalSection(),
    ...municipalitySection(),
  ].join('\n');
}
