import type { QueryEngine } from '../query/engine';
import { toEntitledView } from '../query/entitled-view';
import { FIRST_FY, LAST_FY } from '../query/filters';
import type { Row } from '../query/types';
import { buildCellGrid, type CellGrid } from './cells';
import { decodeSnapshot, encodeSnapshot } from './grid-snapshot';
import { addOutcomeCells } from './outcome-cells';
import { type Protection, protect } from './protect';
import { patternKey, restoredPattern, type StoredPatterns, storedPattern } from './stored-patterns';
import { withZeroCategories } from './views';

/** The indicators whose figures are counts of people or meetings, served from the grid. */
export const GRID_INDICATORS = ['consultations', 'issues', 'visits', 'benchmark', 'outcomes'] as const;
export type GridIndicator = (typeof GRID_INDICATORS)[number];

export const isGridIndicator = (id: string): id is GridIndicator =>
  (GRID_INDICATORS as readonly string[]).includes(id);

/**
 * What a published grid stores: the count indicators, and 実施状況 —
 * public information about towns, never suppressed, kept beside them so
 * that serving a version needs no query at all.
 */
export const PUBLISHED_TABLES = [...GRID_INDICATORS, 'implementation'] as const;
export type PublishedTable = (typeof PUBLISHED_TABLES)[number];

/** SQL parameters for every fiscal year (相談件数推移 takes its months' range twice). */
const FULL_RANGE: Record<PublishedTable, number[]> = {
  consultations: [FIRST_FY - 1, LAST_FY, FIRST_FY - 1, LAST_FY],
  issues: [FIRST_FY, LAST_FY],
  visits: [FIRST_FY, LAST_FY],
  benchmark: [FIRST_FY, LAST_FY],
  outcomes: [FIRST_FY, LAST_FY],
  implementation: [FIRST_FY, LAST_FY],
};

/** Where a grid comes from besides its tables. */
export interface GridSources {
  /** The newest grid built before it, if any: a town's pattern may be carried over from it. */
  previous?: PublishedGrid;
  /** Patterns the publisher proved for this version, when they are stored (read on a class's first request). */
  storedPatterns?: () => Promise<StoredPatterns | undefined>;
}

/**
 * One data version's published grid: every figure any page, API call or
 * export can show, computed once over every fiscal year, and the 秘匿
 * pattern of each class of viewer, proven once and kept. A request only
 * selects from it; nothing a viewer asks for is computed from hidden data.
 */
export class PublishedGrid {
  private readonly protections = new Map<string, Promise<Protection>>();

  private constructor(
    readonly version: string,
    /** Exact rows over every FY, shaped for an entitled viewer (labels, 前年度比); never modified after. */
    readonly tables: Readonly<Record<PublishedTable, readonly Row[]>>,
    readonly k: number,
    private readonly storedPatterns: GridSources['storedPatterns'],
    /** A table's rows at some levels; a grid read from a snapshot builds only those rows. */
    private readonly rowsWhere: (id: PublishedTable, levels: readonly string[]) => Row[] = (id, levels) =>
      tables[id].filter((r) => levels.includes(r.level as string)),
  ) {}

  /** Selections made so far (rowsAt), kept: their rows are never modified. */
  private readonly selections = new Map<string, readonly Row[]>();

  private linked: CellGrid | undefined;
  private listed: Readonly<Record<PublishedTable, readonly Row[]>> | undefined;

  /**
   * The tables every class with 秘匿 is served from: 課題と特性 with every
   * category row, zeros included, so a listed row says nothing about its
   * count. Built on first use; the prefecture reads `tables`.
   */
  get complete(): Readonly<Record<PublishedTable, readonly Row[]>> {
    this.listed ??= { ...this.tables, issues: withZeroCategories(this.tables.issues) };
    return this.listed;
  }

  /** The cells and their relations; built on the first pattern asked for (the prefecture needs none). */
  get cells(): CellGrid {
    this.linked ??= addOutcomeCells(buildCellGrid(this.complete), this.complete.outcomes);
    return this.linked;
  }

  /**
   * The grid this one replaced: a town's pattern is taken over from it when
   * nothing but that town's own figures changed (see `protection`).
   */
  private previous: PublishedGrid | undefined;

  /** Runs the six queries once over every fiscal year (their cells are linked on first use). */
  static async build(
    engine: QueryEngine,
    version: string,
    k: number,
    sources: GridSources = {},
  ): Promise<PublishedGrid> {
    const [consultations, issues, visits, benchmark, outcomes, implementation] = await Promise.all(
      PUBLISHED_TABLES.map((id) => engine.run(id, FULL_RANGE[id], version)),
    );
    const tables = {
      consultations: toEntitledView(consultations as Row[], { yearOnYear: true }),
      issues: toEntitledView(issues as Row[], { yearOnYear: false }),
      visits: visits as Row[],
      benchmark: toEntitledView(benchmark as Row[], { yearOnYear: false }),
      outcomes: outcomes as Row[],
      implementation: toEntitledView(implementation as Row[], { yearOnYear: false }),
    };
    return PublishedGrid.after(
      new PublishedGrid(version, tables, k, sources.storedPatterns),
      sources.previous,
    );
  }

