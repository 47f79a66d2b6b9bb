import { fail, ok, type Parsed } from './parsed';
import { normaliseText } from './text';

/** Units people type after a count; dropped before reading the number. */
const UNIT = /\s*(?:件|人|名|回|世帯|戸|か所|箇所|ヶ所|ケ所)$/;
const PLAIN = /^[-−▲△]?\d+$/;
const GROUPED = /^[-−▲△]?\d{1,3}(?:,\d{3})+$/;
/** Excel's number formats sometimes export 12.0 for a whole number. */
const WHOLE_DECIMAL = /^([-−▲△]?[\d,]+)\.0+$/;
const DECIMAL = /^[-−▲△]?[\d,]*\.\d+$/;

const intMessage = '整数で入力してください（例: 12、1,234、12件）。';

/**
 * An integer count. Accepts 全角 digits, thousands separators (1,234 / 1，234),
 * a trailing unit (件・人・回・世帯…), and negatives (-, −, ▲, △) whose range
 * the caller checks with {@link checkRange}.
 * @example parseInteger('１，２３４件') // { ok: true, value: 1234 }
 */
export function parseInteger(s: string): Parsed<number> {
  let t = normaliseText(s).replace(UNIT, '');
  const whole = WHOLE_DECIMAL.exec(t);
  if (whole?.[1]) t = whole[1];
  if (DECIMAL.test(t)) return fail('not_integer', `「${s.trim()}」は小数です。${intMessage}`);
  if (!PLAIN.test(t) && !GROUPED.test(t))
    return fail('not_integer', `「${s.trim()}」は数として読めません。${intMessage}`);
  const negative = /^[-−▲△]/.test(t);
  const value = Number(t.replace(/^[-−▲△]/, '').replace(/,/g, ''));
  if (!Number.isSafeInteger(value))
    return fail('too_large', `「${s.trim()}」は大きすぎます。桁を確認してください。`);
  return ok(negative ? -value : value);
}

/**
 * Range check for a parsed integer (max optional).
 * @example checkRange(0, 1, 20) // { ok: false, code: 'below_min', message: '1〜20の範囲で入力してください。' }
 */
export function checkRange(n: number, min: number, max?: number): Parsed<number> {
  const range =
    max === undefined ? `${min}以上の整数を入力してください。` : `${min}〜${max}の範囲で入力してください。`;
  if (n < min) return fail('below_min', `${n} は小さすぎます。${range}`);
  if (max !== undefined && n > max) return fail('above_max', `${n} は大きすぎます。${range}`);
  return ok(n);
}
