/**
 * Text normalisation shared by every other normaliser.
 *
 * Canonical wave dash: 〜 (U+301C WAVE DASH), the character the vocabulary
 * labels use (20〜29歳). NFKC turns ～ (U+FF5E) into ASCII ~, so after NFKC
 * every member of the family (~ 〜 ～ 〰 ∼ ⁓) is folded to 〜.
 */

const WAVE_DASHES = /[~\u301c\uff5e\u3030\u223c\u2053]/g;
/** Zero-width characters Excel and web forms leave behind; never meaningful. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;
const WHITESPACE_RUN = /\s+/g;
const BLANK = /^[\s\u200b-\u200d\u2060\ufeff]*$/;

/**
 * NFKC (全角英数 → 半角, 半角カナ → 全角), wave dashes folded to 〜,
 * zero-width characters removed, trimmed (incl. 全角 space and NBSP), inner
 * whitespace runs collapsed to one space.
 * @example normaliseText('　２０～２９歳 ') // '20〜29歳'
 */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(WAVE_DASHES, '\u301c')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** Marks people add to headers: ※, *, (必須), 【任意】, (複数可)… */
const HEADER_MARK =
  /(?:[※*.:：]|[(（[【［〔]\s*(?:必須|任意|必須項目|任意項目|複数可|複数選択可|省略可)\s*[)）\]】］〕])$/;
const LEADING_MARK = /^[※*]+/;

/**
 * A header as a match key: normaliseText, all whitespace removed, leading or
 * trailing ※/* and trailing (必須)-style marks and a trailing . or : removed
 * (ケースNo. → ケースno), ASCII lower-cased.
 * @example normaliseHeader(' 市町村 コード（必須）') // '市町村コード'
 */
export function normaliseHeader(s: string): string {
  let key = normaliseText(s).replace(WHITESPACE_RUN, '').replace(LEADING_MARK, '');
  for (let prev = ''; prev !== key; ) {
    prev = key;
    key = key.replace(HEADER_MARK, '');
  }
  return key.toLowerCase();
}

/** True when the cell holds nothing but whitespace (incl. 全角 space, NBSP, zero-width). */
export function isBlank(s: string): boolean {
  return s.length === 0 || BLANK.test(s);
}

/**
 * A value as a lookup key for vocabularies and flags: normaliseText, no
 * whitespace at all, ASCII lower-cased.
 */
export function matchKey(s: string): string {
  return normaliseText(s).replace(WHITESPACE_RUN, '').toLowerCase();
}
