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
 * 0x7F. It is used only when the runtime's decoder agrees with iconv-lite on
 * every valid double-byte pair and 半角カナ (checked once per process), and
 * only for files without those control bytes; otherwise iconv-lite decodes.
 */
let nativeCp932: TextDecoder | null | undefined;

function nativeDecoder(): TextDecoder | null {
  if (nativeCp932 !== undefined) return nativeCp932;
  nativeCp932 = null;
  try {
    const decoder = new TextDecoder('shift_jis');
    const sample: number[] = [];
    for (let b = 0x20; b < 0x7f; b++) sample.push(b);
    for (let b = 0xa1; b <= 0xdf; b++) sample.push(b);
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) sample.push(lead, trail);
    }
    const bytes = Buffer.from(sample);
    const expected = iconv.decode(bytes, 'cp932');
    // Pairs undefined in CP932 become U+FFFD in both; they are refused later either way.
    if (decoder.decode(bytes) === expected) nativeCp932 = decoder;
  } catch {
    // A runtime without full ICU has no Shift_JIS decoder: iconv-lite it is.
  }
  return nativeCp932;
}

function decodeCp932(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const native = nativeDecoder();
  if (native && buffer.indexOf(0x1a) < 0 && buffer.indexOf(0x1c) < 0 && buffer.indexOf(0x7f) < 0)
    return native.decode(buffer);
  return iconv.decode(buffer, 'cp932');
}

/**
 * Bytes → text, reporting the encoding found: UTF-8 with BOM, UTF-8, or
 * Excel's Shift_JIS (CP932). UTF-16 ("Unicode テキスト") and .xlsx workbooks
 * are refused with a message saying how to save the file as CSV: they are
 * tab-separated or not text at all, so decoding them would not help.
 * @throws DecodeError
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { text: utf8.decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    } catch {
      throw new DecodeError(
        'undecodable',
        `UTF-8 の印が付いていますが、中身が UTF-8 として読めません。${SAVE_AS}`,
      );
    }
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
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: most files typed in Japanese Excel are Shift_JIS.
  }
  if (isPlausibleCp932(bytes)) {
    const text = decodeCp932(bytes);
    if (!text.includes('\ufffd')) return { text, encoding: 'cp932' };
  }
  throw new DecodeError(
    'undecodable',
    `文字コードが UTF-8 でも Shift_JIS でもないため読めません（文字化けの原因になります）。${SAVE_AS}`,
  );
}
