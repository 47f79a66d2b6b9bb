import iconv from 'iconv-lite';

export type DemoEncoding = 'cp932' | 'utf-8-bom';

export interface CsvLayout {
  /** Lines above the header, as some offices put a title on the sheet. */
  titleRows: readonly (readonly string[])[];
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** Empty rows Excel leaves behind (",,,,"). */
  trailingBlankRows: number;
}

/** RFC 4180 quoting: only cells that need it, as Excel does. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV text, CRLF line ends as Excel writes them. */
export function renderCsv(layout: CsvLayout): string {
  const width = layout.header.length;
  const lines: string[] = [];
  for (const title of layout.titleRows) lines.push(title.map(cell).join(','));
  lines.push(layout.header.map(cell).join(','));
  for (const row of layout.rows) lines.push(row.map(cell).join(','));
  for (let i = 0; i < layout.trailingBlankRows; i++) lines.push(','.repeat(width - 1));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Bytes as Excel saves them: 「CSV（コンマ区切り）」 is CP932, 「CSV UTF-8」 has
 * a BOM. Text that CP932 cannot hold would silently become '?', so it is a
 * programming error here (write ～ rather than 〜 in CP932 files).
 */
export function encodeCsv(text: string, encoding: DemoEncoding): Uint8Array {
  if (encoding === 'utf-8-bom') {
    const body = new TextEncoder().encode(text);
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf], 0);
    out.set(body, 3);
    return out;
  }
  const bytes = iconv.encode(text, 'cp932');
  if (iconv.decode(bytes, 'cp932') !== text) throw new Error('demo text is not representable in CP932');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The wave dash people get in each encoding: ～ (U+FF5E) from CP932 keyboards. */
export function forEncoding(label: string, encoding: DemoEncoding): string {
  return encoding === 'cp932' ? label.replace(/〜/g, '～') : label;
}
