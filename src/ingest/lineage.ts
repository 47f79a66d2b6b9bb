/**
 * Where published data came from. Written into the Parquet key-value
 * metadata (readable by any Parquet tool) and the object metadata (readable
 * with a HEAD request, which is how publication compares partitions).
 */
export interface Lineage {
  uploadId: string;
  rawKey: string;
  sha256: string;
  /** ISO 8601. */
  uploadedAt: string;
}

/**
 * Parquet key-value metadata: snake_case keys, UTF-8 values. The row count
 * is not repeated here: the footer's num_rows holds it, and the bulk check
 * writes every partition of an upload in one statement with one set of
 * key-values.
 */
export function parquetKeyValues(lineage: Lineage): Record<string, string> {
  return {
    upload_id: lineage.uploadId,
    raw_key: lineage.rawKey,
    sha256: lineage.sha256,
    uploaded_at: lineage.uploadedAt,
  };
}

/**
 * Object metadata: S3 allows only ASCII, and raw keys keep Japanese file
 * names, so the raw key is percent-encoded.
 */
export function objectMetadata(lineage: Lineage, rowCount: number): Record<string, string> {
  return {
    'upload-id': lineage.uploadId,
    'raw-key': encodeURIComponent(lineage.rawKey),
    sha256: lineage.sha256,
    'uploaded-at': lineage.uploadedAt,
    'row-count': String(rowCount),
  };
}

/** Lineage back from object metadata; undefined when incomplete (e.g. written by hand). */
export function lineageFromMetadata(
  metadata: Record<string, string>,
): (Lineage & { rowCount: number }) | undefined {
  const { 'upload-id': uploadId, 'raw-key': rawKey, sha256, 'uploaded-at': uploadedAt } = metadata;
  const rowCount = Number(metadata['row-count']);
  if (!uploadId || rawKey === undefined || !sha256 || !uploadedAt || !Number.isInteger(rowCount))
    return undefined;
  return { uploadId, rawKey: decodeURIComponent(rawKey), sha256, uploadedAt, rowCount };
}
