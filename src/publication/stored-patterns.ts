import type { CellGrid } from './cells';
import type { Protection } from './protect';

/**
 * The 秘匿 patterns proven for one published grid, as the publish function
 * stores them beside it (grid-store.ts), so that a dashboard instance serves
 * a class without proving its pattern again. Withheld detail is not stored:
 * it is every detail cell not the class's own, read from the grid itself.
 */
export interface StoredPatterns {
  version: string;
  k: number;
  /** By class: '' for the 推進チーム, else the town's code. */
  classes: Record<string, StoredPattern>;
}

export interface StoredPattern {
  primary: string[];
  /** Hidden to protect the primary cells (complementary), withheld detail aside. */
  complementary: string[];
  solves: number;
}

export const patternKey = (ownTown: string | null): string => ownTown ?? '';

/** What to store of a proven pattern. */
export function storedPattern(protection: Protection): StoredPattern {
  const complementary: string[] = [];
  for (const id of protection.hidden)
    if (!protection.withheld.has(id) && !protection.primary.has(id)) complementary.push(id);
  return {
    primary: [...protection.primary].sort(),
    complementary: complementary.sort(),
    solves: protection.solves,
  };
}

/**
 * The pattern a stored entry describes, over the grid it was proven on:
 * withheld detail recomputed as protect() takes it (every detail cell that
 * is not the class's own).
 */
export function restoredPattern(stored: StoredPattern, grid: CellGrid, ownTown: string | null): Protection {
  const withheld = new Set<string>();
  for (const cell of grid.cells.values())
    if (cell.detail && !(ownTown !== null && cell.owner === ownTown)) withheld.add(cell.id);
  const primary = new Set(stored.primary);
  const hidden = new Set<string>([...withheld, ...stored.primary, ...stored.complementary]);
  for (const id of hidden)
    if (!grid.cells.has(id)) throw new Error(`stored pattern names a cell the grid does not have: ${id}`);
  return { hidden, withheld, primary, solves: stored.solves };
}
