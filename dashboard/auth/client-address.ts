import type { Context } from 'hono';

interface Bindings {
  /** @hono/node-server: the Node request. */
  incoming?: { socket?: { remoteAddress?: string } };
  /** hono/aws-lambda: the function URL event's context. */
  requestContext?: { http?: { sourceIp?: string } };
}

/**
 * The address a request came from, for the sign-in throttle. Locally the
 * socket's peer (the server listens on 127.0.0.1, so every local browser
 * shares one address). On Lambda the function URL answers only CloudFront
 * (origin secret), so its source is an edge server: the viewer is read from
 * CloudFront-Viewer-Address when the origin request policy forwards it,
 * else from the last X-Forwarded-For entry, the one CloudFront appends
 * (earlier entries are whatever the client sent).
 */
export function clientAddress(c: Context): string {
  const env = (c.env ?? {}) as Bindings;
  if (env.requestContext) {
    const viewer = c.req.header('cloudfront-viewer-address');
    if (viewer) return viewer.slice(0, viewer.lastIndexOf(':')) || viewer;
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    return forwarded || env.requestContext.http?.sourceIp || 'unknown';
  }
  return env.incoming?.socket?.remoteAddress ?? 'unknown';
}
