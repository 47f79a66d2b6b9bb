import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectInfo, ObjectStore, PutOptions } from './object-store';

/**
 * An ObjectStore in one S3 bucket. Region, endpoint and credentials come
 * from the S3Client passed in. A single PutObject is atomic for readers.
 */
export class S3Store implements ObjectStore {
  readonly location: string;

  constructor(
    /** Public so presigned uploads are signed with the same client and credentials. */
    readonly client: S3Client,
    readonly bucket: string,
  ) {
    this.location = `s3://${bucket}`;
  }

  localPath(_key: string): undefined {
    return undefined;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (await this.isMissing(key, error)) return undefined;
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: out.ContentLength ?? 0,
        lastModified: out.LastModified ?? new Date(0),
        metadata: lowercaseKeys(out.Metadata ?? {}),
      };
    } catch (error) {
      if (await this.isMissing(key, error)) return undefined;
      throw error;
    }
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
        ContentType: options.contentType,
        Metadata: options.metadata,
      }),
    );
  }

  /** Metadata is not part of a listing on S3; call head() for it. */
  async list(prefix: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of out.Contents ?? []) {
        if (item.Key === undefined) continue;
        found.push({
          key: item.Key,
          size: item.Size ?? 0,
          lastModified: item.LastModified ?? new Date(0),
          metadata: {},
        });
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /**
   * S3 answers 403 instead of 404 for a missing key unless the caller may
   * list the whole bucket; the roles here may list only their prefixes. A
   * listing of the key itself (allowed under those prefixes) tells the two
   * apart: absent → missing; present → a real permission problem.
   */
  private async isMissing(key: string, error: unknown): Promise<boolean> {
    if (isNotFound(error)) return true;
    if (statusOf(error) !== 403) return false;
    const listed = await this.list(key).catch(() => undefined);
    return listed !== undefined && !listed.some((o) => o.key === key);
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

function lowercaseKeys(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k.toLowerCase(), v]));
}
