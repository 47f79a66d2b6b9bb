import { fail, ok, type Parsed } from './parsed';
import { matchKey } from './text';

export interface FlagSpec {
  yes: readonly string[];
  no: readonly string[];
}

const indexes = new WeakMap<FlagSpec, Map<string, boolean>>();

function indexOf(spec: FlagSpec): Map<string, boolean> {
  let index = indexes.get(spec);
  if (!index) {
    index = new Map();
    for (const y of spec.yes) index.set(matchKey(y), true);
    for (const n of spec.no) if (!index.has(matchKey(n))) index.set(matchKey(n), false);
    indexes.set(spec, index);
  }
  return index;
}

/**
 * A yes/no mark, matched after normalisation against the spec's spellings.
 * @example parseFlag({ yes: ['○'], no: ['×'] }, '〇') // not ok unless 〇 is listed
 */
export function parseFlag(spec: FlagSpec, s: string): Parsed<boolean> {
  const value = indexOf(spec).get(matchKey(s));
  if (value !== undefined) return ok(value);
  return fail(
    'unknown_flag',
    `「${s.trim()}」は読めません。「${spec.yes[0] ?? ''}」か「${spec.no[0] ?? ''}」で入力してください（分からなければ空欄）。`,
  );
}
