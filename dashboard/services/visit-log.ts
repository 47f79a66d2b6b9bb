import type { Viewer } from '../../src/access/viewer';
import type { ObjectStore } from '../../src/storage/object-store';
import { timeOrderedId } from './object-keys';

/** What the 推進チーム records after visiting a town (validated by dashboard/api/visit-log.ts). */
export interface VisitLogInput {
  municipality_code: string;
  /** YYYY-MM-DD */
  visited_on: string;
  /** Who was met (free text, shown as text only). */
  met_with: string;
  /** Agreed next steps (free text, shown as text only). */
  next_steps: string;
  /** YYYY-MM-DD, or null when no follow-up was agreed. */
  follow_up_on: string | null;
}

/** The fields a correction may change (the town of an entry never changes). */
export type VisitLogFields = Omit<VisitLogInput, 'municipality_code'>;

/** A correction or withdrawal of an entry: its own immutable object, never an edit in place. */
export interface VisitLogRevision {
  id: string;
  entry_id: string;
  kind: 'correct' | 'withdraw';
  /** The entry's fields after a correction; absent for a withdrawal. */
  fields?: VisitLogFields;
  /** Why it was corrected or withdrawn (free text, shown as text only). */
  reason: string;
  by: string;
  at: string;
}

export interface VisitLogEntry extends VisitLogInput {
  id: string;
  recorded_by: string;
  recorded_at: string;
  /** Set once the entry has been corrected: who last did, and when. */
  corrected_by?: string;
  corrected_at?: string;
}

const PREFIX = 'visit-log/';
/** `visit-log/{code}/{entry id}.json`; its revisions `visit-log/{code}/{entry id}/{revision id}.json`. */
const ENTRY_KEY = /^visit-log\/(\d{6})\/([^/]+)\.json$/;
const REVISION_KEY = /^visit-log\/(\d{6})\/([^/]+)\/([^/]+)\.json$/;

/** The entry or revision asked for does not exist (or was withdrawn). */
export class VisitLogNotFoundError extends Error {
  constructor(readonly entryId: string) {
    super(`visit-log entry ${entryId} not found`);
    this.name = 'VisitLogNotFoundError';
  }
}

/**
 * The 推進チーム's visit log in the curated store: one immutable object per
 * entry under `visit-log/{municipality_code}/`, and one per correction or
 * withdrawal beside it, so it works the same on S3 and locally, concurrent
 * writers cannot lose each other's changes, and every earlier wording stays
 * on record. Reading folds the revisions in time order.
 */
export class VisitLogStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async add(input: VisitLogInput, by: Viewer): Promise<VisitLogEntry> {
    const at = this.clock();
    const entry: VisitLogEntry = {
      id: timeOrderedId(at),
      ...input,
      recorded_by: by.login,
      recorded_at: at.toISOString(),
    };
    await this.putJson(`${PREFIX}${input.municipality_code}/${entry.id}.json`, entry);
    return entry;
  }

  /** Replaces an entry's fields; returns the entry before and after. */
  async correct(
    municipalityCode: string,
    entryId: string,
    fields: VisitLogFields,
    reason: string,
    by: Viewer,
  ): Promise<{ before: VisitLogEntry; after: VisitLogEntry }> {
    const before = await this.get(municipalityCode, entryId);
    if (!before) throw new VisitLogNotFoundError(entryId);
    const revision = await this.revise(municipalityCode, entryId, { kind: 'correct', fields, reason }, by);
    return { before, after: apply(before, revision) };
  }

  /** Withdraws an entry: it leaves the log (and the pack), its objects stay on record. */
  async withdraw(
    municipalityCode: string,
    entryId: string,
    reason: string,
    by: Viewer,
  ): Promise<VisitLogEntry> {
    const before = await this.get(municipalityCode, entryId);
    if (!before) throw new VisitLogNotFoundError(entryId);
    await this.revise(municipalityCode, entryId, { kind: 'withdraw', reason }, by);
    return before;
  }

  /** One live entry as it reads now, or undefined when unknown or withdrawn. */
  async get(municipalityCode: string, entryId: string): Promise<VisitLogEntry | undefined> {
    return (await this.list(municipalityCode)).find((e) => e.id === entryId);
  }

  /** Live entries as they read now, newest visit first, for one town or all. */
  async list(municipalityCode?: string): Promise<VisitLogEntry[]> {
    const prefix = municipalityCode ? `${PREFIX}${municipalityCode}/` : PREFIX;
    const entries = new Map<string, VisitLogEntry>();
    const revisions: VisitLogRevision[] = [];
    for (const object of await this.store.list(prefix)) {
      const isEntry = ENTRY_KEY.test(object.key);
      if (!isEntry && !REVISION_KEY.test(object.key)) continue;
      const bytes = await this.store.get(object.key);
      if (!bytes) continue;
      const value = JSON.parse(new TextDecoder().decode(bytes));
      if (isEntry) entries.set((value as VisitLogEntry).id, value as VisitLogEntry);
      else revisions.push(value as VisitLogRevision);
    }
    revisions.sort((a, b) => a.id.localeCompare(b.id));
    for (const revision of revisions) {
      const entry = entries.get(revision.entry_id);
      if (!entry) continue;
      if (revision.kind === 'withdraw') entries.delete(revision.entry_id);
      else entries.set(revision.entry_id, apply(entry, revision));
    }
    return [...entries.values()].sort(
      (a, b) => b.visited_on.localeCompare(a.visited_on) || b.recorded_at.localeCompare(a.recorded_at),
    );
  }

  private async revise(
    municipalityCode: string,
    entryId: string,
    change: Pick<VisitLogRevision, 'kind' | 'fields' | 'reason'>,
    by: Viewer,
  ): Promise<VisitLogRevision> {
    const at = this.clock();
    const revision: VisitLogRevision = {
      id: timeOrderedId(at),
      entry_id: entryId,
      ...change,
      by: by.login,
      at: at.toISOString(),
    };
    await this.putJson(`${PREFIX}${municipalityCode}/${entryId}/${revision.id}.json`, revision);
    return revision;
  }

  private async putJson(key: string, value: unknown): Promise<void> {
    await this.store.put(key, JSON.stringify(value), { contentType: 'application/json' });
  }
}

function apply(entry: VisitLogEntry, revision: VisitLogRevision): VisitLogEntry {
  return { ...entry, ...revision.fields, corrected_by: revision.by, corrected_at: revision.at };
}
