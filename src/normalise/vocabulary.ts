import type { Vocabulary } from '../datasets/types';
import { fail, ok, type Parsed } from './parsed';
import { matchKey, normaliseText } from './text';

/** Separators between terms in a multi-term cell (after NFKC: ／ → /, ， → ,, ； → ;, ｜ → |). */
const SEPARATOR = /([・·、,;/|\n\r\t ]+)/;
const CACHE_LIMIT = 20_000;

interface Index {
  /** match key of every label, synonym and code → term code */
  byKey: Map<string, string>;
  /** term code → position in the vocabulary */
  order: Map<string, number>;
  /** most separator-split pieces one key spans (孤独・孤立 spans 2) */
  maxPieces: number;
  hint: string;
  terms: Map<string, Parsed<string>>;
  lists: Map<string, Parsed<string[]>>;
}

const indexes = new WeakMap<Vocabulary, Index>();

function indexOf(vocab: Vocabulary): Index {
  let index = indexes.get(vocab);
  if (index) return index;
  const byKey = new Map<string, string>();
  let maxPieces = 1;
  for (const term of vocab)
    for (const spelling of [term.label, ...term.synonyms, term.code, ...(term.legacyCodes ?? [])]) {
      const key = matchKey(spelling);
      // The first definition wins: a label is never shadowed by a later synonym.
      if (!byKey.has(key)) byKey.set(key, term.code);
      const pieces = normaliseText(spelling)
        .split(SEPARATOR)
        .filter((p, i) => i % 2 === 0 && p !== '');
      maxPieces = Math.max(maxPieces, pieces.length);
    }
  index = {
    byKey,
    order: new Map(vocab.map((t, i) => [t.code, i])),
    maxPieces,
    hint: vocab.map((t) => t.label).join('、'),
    terms: new Map(),
    lists: new Map(),
  };
  indexes.set(vocab, index);
  return index;
}

function remember<T>(cache: Map<string, T>, s: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(s, value);
  return value;
}

/**
 * One term of a vocabulary, by label, synonym, code or legacy code, after normalisation
 * (NFKC, wave dashes folded, whitespace ignored, ASCII case-insensitive).
 * @example matchTerm(AGE_BANDS, '20~29歳') // { ok: true, value: '20s' }
 */
export function matchTerm(vocab: Vocabulary, s: string): Parsed<string> {
  const index = indexOf(vocab);
  const cached = index.terms.get(s);
  if (cached) return cached;
  const code = index.byKey.get(matchKey(s));
  return remember(
    index.terms,
    s,
    code !== undefined
      ? ok(code)
      : fail(
          'unknown_term',
          `「${normaliseText(s)}」は選択肢にありません。次のどれかを入力してください: ${index.hint}`,
        ),
  );
}

/**
 * Splits the cell into pieces at separators and covers them with the fewest
 * terms, so that labels containing a separator (孤独・孤立, 虐待・DV) stay
 * whole while 孤独・ひきこもり still splits. Unknown pieces cost far more than
 * any term, so they appear only when nothing matches them.
 */
function segment(index: Index, text: string): { codes: string[]; unknown: string[] } {
  const parts = text.split(SEPARATOR);
  const pieces: string[] = [];
  const joins: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const p = parts[i] as string;
    if (p === '') continue;
    if (pieces.length > 0) joins.push(parts[i - 1] ?? '');
    pieces.push(p);
  }
  const n = pieces.length;
  const UNKNOWN = 1000;
  const cost: number[] = [0];
  const back: { from: number; code?: string }[] = [{ from: 0 }];
  for (let end = 1; end <= n; end++) {
    cost[end] = Number.POSITIVE_INFINITY;
    for (let from = Math.max(0, end - index.maxPieces); from < end; from++) {
      let joined = pieces[from] as string;
      for (let k = from + 1; k < end; k++) joined += (joins[k - 1] as string) + pieces[k];
      const code = index.byKey.get(matchKey(joined));
      const c =
        (cost[from] as number) +
        (code !== undefined ? 1 : from === end - 1 ? UNKNOWN : Number.POSITIVE_INFINITY);
      if (c < (cost[end] as number)) {
        cost[end] = c;
        back[end] = { from, code };
      }
    }
  }
  const codes: string[] = [];
  const unknown: string[] = [];
  for (let end = n; end > 0; ) {
    const step = back[end] as { from: number; code?: string };
    if (step.code !== undefined) codes.push(step.code);
    else unknown.push(pieces[step.from] as string);
    end = step.from;
  }
  return { codes, unknown: unknown.reverse() };
}

/**
 * Several terms in one cell, separated by ・、,;／| or newlines. Returns the
 * distinct codes in vocabulary order. The returned array is shared between
 * calls with the same text and frozen: copy it before changing it.
 * @example parseTerms(ISSUES, '孤独・孤立、うつ') // { ok: true, value: ['isolation', 'mental_health'] }
 */
export function parseTerms(vocab: Vocabulary, s: string): Parsed<string[]> {
  const index = indexOf(vocab);
  const cached = index.lists.get(s);
  if (cached) return cached;
  const { codes, unknown } = segment(index, normaliseText(s.replace(/\r\n?|\n/g, '|')));
  if (unknown.length > 0)
    return remember(
      index.lists,
      s,
      fail(
        'unknown_term',
        `${unknown.map((u) => `「${u}」`).join('')}は選択肢にありません。次の中から選び、複数のときは「、」で区切ってください: ${index.hint}`,
      ),
    );
  const distinct = [...new Set(codes)].sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0));
  return remember(index.lists, s, ok(Object.freeze(distinct) as string[]));
}
