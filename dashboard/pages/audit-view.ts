import { DATASETS } from '../../src/datasets';
import type { AuditAction, AuditEntry } from '../services/audit-log';
import { formatDateTimeJst, municipalityName } from './format';
import { ROLE_LABELS } from './layout';

/** 操作記録: the audit log as the prefecture reads it. */

/** Every action in Japanese (typed: a new action without a label does not compile). */
export const ACTION_LABELS: Record<AuditAction, string> = {
  upload: 'アップロード',
  export: 'CSV出力',
  'visit_log.create': '訪問記録の登録',
  'visit_log.correct': '訪問記録の訂正',
  'visit_log.withdraw': '訪問記録の取り下げ',
  'sign_in.throttled': 'ログイン試行の制限',
  sign_out: 'ログアウト',
};

export const AUDIT_ACTIONS = Object.keys(ACTION_LABELS) as AuditAction[];

const DATASET_TITLES: Record<string, string> = Object.fromEntries(DATASETS.map((d) => [d.name, d.title]));

const DETAIL_LABELS: Record<string, string> = {
  file: 'ファイル',
  dataset: 'データ',
  municipality_code: '市町村',
  status: '結果',
  rows: '行数',
  errors_total: 'エラー',
  filters: '条件',
  suppression_applied: '秘匿あり',
  recovered: '再起動後に記録',
  visited_on: '訪問日',
  reason: '理由',
};

/** Internal: the data version is a hash people are never shown (docs/glossary.md, データ時点); GET /api/audit keeps it. */
const HIDDEN_DETAILS = new Set(['data_version']);

const STATUS_LABELS: Record<string, string> = {
  accepted: '受理',
  rejected: '取込エラー',
  presigned: '受付（S3へ直接）',
};

/** The town an entry concerns: the upload's or visit's town, the export's filter, else the actor's own. */
export function entryTown(entry: AuditEntry): string | null {
  const d = entry.detail;
  if (typeof d.municipality_code === 'string') return d.municipality_code;
  const filters = d.filters as Record<string, unknown> | undefined;
  if (filters && typeof filters.municipality === 'string') return filters.municipality;
  return entry.municipality_code;
}

/** Whether an entry is about this town, or was made by its staff. */
export function concernsTown(entry: AuditEntry, code: string): boolean {
  return entryTown(entry) === code || entry.municipality_code === code;
}

function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (key === 'dataset' && typeof value === 'string') return DATASET_TITLES[value] ?? value;
  if (key === 'municipality_code' && typeof value === 'string') return municipalityName(value);
  if (key === 'status' && typeof value === 'string') return STATUS_LABELS[value] ?? value;
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ');
  return String(value);
}

/** 「ファイル: x.csv、データ: 相談ケース、結果: 受理」 */
export function detailText(entry: AuditEntry): string {
  return Object.entries(entry.detail)
    .filter(([k, v]) => v !== undefined && !HIDDEN_DETAILS.has(k))
    .map(([k, v]) => `${DETAIL_LABELS[k] ?? k}: ${valueText(k, v)}`)
    .join('、');
}

/** One entry as the table and the CSV show it; keys are the CSV headers. */
export function auditRow(entry: AuditEntry): Record<string, string> {
  return {
    日時: formatDateTimeJst(entry.at),
    ログイン: entry.login,
    役割: entry.role ? ROLE_LABELS[entry.role] : '（未ログイン）',
    所属: entry.municipality_code ? municipalityName(entry.municipality_code) : '—',
    操作: ACTION_LABELS[entry.action] ?? entry.action,
    対象: entry.target,
    対象の市町村: municipalityName(entryTown(entry)),
    詳細: detailText(entry),
  };
}

export const AUDIT_COLUMNS = ['日時', 'ログイン', '役割', '所属', '操作', '対象', '対象の市町村', '詳細'];
