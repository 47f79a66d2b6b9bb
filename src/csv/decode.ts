import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { DecodeError } from './errors';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'cp932';

const LABELS: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（BOM付き）',
  cp932: 'Shift_JIS（CP932）',
};

/** @example encodingLabel('cp932') // 'Shift_JIS（CP932）' */
export const encodingLabel = (e: CsvEncoding): string => LABELS[e];

const SAVE_AS =
  'Excelで「名前を付けて保存」から「CSV UTF-8（コンマ区切り）」または「CSV（コンマ区切り）」を選んで保存し直してください。';

/**
 * Bytes Excel's CP932 can hold: ASCII, 半角カナ, and double-byte pairs whose
 * lead and trail bytes are in range. Anything else (a lone 0x80, 0xA0,
 * 0xFD–0xFF, a broken pair) means the file is neither UTF-8 nor Shift_JIS.
 */
function isPlausibleCp932(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x80 || (b >= 0xa1 && b <= 0xdf)) continue;
    if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) {
      const t = bytes[++i];
      if (t === undefined || t < 0x40 || t === 0x7f || t > 0xfc) return false;
      continue;
    }
    return false;
  }
  return true;
}

/** UTF-16 without a BOM shows as a NUL in every other byte of ASCII text. */
function looksUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros++;
  return n >= 4 && zeros * 4 >= n;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Node's built-in Shift_JIS decoder (ICU) is about twice as fast as
 * iconv-lite and gives the same text for every CP932 character (NEC/IBM
 * extensions, ～ ① 髙 included), but swaps the control bytes 0x1A, 0x1C and
 * 0x7F, and reads pairs iconv-lite leaves undefined (the user-defined area
 * F040–F9FC) as private-use characters. So it is used only when, checked
 * once per process, it agrees with iconv-lite on every pair iconv-lite
 * defines; only for files without those control bytes; and its text is
 * kept only when it holds none of the characters iconv-lite would not have
 * produced. Otherwise iconv-lite decodes, exactly as before.
 */
interface NativeCp932 {
  decoder: TextDecoder;
  /** U+FFFD and every character only the native decoder produces. */
  foreign: RegExp;
}

let nativeCp932: NativeCp932 | null | undefined;
const LF = 0x0a;

function nativeDecoder(): NativeCp932 | null {
  if (nativeCp932 !== undefined) return nativeCp932;
  nativeCp932 = null;
  try {
    const decoder = new TextDecoder('shift_jis');
    // Every single byte and lead/trail pair, one per line, decoded in one call by each.
    const sample: number[] = [];
    for (let b = 0x20; b < 0x7f; b++) sample.push(b, LF);
    for (let b = 0xa1; b <= 0xdf; b++) sample.push(b, LF);
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) sample.push(lead, trail, LF);
    }
    const bytes = Buffer.from(sample);
    const mine = decoder.decode(bytes).split('\n');
    const theirs = iconv.decode(bytes, 'cp932').split('\n');
    if (mine.length !== theirs.length) return null;
    const foreign = new Set<string>(['\ufffd']);
    for (let i = 0; i < theirs.length; i++) {
      const t = theirs[i] as string;
      const m = mine[i] as string;
      if (t === m) continue;
      // Where iconv-lite finds no character, whatever the native decoder made of it must send the file to iconv-lite.
      if (!t.includes('\ufffd')) return null;
      for (const c of m) if (!t.includes(c)) foreign.add(c);
    }
    // Bytes that cannot start a CP932 character: the file is refused, so their native readings must not pass.
    for (const b of [0x80, 0xa0, 0xfd, 0xfe, 0xff])
      for (const c of decoder.decode(Uint8Array.of(b))) foreign.add(c);
    nativeCp932 = { decoder, foreign: characterClass(foreign) };
  } catch {
    // A runtime without full ICU has no Shift_JIS decoder: iconv-lite it is.
  }
  return nativeCp932;
}

