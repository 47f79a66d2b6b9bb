import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';

/** The part of s3rver (untyped CommonJS) these tests use. */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3Event) => void): void;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverServer;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

export interface LocalS3 {
  client: S3Client;
  endpoint: string;
  /** Every event record s3rver emitted, in emission order. */
  events: S3Event[];
  /** Called for each event s3rver emits (after it is recorded). */
  onEvent(listener: (event: S3Event) => void): void;
  stop(): Promise<void>;
}

/** CORS rule for buckets a browser PUTs into from another origin (a presigned upload). */
const BROWSER_CORS = `<CORSConfiguration><CORSRule>
<AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>
<AllowedHeader>*</AllowedHeader><MaxAgeSeconds>300</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

/**
 * A real S3 protocol endpoint in this process: s3rver on 127.0.0.1, a random
 * port and a temp folder, with the given buckets created (`browserCors`:
 * those a browser may PUT into from another origin).
 *
 * s3rver puts object keys into its event records as they are; real S3
 * URL-encodes them (spaces as '+'). Records are rewritten to S3's encoding
 * so the handler is exercised on what AWS actually sends.
 */
export async function startS3rver(
  buckets: string[],
  options: { browserCors?: string[] } = {},
): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({
      name,
      configs: options.browserCors?.includes(name) ? [BROWSER_CORS] : [],
    })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const events: S3Event[] = [];
  const listeners: Array<(event: S3Event) => void> = [];
  server.on('event', (raw) => {
    const event = encodeKeysLikeS3(raw);
    events.push(event);
    for (const listener of listeners) listener(event);
  });
  return {
    client,
    endpoint,
    events,
    onEvent: (listener) => listeners.push(listener),
    stop: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function encodeKeysLikeS3(event: S3Event): S3Event {
  return {
    Records: event.Records.map((r) => ({
      ...r,
      s3: {
        ...r.s3,
        object: {
          ...r.s3.object,
          key: encodeURIComponent(r.s3.object.key).replace(/%20/g, '+').replace(/%2F/g, '/'),
        },
      },
    })),
  };
}
