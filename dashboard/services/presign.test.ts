import { createHash, createHmac } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/access/viewer';
import { AppError } from '../errors';
import { PRESIGN_EXPIRY_SECONDS, type PresignedUpload, presignRawUpload, readPresignFile } from './presign';

/**
 * s3rver does not check V4 signatures, so what S3 would refuse is checked
 * here against AWS's documented SigV4 query-string algorithm, written out
 * independently of the SDK that signs: a request verifies only when the
 * key, every signed header and the body length are the ones authorised.
 */
const SECRET = 'test-secret-key';
const client = new S3Client({
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: SECRET },
});
const HOKUEI: Viewer = { role: 'municipality', municipalityCode: '313726', login: '北栄町担当' };
const BODY = new TextEncoder().encode('市町村コード,年度\r\n313726,2023\r\n');
const SHA256 = createHash('sha256').update(BODY).digest('hex');

function sign(now = new Date()): Promise<PresignedUpload> {
  return presignRawUpload(
    { client, bucket: 'raw-bucket' },
    {
      dataset: 'cases',
      municipalityCode: '313726',
      fileName: '相談ケース.csv',
      size: BODY.length,
      sha256: SHA256,
      uploader: HOKUEI,
      now,
    },
  );
}

const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/** Would S3 accept this PUT? SigV4 (query string), and S3's refusal of unsigned x-amz-* headers. */
function verifies(url: string, headers: Record<string, string>, bodyLength: number): boolean {
  const u = new URL(url);
  const q = u.searchParams;
  const sent: Record<string, string> = { host: u.host, 'content-length': String(bodyLength) };
  for (const [name, value] of Object.entries(headers)) sent[name.toLowerCase()] = value;
  const signedNames = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (Object.keys(sent).some((name) => name.startsWith('x-amz-') && !signedNames.includes(name)))
    return false;
  if (signedNames.some((name) => sent[name] === undefined)) return false;
  const query = [...q.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .sort()
    .join('&');
  const canonicalHeaders = signedNames.map((name) => `${name}:${sent[name]?.trim()}\n`).join('');
  const canonical = [
    'PUT',
    u.pathname,
    query,
    canonicalHeaders,
    signedNames.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const [, date, region, service] = (q.get('X-Amz-Credential') ?? '').split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    q.get('X-Amz-Date'),
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${SECRET}`, date ?? ''), region ?? ''), service ?? ''),
    'aws4_request',
  );
  return hmac(key, toSign).toString('hex') === q.get('X-Amz-Signature');
}

describe('presignRawUpload', () => {
  it('signs the key, Content-Type, length, checksum and every uploader metadata header', async () => {
    const p = await sign();
    const q = new URL(p.url).searchParams;
    expect(q.get('X-Amz-Expires')).toBe(String(PRESIGN_EXPIRY_SECONDS));
    expect(q.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining([
        'content-type',
        'content-length',
        'x-amz-checksum-sha256',
        'x-amz-meta-uploader-login',
        'x-amz-meta-uploader-role',
        'x-amz-meta-uploader-municipality',
        'x-amz-meta-uploaded-at',
      ]),
    );
    // A CRC32 of the empty presign body in the query would make S3 refuse every real file.
    expect([...q.keys()].filter((k) => /checksum|x-amz-meta/i.test(k))).toEqual([]);
    expect(p.headers).toMatchObject({
      'Content-Type': 'text/csv',
      'x-amz-meta-uploader-login': encodeURIComponent('北栄町担当'),
      'x-amz-meta-uploader-municipality': '313726',
      'x-amz-checksum-sha256': Buffer.from(SHA256, 'hex').toString('base64'),
    });
    expect(verifies(p.url, p.headers, BODY.length)).toBe(true);
  });

  it('gives a URL S3 would refuse once the key, a header or the length changes', async () => {
    const p = await sign();
    const otherTown = p.url.replace('/raw/cases/313726/', '/raw/cases/313700/');
    expect(verifies(otherTown, p.headers, BODY.length)).toBe(false);
    const asPrefecture = { ...p.headers, 'x-amz-meta-uploader-role': 'prefecture' };
    expect(verifies(p.url, asPrefecture, BODY.length)).toBe(false);
    const otherLogin = { ...p.headers, 'x-amz-meta-uploader-login': 'prefecture' };
    expect(verifies(p.url, otherLogin, BODY.length)).toBe(false);
    const html = { ...p.headers, 'Content-Type': 'text/html' };
    expect(verifies(p.url, html, BODY.length)).toBe(false);
    const extra = { ...p.headers, 'x-amz-meta-uploader-role-override': 'prefecture' };
    expect(verifies(p.url, extra, BODY.length)).toBe(false);
    expect(verifies(p.url, p.headers, BODY.length + 1)).toBe(false);
    const withoutMetadata = { 'Content-Type': 'text/csv' };
    expect(verifies(p.url, withoutMetadata, BODY.length)).toBe(false);
  });

  it('names the key and upload id after the signing time and the file hash', async () => {
    const p = await sign(new Date('2026-11-26T14:07:29.123Z'));
    expect(p.key).toBe(`raw/cases/313726/20261126T140729123Z_${SHA256.slice(0, 12)}_相談ケース.csv`);
    expect(p.upload_id).toBe(`20261126T140729123Z-${SHA256.slice(0, 12)}`);
    expect(p.expires_at).toBe('2026-11-26T14:12:29.000Z');
    expect(p.headers['x-amz-meta-uploaded-at']).toBe('2026-11-26T14:07:29.123Z');
  });
});

describe('readPresignFile', () => {
  const ok = { file_name: 'a.csv', size: 10, sha256: SHA256.toUpperCase() };

  it('accepts a described file, hash in either case', () => {
    expect(readPresignFile(ok, 10)).toEqual({ fileName: 'a.csv', size: 10, sha256: SHA256 });
  });

  it('refuses more than the limit with 413 and malformed fields with 400', () => {
    const status = (body: Record<string, unknown>) => {
      try {
        readPresignFile(body, 10);
        return 200;
      } catch (error) {
        return error instanceof AppError ? error.status : 500;
      }
    };
    expect(status({ ...ok, size: 11 })).toBe(413);
    expect(status({ ...ok, size: 0 })).toBe(400);
    expect(status({ ...ok, size: 1.5 })).toBe(400);
    expect(status({ ...ok, sha256: undefined })).toBe(400);
    expect(status({ ...ok, sha256: 'g'.repeat(64) })).toBe(400);
    expect(status({ ...ok, file_name: '  ' })).toBe(400);
  });
});
