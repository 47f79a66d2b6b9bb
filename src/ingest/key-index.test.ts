import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from './key-index';

describe('KeyIndex', () => {
  it('answers the first row of a key within its partition, and nothing for a new key', () => {
    const index = new KeyIndex();
    expect(index.firstRowOrAdd(0, 'C001', 2)).toBeUndefined();
    expect(index.firstRowOrAdd(1, 'C001', 3)).toBeUndefined(); // another partition
    expect(index.firstRowOrAdd(0, 'C001', 4)).toBe(2);
    expect(index.firstRowOrAdd(1, 'C001', 5)).toBe(3);
  });

  it('agrees with a Map on any sequence of keys, through growth and rehashing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.string({ maxLength: 3 })), { maxLength: 300 }),
        fc.nat(100_000),
        (pairs, padding) => {
          const index = new KeyIndex();
          const reference = new Map<string, number>();
          // Enough distinct keys first to force several rehashes.
          for (let i = 0; i < padding % 200_000; i += 997) index.firstRowOrAdd(9, `pad${i}`, -1);
          pairs.forEach(([p, key], row) => {
            const id = `${p}\u0000${key}`;
            expect(index.firstRowOrAdd(p, key, row)).toBe(reference.get(id));
            if (!reference.has(id)) reference.set(id, row);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('holds a million distinct keys', () => {
    const index = new KeyIndex();
    for (let i = 0; i < 1_000_000; i++) index.firstRowOrAdd(0, `C${i}`, i);
    expect(index.size).toBe(1_000_000);
    expect(index.firstRowOrAdd(0, 'C765432', 0)).toBe(765432);
  });
});