  /**
   * A table's exact rows at some levels (`prefecture`, `region`,
   * `municipality`, `month` …), in table order: what a page that shows only
   * those levels asks for. Nationally a level's rows are a small part of a
   * table (相談件数推移's year rows are 18k of its 226k; the rest are months).
   */
  rowsAt(id: PublishedTable, levels: readonly string[]): readonly Row[] {
    const key = `${id}|${levels.join(',')}`;
    let rows = this.selections.get(key);
    if (!rows) {
      rows = this.rowsWhere(id, levels);
      this.selections.set(key, rows);
    }
    return rows;
  }

  /** The stored form of its tables (grid-snapshot.ts), with its version and k. */
  snapshot(): Uint8Array {
    return encodeSnapshot(this.tables, { version: this.version, k: this.k });
  }

  /**
   * The grid a snapshot stores, or undefined when it was built for another
   * version or another k (then it is built again, never served).
   */
  static fromSnapshot(
    bytes: Uint8Array,
    version: string,
    k: number,
    sources: GridSources = {},
  ): PublishedGrid | undefined {
    const { meta, tables, rowsWhere } = decodeSnapshot(bytes);
    if (meta.version !== version || meta.k !== k) return undefined;
    for (const id of PUBLISHED_TABLES)
      if (!(id in tables)) throw new Error(`published grid ${version} has no ${id} table`);
    const grid = new PublishedGrid(
      version,
      tables as Record<PublishedTable, Row[]>,
      k,
      sources.storedPatterns,
      (id, levels) => rowsWhere(id, 'level', levels),
    );
    return PublishedGrid.after(grid, sources.previous);
  }

  private static after(grid: PublishedGrid, previous: PublishedGrid | undefined): PublishedGrid {
    if (previous && previous.k === grid.k && previous !== grid) {
      grid.previous = previous;
      previous.previous = undefined; // one step back only: no chain of old versions
    }
    return grid;
  }

  /** Patterns settled so far, by class: what patternsToStore() writes. */
  private readonly settled = new Map<string, Protection>();

  /**
   * The pattern of the 推進チーム (ownTown null) or of one town's staff;
   * computed once: carried over, else as the publisher stored it, else proven.
   */
  protection(ownTown: string | null): Promise<Protection> {
    const key = patternKey(ownTown);
    let pattern = this.protections.get(key);
    if (!pattern) {
      pattern = (this.carriedOver(ownTown) ?? this.storedOrProven(ownTown)).then((p) => {
        this.settled.set(key, p);
        return p;
      });
      this.protections.set(key, pattern);
      pattern.catch(() => this.protections.delete(key));
    }
    return pattern;
  }

  private async storedOrProven(ownTown: string | null): Promise<Protection> {
    const stored = await this.storedPatterns?.();
    const entry =
      stored && stored.version === this.version && stored.k === this.k
        ? stored.classes[patternKey(ownTown)]
        : undefined;
    return entry ? restoredPattern(entry, this.cells, ownTown) : protect(this.cells, { ownTown }, this.k);
  }

  /** Every pattern settled on this grid, to store beside it. */
  patternsToStore(): StoredPatterns {
    const classes: StoredPatterns['classes'] = {};
    for (const [key, p] of [...this.settled].sort(([a], [b]) => a.localeCompare(b)))
      classes[key] = storedPattern(p);
    return { version: this.version, k: this.k, classes };
  }

  /**
   * A town's pattern from the previous grid, when only that town's own
   * figures differ between the two: protect() never reads a town's own
   * figures (totals enter as the other towns' share), so its proof would
   * come out the same. This is the common case of a town uploading its month:
   * its own next request needs no new proof.
   */
  private carriedOver(ownTown: string | null): Promise<Protection> | undefined {
    const previous = this.previous;
    if (ownTown === null || !previous) return undefined;
    const earlier = previous.protections.get(ownTown);
    if (!earlier || !onlyTownChanged(previous.cells, this.cells, ownTown)) return undefined;
    return earlier;
  }
}

/** True when every cell of a town other than `town` is the same in both grids (totals aside). */
export function onlyTownChanged(before: CellGrid, after: CellGrid, town: string): boolean {
  const differs = (a: CellGrid, b: CellGrid) => {
    for (const cell of a.cells.values()) {
      if (cell.owner === null || cell.owner === town) continue;
      const other = b.cells.get(cell.id);
      if (!other || other.value !== cell.value || other.owner !== cell.owner) return true;
    }
    return false;
  };
  return !differs(before, after) && !differs(after, before);
}
