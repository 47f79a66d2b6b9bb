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

export interface VisitLogEntry extends VisitLogInput {
  id: string;
  recorded_by: string;
  recorded_at: string;
}

const PREFIX = 'visit-log/';

/**
 * The 推進チーム's visit log in the curated store: one immutable object per
 * entry under `visit-log/{municipality_code}/`, so it works the same on S3
 * and locally and concurrent writers cannot lose each other's entries.
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
    await this.store.put(`${PREFIX}${input.municipality_code}/${entry.id}.json`, JSON.stringify(entry), {
      contentType: 'application/json',
    });
    return entry;
  }

  /** Entries newest visit first, for one town or all. */
  async list(municipalityCode?: string): Promise<VisitLogEntry[]> {
    const prefix = municipalityCode ? `${PREFIX}${municipalityCode}/` : PREFIX;
    const entries: VisitLogEntry[] = [];
    for (const object of await this.store.list(prefix)) {
      if (!object.key.endsWith('.json')) continue;
      const bytes = await this.store.get(object.key);
      if (bytes) entries.push(JSON.parse(new TextDecoder().decode(bytes)) as VisitLogEntry);
    }
    return entries.sort(
      (a, b) => b.visited_on.localeCompare(a.visited_on) || b.recorded_at.localeCompare(a.recorded_at),
    );
  }
}
