/**
 * The diff an accepted upload records (src/ingest/diff.ts computes it), and
 * its Japanese sentence: apart from the computation so the dashboard and
 * the browser read it without DuckDB.
 */

export interface FigureChange {
  id: string;
  /** Japanese (相談実人数). */
  label: string;
  before: number | null;
  after: number | null;
}

export interface PartitionDiff {
  /** `municipality_code=…/fiscal_year=…` as in the report's partitions. */
  partition: string;
  municipality_code: string;
  partition_value: string;
  /** The upload whose rows this one replaced; null for the first data of the partition. */
  previous_upload_id: string | null;
  previous_uploaded_at: string | null;
  added: number;
  removed: number;
  changed: number;
  figures: FigureChange[];
}

export interface UploadDiff {
  partitions: PartitionDiff[];
}

const count = (n: number): string => n.toLocaleString('ja-JP');

/**
 * One Japanese sentence per upload.
 *
 * @example diffSummaryJa(diff) // 「前回の提出から 相談実人数 41→44、3件追加・1件変更。」
 */
export function diffSummaryJa(diff: UploadDiff): string {
  const sentences = diff.partitions.map((p) => {
    const period = /^\d{4}$/.test(p.partition_value)
      ? `${p.partition_value}年度`
      : `基準日${p.partition_value}`;
    const rows = [
      p.added > 0 ? `${count(p.added)}件追加` : '',
      p.removed > 0 ? `${count(p.removed)}件削除` : '',
      p.changed > 0 ? `${count(p.changed)}件変更` : '',
    ].filter(Boolean);
    const moved = p.figures
      .filter((f) => f.before !== f.after)
      .slice(0, 3)
      .map((f) => `${f.label} ${f.before === null ? '' : `${count(f.before)}→`}${count(f.after ?? 0)}`);
    if (p.previous_upload_id === null && p.added > 0 && p.removed === 0)
      return `${period}: 初めての提出（${[...moved, `${count(p.added)}件`].join('、')}）。`;
    if (rows.length === 0 && moved.length === 0) return `${period}: 前回の提出から変更はありません。`;
    return `${period}: 前回の提出から ${[...moved, rows.join('・')].filter(Boolean).join('、')}。`;
  });
  return sentences.join('');
}
