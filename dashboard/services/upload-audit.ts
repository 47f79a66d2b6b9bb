import type { IngestOptions } from '../../src/ingest/ingest';
import type { AuditLog } from './audit-log';

/**
 * The audit entry of an upload, as the ingest's settle step: appended
 * before the upload stops being pending (src/ingest/upload-lifecycle.ts),
 * so one a crash cut off is appended by recovery, marked `recovered`.
 *
 * @example await ingestUpload(stores, upload, { maxUploadBytes, settle: auditUpload(deps.audit) })
 */
export function auditUpload(audit: AuditLog, recovered = false): NonNullable<IngestOptions['settle']> {
  return async (report, uploader) => {
    await audit.append(uploader, 'upload', report.upload_id, {
      file: report.file,
      dataset: report.dataset,
      municipality_code: report.municipality_code,
      status: report.status,
      rows: report.rows,
      errors_total: report.errors_total,
      ...(recovered ? { recovered: true } : {}),
    });
  };
}
