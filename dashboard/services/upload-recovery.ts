import { recoverInterruptedUploads } from '../../src/ingest/recover';
import type { AppDeps } from '../context';
import { auditUpload } from './upload-audit';

/**
 * Local only: completes (or rolls back) the uploads a crash interrupted,
 * appending the audit entries they missed. dashboard/start.ts runs it once,
 * before serving, so no request reads a history or starts an upload while
 * it runs. It re-runs the ingest (DuckDB), so routes and the cloud deps
 * never import it: on AWS the ingest function's retried S3 event re-runs
 * an interrupted upload. A failure is logged and left pending for the next start.
 *
 * @example await recoverLocalUploads(await localDeps(config))
 */
export async function recoverLocalUploads(deps: AppDeps): Promise<void> {
  try {
    const recovered = await recoverInterruptedUploads(deps.stores, {
      maxUploadBytes: deps.config.maxUploadBytes,
      settle: auditUpload(deps.audit, true),
    });
    for (const { report, outcome } of recovered)
      console.info(
        JSON.stringify({ level: 'info', message: 'upload recovered', upload_id: report.upload_id, outcome }),
      );
  } catch (error) {
    console.error(
      JSON.stringify({ level: 'error', message: 'upload recovery failed', error: String(error) }),
    );
  }
}
