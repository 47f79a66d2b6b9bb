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
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
    if (!text.includes('\ufffd')) return { text, encoding: 'cp932' };
  }
  throw new DecodeError(
    'undecodable',
    `文字コードが UTF-8 でも Shift_JIS でもないため読めません（文字化けの原因になります）。${SAVE_AS}`,
  );
}
