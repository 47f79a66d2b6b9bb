import { MUNICIPALITIES, PREFECTURE_CODE, PREFECTURE_NAME } from '../../src/datasets/municipalities';
import type { AuditAction, AuditEntry } from '../services/audit-log';
import { ACTION_LABELS, AUDIT_ACTIONS, AUDIT_COLUMNS, auditRow } from './audit-view';
import { Layout, type LayoutProps } from './layout';

export interface AuditFilter {
  action?: AuditAction;
  municipality?: string;
}

export interface AuditPageProps extends Omit<LayoutProps, 'title' | 'children'> {
  entries: AuditEntry[];
  filter: AuditFilter;
  /** Entries shown at most; more may exist. */
  limit: number;
}

/** The same filters as a query string, for the CSV link. */
export function auditQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(extra);
  if (filter.action) q.set('action', filter.action);
  if (filter.municipality) q.set('municipality', filter.municipality);
  return q.toString();
}

/** 操作記録: who uploaded, exported, edited what and when (the prefecture only). */
export function AuditPage(props: AuditPageProps) {
  const { entries, filter } = props;
  return (
    <Layout {...props} title="操作記録" current="audit">
      <h1>操作記録</h1>
      <p class="lead">
        誰が、いつ、どのデータをアップロード・CSV出力し、訪問記録を登録・訂正したかの記録です（日本時間、新しい順、最新
        {props.limit}件まで）。記録は追記のみで、変更・削除はできません。
      </p>
      <form method="get" action="/audit" class="year-form">
        <label for="audit-action">操作</label>
        <select id="audit-action" name="action">
          <option value="">すべて</option>
          {AUDIT_ACTIONS.map((a) => (
            <option value={a} selected={a === filter.action}>
              {ACTION_LABELS[a]}
            </option>
          ))}
        </select>
        <label for="audit-municipality">市町村</label>
        <select id="audit-municipality" name="municipality">
          <option value="">すべて</option>
          <option value={PREFECTURE_CODE} selected={filter.municipality === PREFECTURE_CODE}>
            {PREFECTURE_NAME}
          </option>
          {MUNICIPALITIES.map((m) => (
            <option value={m.code} selected={m.code === filter.municipality}>
              {m.name}
            </option>
          ))}
        </select>
        <button type="submit">絞り込む</button>
      </form>
      <div class="chart-actions">
        <a href={`/audit?${auditQuery(filter, { format: 'csv' })}`} download>
          CSVダウンロード
        </a>
      </div>
      <div class="table-scroll">
        <table class="audit-table">
          <caption>操作記録（{entries.length}件）</caption>
          <thead>
            <tr>
              {AUDIT_COLUMNS.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colspan={AUDIT_COLUMNS.length}>該当する記録はありません。</td>
              </tr>
            ) : null}
            {entries.map((e) => {
              const row = auditRow(e);
              return (
                <tr>
                  <th scope="row">
                    <time datetime={e.at}>{row.日時}</time>
                  </th>
                  <td>{row.ログイン}</td>
                  <td>{row.役割}</td>
                  <td>{row.所属}</td>
                  <td>{row.操作}</td>
                  <td>
                    {e.action === 'upload' ? (
                      <a href={`/uploads/${encodeURIComponent(e.target)}`}>{e.target}</a>
                    ) : (
                      row.対象
                    )}
                  </td>
                  <td>{row.対象の市町村}</td>
                  <td>{row.詳細}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
