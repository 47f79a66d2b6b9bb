import type { Role, Viewer } from '../../src/access/viewer';
import type { ObjectStore } from '../../src/storage/object-store';
import { timeOrderedId } from './object-keys';

/** `sign_in.throttled` is written once per throttle wait, not per refusal (dashboard/auth/routes.tsx). */
export type AuditAction =
  | 'upload'
  | 'export'
  | 'visit_log.create'
  | 'visit_log.correct'
  | 'visit_log.withdraw'
  | 'sign_in.throttled'
  | 'sign_out';

/** Who acted: a signed-in viewer, or for a refused sign-in only the login name that was typed. */
export type AuditActor = Viewer | { login: string };

/** One line of the audit log: who did what, when, to which thing. */
export interface AuditEntry {
  at: string;
  login: string;
  /** Null when nobody was signed in (a refused sign-in attempt). */
  role: Role | null;
  municipality_code: string | null;
  action: AuditAction;
  /** What was acted on: an upload id, an indicator + filters, a visit-log entry id. */
  target: string;
  detail: Record<string, unknown>;
}

export interface AuditQuery {
  action?: AuditAction;
  /** Newest entries first; default 200. */
  limit?: number;
}

const PREFIX = 'audit/';

/**
 * Append-only audit log in the curated store under `audit/`. Each entry is its
 * own object `audit/{yyyy-mm-dd}/{time-ordered id}.jsonl` holding one JSON
 * line, so concurrent Lambdas never overwrite each other and nothing is ever
 * rewritten; there is deliberately no delete or update.
 */
export class AuditLog {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async append(
    actor: AuditActor,
    action: AuditAction,
    target: string,
    detail: Record<string, unknown> = {},
  ): Promise<AuditEntry> {
    const at = this.clock();
    const entry: AuditEntry = {
      at: at.toISOString(),
      login: actor.login,
      role: 'role' in actor ? actor.role : null,
      municipality_code: 'role' in actor ? (actor.municipalityCode ?? null) : null,
      action,
      target,
      detail,
    };
    const key = `${PREFIX}${entry.at.slice(0, 10)}/${timeOrderedId(at)}.jsonl`;
    await this.store.put(key, `${JSON.stringify(entry)}\n`, { contentType: 'application/x-ndjson' });
    return entry;
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = query.limit ?? 200;
    const objects = (await this.store.list(PREFIX)).filter((o) => o.key.endsWith('.jsonl')).reverse();
    const entries: AuditEntry[] = [];
    for (const object of objects) {
      if (entries.length >= limit) break;
      const bytes = await this.store.get(object.key);
      if (!bytes) continue;
      for (const line of new TextDecoder().decode(bytes).split('\n')) {
        if (line.trim() === '') continue;
        const entry = JSON.parse(line) as AuditEntry;
        if (query.action === undefined || entry.action === query.action) entries.push(entry);
      }
    }
    return entries.slice(0, limit);
  }
}
