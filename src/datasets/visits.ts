import { MUNICIPALITY_COLUMN } from './common-columns';
import type { BlankCondition, Dataset } from './types';
import { SUMI_MI, VISIT_STATUSES } from './vocabularies';

/** Found in visits: nothing to count before the first visit. */
const VISITED: BlankCondition = {
  reason: '訪問済世帯数が1以上',
  test: (r) => typeof r.visited_households === 'number' && r.visited_households > 0,
  sql: 'visited_households > 0',
};

/** 世帯訪問調査の進捗: one row per 自治会 per 基準日 (a snapshot). */
export const visits: Dataset = {
  name: 'visits',
  title: '世帯訪問調査の進捗',
  description:
    '自治会ごとの世帯訪問調査の進み具合（1行＝1自治会・1基準日）。基準日ごとに最新の状態を提出します。',
  grain: '市町村 × 基準日 × 自治会',
  uploadedBy: 'municipality',
  personLevel: false,
  columns: [
    MUNICIPALITY_COLUMN,
    {
      name: 'as_of',
      header: '基準日',
      aliases: ['時点', '集計日', '基準年月日'],
      type: { kind: 'date', allowMonth: false },
      required: true,
      description: 'この進捗を集計した日（スナップショットの日付）。',
    },
    {
      name: 'jichikai_id',
      header: '自治会コード',
      aliases: ['自治会ID', '自治会番号', '自治会No'],
      type: { kind: 'string', pattern: /^[A-Za-z0-9_-]{1,32}$/, maxLength: 32 },
      required: true,
      description: '市町村が付けている自治会の番号（英数字・_・-、32文字まで）。',
    },
    {
      name: 'jichikai_name',
      header: '自治会名',
      aliases: ['自治会', '地区名', '集落名'],
      type: { kind: 'string', maxLength: 40 },
      required: true,
      description: '自治会の名前（40文字まで）。',
    },
    {
      name: 'households',
      header: '世帯数',
      aliases: ['対象世帯数', '総世帯数'],
      type: { kind: 'int', min: 0 },
      required: true,
      description: '自治会の世帯数（訪問の対象）。',
    },
    {
      name: 'visited_households',
      header: '訪問済世帯数',
      aliases: ['訪問済み世帯数', '訪問世帯数', '訪問済'],
      type: { kind: 'int', min: 0 },
      required: true,
      description: '基準日までに訪問した世帯数（世帯数以下）。',
    },
    {
      name: 'status',
      header: '状況',
      aliases: ['進捗', '実施状況', 'ステータス'],
      type: { kind: 'enum', vocabulary: VISIT_STATUSES },
      required: true,
      description: '調査の状況。',
    },
    {
      name: 'completed_on',
      header: '完了日',
      aliases: ['完了年月日', '終了日'],
      type: { kind: 'date', allowMonth: false },
      required: false,
      description: '調査を完了した日（状況が「完了」のときは必須）。',
      // Blank until completed; the completed_without_date rule asks for it then.
      blankWarning: 'never',
    },
    {
      name: 'hearing_done',
      header: '自治会長・民生委員ヒアリング',
      aliases: ['ヒアリング', 'ヒアリング実施', '自治会長ヒアリング'],
      type: { kind: 'flag', ...SUMI_MI },
      required: false,
      description: '自治会長・民生委員へのヒアリングが済んでいれば「済」、まだなら「未」。',
    },
    {
      name: 'concern_households',
      header: '気になる世帯数',
      aliases: ['気になる世帯', '要支援世帯数'],
      type: { kind: 'int', min: 0 },
      required: false,
      description: '訪問で見つかった「気になる世帯」の数。',
      blankWarning: VISITED,
    },
    {
      name: 'referrals',
      header: '支援につないだ件数',
      aliases: ['つないだ件数', '支援につないだ世帯数', 'つなぎ件数'],
      type: { kind: 'int', min: 0 },
      required: false,
      description: '相談・支援につないだ件数。',
      blankWarning: VISITED,
    },
  ],
  derived: [],
  partitionColumn: 'as_of',
  uniqueKey: ['jichikai_id'],
  rowRules: [
    {
      code: 'visited_exceeds_households',
      severity: 'error',
      column: 'visited_households',
      uses: ['visited_households', 'households'],
      message: '訪問済世帯数が世帯数を超えています。',
      test: (r) =>
        typeof r.visited_households === 'number' &&
        typeof r.households === 'number' &&
        r.visited_households > r.households,
      sql: 'visited_households > households',
    },
    {
      code: 'completed_without_date',
      severity: 'error',
      column: 'completed_on',
      uses: ['status', 'completed_on'],
      message: '状況が「完了」のときは完了日を入力してください。',
      test: (r) => r.status === 'completed' && r.completed_on == null,
      sql: "status = 'completed' AND completed_on IS NULL",
    },
  ],
};
