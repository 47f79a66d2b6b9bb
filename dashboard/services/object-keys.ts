import { randomBytes } from 'node:crypto';

/**
 * A key segment that sorts by time and never collides: S3 cannot append, so
 * append-only logs write one immutable object per entry and read them back
 * in key order.
 */
export function timeOrderedId(at: Date): string {
  const compact = at.toISOString().replace(/[-:.]/g, '');
  return `${compact}-${randomBytes(4).toString('hex')}`;
}