/** A regex matching any of `chars` (BMP only), as ranges: a short class scans a large text fast. */
function characterClass(chars: Set<string>): RegExp {
  const codes = [...chars].map((c) => c.codePointAt(0) as number).sort((a, b) => a - b);
  if (codes.some((c) => c > 0xffff)) throw new Error('non-BMP character');
  const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
  let body = '';
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === (codes[j] as number) + 1) j++;
    body += i === j ? hex(codes[i] as number) : `${hex(codes[i] as number)}-${hex(codes[j] as number)}`;
    i = j + 1;
  }
  return new RegExp(`[${body}]`);
}

/** Which decoder reads CP932 files in this process (the native one needs Node's full ICU). */
export const cp932Decoder = (): 'native' | 'iconv-lite' => (nativeDecoder() ? 'native' : 'iconv-lite');

/** The native decoder's text when it is certainly what iconv-lite would give for a plausible file; else undefined. */
function decodeCp932Natively(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const native = nativeDecoder();
  if (!native || buffer.indexOf(0x1a) >= 0 || buffer.indexOf(0x1c) >= 0 || buffer.indexOf(0x7f) >= 0)
    return undefined;
  const text = native.decoder.decode(buffer);
  return native.foreign.test(text) ? undefined : text;
}

const BOM = [0xef, 0xbb, 0xbf];

/** Bytes a UTF-8 BOM takes at the start of a file of this encoding. */
export const bomLength = (encoding: CsvEncoding): number => (encoding === 'utf-8-bom' ? BOM.length : 0);

const undecodable = (): DecodeError =>
  new DecodeError(
    'undecodable',
    `文字コードが UTF-8 でも Shift_JIS でもないため読めません（文字化けの原因になります）。${SAVE_AS}`,
  );

/**
 * The encoding of a whole file, without decoding it: UTF-8 with BOM, UTF-8
 * (every byte checked, natively), or else Excel's Shift_JIS (CP932), whose
 * bytes are checked when decoded (decodeAs). UTF-16 ("Unicode テキスト")
 * and .xlsx workbooks are refused with a message saying how to save the
 * file as CSV: they are tab-separated or not text at all.
 * @throws DecodeError
 */
export function detectEncoding(bytes: Uint8Array): CsvEncoding {
  if (bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) {
    if (isUtf8(bytes.subarray(BOM.length))) return 'utf-8-bom';
    throw new DecodeError(
      'undecodable',
      `UTF-8 の印が付いていますが、中身が UTF-8 として読めません。${SAVE_AS}`,
    );
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    throw new DecodeError(
      'excel_workbook',
      `これは Excel ブック（.xlsx）のままです。CSV 形式で提出してください。${SAVE_AS}`,
    );
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    looksUtf16(bytes)
  )
    throw new DecodeError('utf16', `このファイルは「Unicode テキスト」（UTF-16）形式です。${SAVE_AS}`);
  // Not UTF-8: most files typed in Japanese Excel are Shift_JIS.
  return isUtf8(bytes) ? 'utf-8' : 'cp932';
}

/**
 * Text of bytes in a known encoding (no BOM): the whole file, or any piece
 * of it cut next to an ASCII byte. CP932 is stateless and its trail bytes
 * are never below 0x40, so a cut before or after a comma, quote or line
 * break splits no character, and the pieces decode to the whole's text.
 * @throws DecodeError when CP932 bytes are not Shift_JIS (or UTF-8 bytes not UTF-8).
 */
export function decodeAs(bytes: Uint8Array, encoding: CsvEncoding): string {
  if (encoding !== 'cp932') {
    try {
      return utf8.decode(bytes);
    } catch {
      throw undecodable();
    }
  }
  const native = decodeCp932Natively(bytes);
  if (native !== undefined) return native;
  if (isPlausibleCp932(bytes)) {
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
    if (!text.includes('\ufffd')) return text;
  }
  throw undecodable();
}

/**
 * Bytes → text, reporting the encoding found (detectEncoding, then decodeAs).
 * @throws DecodeError
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const encoding = detectEncoding(bytes);
  return { text: decodeAs(bytes.subarray(bomLength(encoding)), encoding), encoding };
}
