import {
  MUNICIPALITIES,
  type Municipality,
  PREFECTURE_CODE,
  PREFECTURE_NAME,
} from '../datasets/municipalities';
import { fail, ok, type Parsed } from './parsed';
import { normaliseText } from './text';

const WEIGHTS = [6, 5, 4, 3, 2] as const;

/**
 * The 6th digit of a 全国地方公共団体コード (JIS X 0402).
 * @example checkDigit('31201') // '1'
 */
export function checkDigit(firstFive: string): string {
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Number(firstFive[i]) * (WEIGHTS[i] as number);
  return String((11 - (sum % 11)) % 10);
}

/** True for 鳥取県's own code (310000, 31000 or the name), used by prefecture-wide uploads. */
export function isPrefectureCode(s: string): boolean {
  const t = normaliseText(s).replace(/\s/g, '');
  return t === PREFECTURE_CODE || t === PREFECTURE_CODE.slice(0, 5) || t === PREFECTURE_NAME;
}

interface Index {
  byCode: Map<string, Municipality>;
  byName: Map<string, Municipality | 'ambiguous'>;
  cache: Map<string, Parsed<string>>;
}

const indexes = new WeakMap<readonly Municipality[], Index>();

function addName(byName: Index['byName'], name: string, m: Municipality): void {
  const existing = byName.get(name);
  byName.set(name, existing && existing !== m ? 'ambiguous' : m);
}

/** Every spelling of each name: 北栄町, 北栄, 東伯郡北栄町, 鳥取県北栄町, 鳥取県東伯郡北栄町, ほくえいちょう. */
function indexOf(known: readonly Municipality[]): Index {
  let index = indexes.get(known);
  if (index) return index;
  const byName: Index['byName'] = new Map();
  const exact = new Set(known.map((m) => m.name));
  for (const m of known) {
    const short = m.name.replace(/[市町村]$/, '');
    const forms = [m.name, m.gun + m.name, m.kana];
    for (const f of forms) {
      addName(byName, f, m);
      addName(byName, PREFECTURE_NAME + f, m);
    }
    // A short form that is itself another town's full name would be a trap.
    if (short && !exact.has(short)) {
      addName(byName, short, m);
      addName(byName, PREFECTURE_NAME + short, m);
    }
  }
  index = { byCode: new Map(known.map((m) => [m.code, m])), byName, cache: new Map() };
  indexes.set(known, index);
  return index;
}

const HINT = '6桁の市町村コード（例: 313726）か市町村名（例: 北栄町）で入力してください。';

function parseUncached(s: string, index: Index): Parsed<string> {
  const t = normaliseText(s).replace(/\s/g, '');
  if (/^\d{5,6}$/.test(t)) {
    const five = t.slice(0, 5);
    const full = five + checkDigit(five);
    if (isPrefectureCode(t))
      return fail(
        'prefecture_code',
        `「${t}」は${PREFECTURE_NAME}のコードです。行ごとに市町村のコードを入力してください。`,
      );
    if (t.length === 6 && t !== full) {
      const guess = index.byCode.get(full);
      const hint = guess ? `${full}（${guess.name}）ではありませんか。` : HINT;
      return fail('check_digit_mismatch', `市町村コード「${t}」の6桁目（検査数字）が合いません。${hint}`);
    }
    const m = index.byCode.get(full);
    if (!m) return fail('unknown_municipality', `市町村コード「${t}」は鳥取県の市町村にありません。${HINT}`);
    return ok(m.code);
  }
  const m = index.byName.get(t);
  if (m === 'ambiguous')
    return fail('ambiguous_municipality', `「${t}」だけではどの市町村か決まりません。${HINT}`);
  if (!m) return fail('unknown_municipality', `「${t}」は鳥取県の市町村として見つかりません。${HINT}`);
  return ok(m.code);
}

/**
 * A municipality as its 6-digit code: from the 6-digit code (check digit
 * verified), the 5-digit code, or the name (鳥取市, 北栄, 東伯郡北栄町, 鳥取県北栄町).
 * @example parseMunicipality('31372') // { ok: true, value: '313726' }
 */
export function parseMunicipality(
  s: string,
  known: readonly Municipality[] = MUNICIPALITIES,
): Parsed<string> {
  const index = indexOf(known);
  let r = index.cache.get(s);
  if (r === undefined) {
    r = parseUncached(s, index);
    if (index.cache.size >= 10_000) index.cache.clear();
    index.cache.set(s, r);
  }
  return r;
}
