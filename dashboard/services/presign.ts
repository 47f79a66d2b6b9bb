import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Viewer } from '../../src/access/viewer';
import type { DatasetName } from '../../src/datasets';
import { rawKeyFor, uploadIdFor } from '../../src/ingest/layout';
import { messages } from '../../src/ingest/messages';
import { rawMetadataFor } from '../../src/ingest/raw-metadata';
import type { ObjectStore } from '../../src/storage/object-store';
import { S3Store } from '../../src/storage/s3-store';
import { AppError } from '../errors';

/** Long enough to start a PUT of a 50 MB file, short enough that a leaked URL is soon useless. */
export const PRESIGN_EXPIRY_SECONDS = 300;

/** The raw bucket a URL is signed for, with the credentials of the role that signs it. */
export interface PresignTarget {
  client: S3Client;
  bucket: string;
}

/** The file the caller is about to PUT, as it describes it. */
export interface PresignFile {
  fileName: string;
  size: number;
  /** Lowercase hex SHA-256 of the exact bytes. */
  sha256: string;
}

export interface PresignRequest extends PresignFile {
  dataset: DatasetName;
  municipalityCode: string;
  uploader: Viewer;
  now: Date;
}

/** The `data` of POST /api/uploads/presign. */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  /** Send exactly these with the PUT: each is signed, so any other value fails S3's signature check. */
  headers: Record<string, string>;
  key: string;
  upload_id: string;
  expires_at: string;
}

/**
 * The raw store's S3 client and bucket, or undefined when raw uploads go to
 * a local folder. Reusing the store's client avoids a second credential chain.
 */
export function presignTargetOf(store: ObjectStore): PresignTarget | undefined {
  if (!(store instanceof S3Store)) return undefined;
  return { client: store.client, bucket: store.bucket };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function invalid(message: string): AppError {
  return new AppError(400, 'invalid_parameter', message);
}

/**
 * The file fields of the JSON body. The SHA-256 is required: the raw key and
 * the upload id are named after it (as for POST /api/uploads), and S3 checks
 * the PUT body against it, so the object is exactly the file described.
 */
export function readPresignFile(body: Record<string, unknown>, maxUploadBytes: number): PresignFile {
  const { file_name: fileName, size, sha256 } = body;
  if (typeof fileName !== 'string' || fileName.trim() === '')
    throw invalid('file_name にアップロードするファイルの名前を指定してください。');
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1)
    throw invalid('size にファイルの大きさ（バイト数、1以上の整数）を指定してください。');
  if (size > maxUploadBytes)
    throw new AppError(413, 'payload_too_large', messages.fileTooLarge(size, maxUploadBytes));
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256.toLowerCase()))
    throw invalid('sha256 にファイルの SHA-256（16進数64桁）を指定してください。');
  return { fileName, size, sha256: sha256.toLowerCase() };
}

/**
 * A presigned PUT of one file to `raw/{dataset}/{code}/…`. Everything the
 * ingest Lambda trusts is inside the signature: the key (so the caller's own
 * prefix only), the uploader metadata (so no one can claim another identity),
 * Content-Type text/csv, Content-Length (so no bigger file than authorised)
 * and the SHA-256 checksum (so no other content). The metadata and checksum
 * stay headers rather than query parameters so S3 stores and checks them as
 * for any PUT; callers must send `headers` unchanged.
 */
export async function presignRawUpload(
  target: PresignTarget,
  request: PresignRequest,
): Promise<PresignedUpload> {
  const key = rawKeyFor(
    request.dataset,
    request.municipalityCode,
    request.now,
    request.sha256,
    request.fileName,
  );
  const metadata = rawMetadataFor(request.uploader, request.now);
  const checksum = Buffer.from(request.sha256, 'hex').toString('base64');
  const command = new PutObjectCommand({
    Bucket: target.bucket,
    Key: key,
    ContentType: 'text/csv',
    ContentLength: request.size,
    Metadata: metadata,
    // Given explicitly, the SDK signs this instead of adding a CRC32 of the (empty) presign body.
    ChecksumSHA256: checksum,
  });
  const metaHeaders = Object.keys(metadata).map((name) => `x-amz-meta-${name}`);
  const url = await getSignedUrl(target.client, command, {
    expiresIn: PRESIGN_EXPIRY_SECONDS,
    signingDate: request.now,
    // The presigner leaves Content-Type unsigned unless told otherwise.
    signableHeaders: new Set(['content-type', 'content-length']),
    unhoistableHeaders: new Set([...metaHeaders, 'x-amz-checksum-sha256']),
  });
  const headers: Record<string, string> = { 'Content-Type': 'text/csv' };
  for (const [name, value] of Object.entries(metadata)) headers[`x-amz-meta-${name}`] = value;
  headers['x-amz-checksum-sha256'] = checksum;
  return {
    url,
    method: 'PUT',
    headers,
    key,
    upload_id: uploadIdFor(request.now, request.sha256),
    // X-Amz-Date has whole seconds: the URL stops working this long after the second it was signed in.
    expires_at: new Date(
      Math.floor(request.now.getTime() / 1000) * 1000 + PRESIGN_EXPIRY_SECONDS * 1000,
    ).toISOString(),
  };
}
