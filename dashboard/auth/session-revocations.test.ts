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
import { REVOCATION_RECHECK_MS, REVOKED_SESSIONS_PREFIX, SessionRevocations } from './session-revocations';

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

  it('asks the store about a live session once per recheck window, and sees another sign-out after it', async () => {
    // Prepare
    const store = curatedBucket(true);
    let now = new Date('2026-12-04T00:00:00Z');
    const here = new SessionRevocations(store, () => now);
    expect(await here.isRevoked('busy-session')).toBe(false);
    const lookups = s3.commandCalls(HeadObjectCommand).length;
    // Act: many requests, then a sign-out received by another instance.
    for (let i = 0; i < 50; i++) expect(await here.isRevoked('busy-session')).toBe(false);
    await new SessionRevocations(store).revoke('busy-session');
    // Assess: no lookups inside the window; the sign-out holds once it has passed.
    expect(s3.commandCalls(HeadObjectCommand).length).toBe(lookups);
    now = new Date(now.getTime() + REVOCATION_RECHECK_MS + 1);
    expect(await here.isRevoked('busy-session')).toBe(true);
  });

  it('holds a sign-out received by this instance at once, whatever it cached', async () => {
    const here = new SessionRevocations(curatedBucket(true));
    expect(await here.isRevoked('my-session')).toBe(false);
    await here.revoke('my-session');
    expect(await here.isRevoked('my-session')).toBe(true);
  });

  it('fails rather than lets a session through when the role may not list the prefix', async () => {
    // Prepare: without ListBucket, "absent" and "refused" look the same (403).
    const revocations = new SessionRevocations(curatedBucket(false));
    // Act / Assess: an error (500), never a silent "not revoked".
    await expect(revocations.isRevoked('a-session')).rejects.toThrow(/Forbidden/);
  });
});
