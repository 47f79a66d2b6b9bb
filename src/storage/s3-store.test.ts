import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3Store } from './s3-store';

const s3 = mockClient(S3Client);
afterEach(() => {
  s3.reset();
});

const denied = () =>
  new S3ServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'Access Denied',
  });

describe('S3Store', () => {
  it('treats 403 on a key that a prefix listing shows absent as missing (roles list only their prefixes)', async () => {
    // Prepare
    s3.on(HeadObjectCommand).rejects(denied());
    s3.on(GetObjectCommand).rejects(denied());
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'curated/x/data.parquet.old', Size: 1 }] });
    const store = new S3Store(new S3Client({}), 'curated-bucket');
    // Act / Assess
    expect(await store.head('curated/x/data.parquet')).toBeUndefined();
    expect(await store.get('curated/x/data.parquet')).toBeUndefined();
    expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toMatchObject({
      Bucket: 'curated-bucket',
      Prefix: 'curated/x/data.parquet',
    });
  });

  it('still fails on 403 for a key that exists (a real permission problem)', async () => {
    s3.on(HeadObjectCommand).rejects(denied());
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'curated/x/data.parquet', Size: 1 }] });
    await expect(new S3Store(new S3Client({}), 'b').head('curated/x/data.parquet')).rejects.toThrow(
      /Access Denied/,
    );
  });

  it('follows list pagination to the end', async () => {
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'reports/a.json', Size: 1 }],
        IsTruncated: true,
        NextContinuationToken: 't1',
      })
      .resolvesOnce({ Contents: [{ Key: 'reports/b.json', Size: 2 }], IsTruncated: false });
    const listed = await new S3Store(new S3Client({}), 'b').list('reports/');
    expect(listed.map((o) => o.key)).toEqual(['reports/a.json', 'reports/b.json']);
    expect(s3.commandCalls(ListObjectsV2Command)[1]?.args[0].input.ContinuationToken).toBe('t1');
  });

  it('writes an object with one PutObject carrying its metadata and content type', async () => {
    s3.on(PutObjectCommand).resolves({});
    await new S3Store(new S3Client({}), 'b').put('state/v.json', '{}', {
      contentType: 'application/json',
      metadata: { 'upload-id': 'u' },
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'b',
      Key: 'state/v.json',
      ContentType: 'application/json',
      Metadata: { 'upload-id': 'u' },
    });
  });
});
