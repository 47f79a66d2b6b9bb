import {
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3Store } from '../../src/storage/s3-store';
import { REVOKED_SESSIONS_PREFIX, SessionRevocations } from './session-revocations';

const s3 = mockClient(S3Client);
afterEach(() => {
  s3.reset();
});

const denied = () =>
  new S3ServiceException({
    name: 'Forbidden',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'Forbidden',
  });

/**
 * The curated bucket as the dashboard role sees it on AWS (infra/constructs/dashboard-function.ts):
 * Get/Put under `sessions/revoked/*` and ListBucket only for that prefix. S3 answers a HEAD of a
 * missing key with 403, not 404, unless the caller may list the bucket; a listing of the prefix
 * is allowed when `mayList` is.
 */
function curatedBucket(mayList: boolean): S3Store {
  const objects = new Map<string, Date>();
  s3.on(PutObjectCommand).callsFake((input: { Key: string }) => {
    objects.set(input.Key, new Date());
    return {};
  });
  s3.on(HeadObjectCommand).callsFake((input: { Key: string }) => {
    const at = objects.get(input.Key);
    if (!at) throw denied();
    return { ContentLength: 30, LastModified: at };
  });
  s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => {
    if (!mayList || !input.Prefix.startsWith(REVOKED_SESSIONS_PREFIX)) throw denied();
    return {
      Contents: [...objects.keys()].filter((k) => k.startsWith(input.Prefix)).map((Key) => ({ Key })),
    };
  });
  return new S3Store(new S3Client({}), 'curated-bucket');
}

describe('SessionRevocations on S3', () => {
  it('reads a session never signed out as not revoked, though S3 answers its HEAD with 403', async () => {
    // Prepare
    const revocations = new SessionRevocations(curatedBucket(true));
    // Act / Assess: the store lists the key itself and finds nothing.
    expect(await revocations.isRevoked('a-live-session')).toBe(false);
    expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input.Prefix).toMatch(
      /^sessions\/revoked\/[\w-]+\.json$/,
    );
  });

  it('sees a sign-out made by another instance (another Lambda) at once', async () => {
    // Prepare
    const store = curatedBucket(true);
    await new SessionRevocations(store).revoke('signed-out-session');
    // Act
    const elsewhere = new SessionRevocations(store);
    // Assess
    expect(await elsewhere.isRevoked('signed-out-session')).toBe(true);
    expect(await elsewhere.isRevoked('another-session')).toBe(false);
  });

  it('fails rather than lets a session through when the role may not list the prefix', async () => {
    // Prepare: without ListBucket, "absent" and "refused" look the same (403).
    const revocations = new SessionRevocations(curatedBucket(false));
    // Act / Assess: an error (500), never a silent "not revoked".
    await expect(revocations.isRevoked('a-session')).rejects.toThrow(/Forbidden/);
  });
});
