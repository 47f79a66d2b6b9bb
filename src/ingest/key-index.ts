/**
 * First row of each (partition, unique key) seen in an upload, for the
 * duplicate check. An open-addressing hash table over typed arrays: a
 * million distinct keys in a JS Map cost over a second of inserts and
 * rehashing on the ingest benchmark; this costs a small fraction of that and
 * holds no per-key objects (the key strings are the rows' own).
 */
export class KeyIndex {
  /** Slot → entry number + 1 (0 = empty). */
  private slots = new Int32Array(1 << 16);
  private hashes = new Int32Array(1 << 15);
  private partitions = new Int32Array(1 << 15);
  private readonly keys: string[] = [];
  private readonly rows: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  /**
   * The row already holding `key` in `partition`, or undefined after
   * recording `row` as its first.
   */
  firstRowOrAdd(partition: number, key: string, row: number): number | undefined {
    const hash = hashOf(partition, key);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = (this.slots[slot] as number) - 1;
      if (entry < 0) break;
      if (this.hashes[entry] === hash && this.partitions[entry] === partition && this.keys[entry] === key)
        return this.rows[entry];
      slot = (slot + 1) & mask;
    }
    const entry = this.keys.length;
    if (entry === this.hashes.length) this.growEntries();
    this.keys.push(key);
    this.rows.push(row);
    this.hashes[entry] = hash;
    this.partitions[entry] = partition;
    this.slots[slot] = entry + 1;
    if ((entry + 1) * 2 > this.slots.length) this.rehash();
    return undefined;
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.partitions = grow(this.partitions);
  }

  /** Keeps the table at most half full so probes stay short. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.keys.length; entry++) {
      let slot = (this.hashes[entry] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over the partition number and the key's UTF-16 code units. */
function hashOf(partition: number, key: string): number {
  let h = Math.imul(0x811c9dc5 ^ partition, 0x01000193);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  // Spread the low bits the mask keeps.
  h ^= h >>> 15;
  return h | 0;
}
