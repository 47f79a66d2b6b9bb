import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cp932Decoder, decodeCsv, encodingLabel } from './decode';
import { DecodeError } from './errors';

const sjis = (s: string) => new Uint8Array(iconv.encode(s, 'cp932'));
const utf8 = (s: string) => new TextEncoder().encode(s);
const withBom = (b: Uint8Array) => new Uint8Array([0xef, 0xbb, 0xbf, ...b]);

function decodeError(bytes: Uint8Array): DecodeError {
  try {
    decodeCsv(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error('expected a DecodeError');
}

describe('decodeCsv', () => {
  it('reads Excel "CSV UTF-8" (with BOM) and drops the BOM', () => {
    expect(decodeCsv(withBom(utf8('市町村コード,年度\r\n')))).toEqual({
      text: '市町村コード,年度\r\n',
      encoding: 'utf-8-bom',
    });
  });

  it('reads UTF-8 without BOM', () => {
    expect(decodeCsv(utf8('課題\r\n孤独・孤立'))).toEqual({ text: '課題\r\n孤独・孤立', encoding: 'utf-8' });
  });

  it('reads Excel "CSV" (Shift_JIS / CP932) including ～, ① and 髙', () => {
    const text = '自治会名,年齢階級\r\n髙田①自治会,20～29歳\r\n';
    expect(decodeCsv(sjis(text))).toEqual({ text, encoding: 'cp932' });
  });

  it('decodes every CP932 character exactly as iconv-lite does (NEC/IBM extensions too)', () => {
    const text = '①②Ⅰ№㈱∵≒∥￢～－￠￡髙﨑德纊褜鍈銈蓜俉炻昱棈鋹曻彅丨仡仼伀伃伹佖侒侊侚侔';
    const bytes = sjis(`a,${text}\r\n`);
    expect(decodeCsv(bytes).text).toBe(iconv.decode(Buffer.from(bytes), 'cp932'));
    expect(decodeCsv(bytes).text).toBe(`a,${text}\r\n`);
  });

  it("uses Node's faster built-in Shift_JIS decoder where it agrees with iconv-lite (full ICU)", () => {
    expect(cp932Decoder()).toBe('native');
  });

  it('reads the user-defined area (外字, F040–F9FC) and refuses undefined pairs, as iconv-lite does', () => {
    expect(decodeCsv(new Uint8Array([...sjis('髙,a'), 0xf0, 0x40])).text).toBe('髙,a\ue000');
    expect(decodeError(new Uint8Array([...sjis('髙,a'), 0x85, 0x40])).code).toBe('undecodable');
  });

  it('keeps control bytes 0x1A, 0x1C and 0x7F as they are in Shift_JIS files', () => {
    const bytes = new Uint8Array([...sjis('髙,a'), 0x1a, 0x1c, 0x7f, ...sjis(',①')]);
    expect(decodeCsv(bytes)).toEqual({ text: '髙,a\u001a\u001c\u007f,①', encoding: 'cp932' });
  });

  it('reads 半角カナ in Shift_JIS', () => {
    expect(decodeCsv(sjis('a,ﾋｷｺﾓﾘ'))).toEqual({ text: 'a,ﾋｷｺﾓﾘ', encoding: 'cp932' });
  });

  it('refuses UTF-16 ("Unicode テキスト") with or without BOM, saying how to save as CSV', () => {
    const le = (s: string) => new Uint8Array(iconv.encode(s, 'utf-16le'));
    // Excel always writes the BOM; without it, ASCII-heavy text still shows its NUL bytes.
    const files = [new Uint8Array([0xff, 0xfe, ...le('市町村コード\t年度')]), le('313726\t2023\tA-1\r\n')];
    for (const bytes of files) {
      const e = decodeError(bytes);
      expect(e.code).toBe('utf16');
      expect(e.message).toContain('CSV UTF-8');
    }
  });

  it('refuses an .xlsx workbook', () => {
    expect(decodeError(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0])).code).toBe('excel_workbook');
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS', () => {
    for (const bytes of [
      new Uint8Array([0x61, 0x2c, 0x80, 0x81]), // lone 0x80
      new Uint8Array([0x61, 0xff, 0xfe, 0x62, 0x63, 0x64, 0x65, 0x66]), // 0xFF is never CP932
      new Uint8Array([0x61, 0xa0, 0x62]),
      new Uint8Array([0x61, 0x82]), // truncated double-byte character
      withBom(new Uint8Array([0x61, 0xc3])), // BOM then broken UTF-8
    ]) {
      const e = decodeError(bytes);
      expect(e.code).toBe('undecodable');
      expect(e.message).toMatch(/[ぁ-ん]/);
    }
  });

  it('labels encodings in Japanese for the report', () => {
    expect(encodingLabel('utf-8-bom')).toBe('UTF-8（BOM付き）');
    expect(encodingLabel('utf-8')).toBe('UTF-8');
    expect(encodingLabel('cp932')).toBe('Shift_JIS（CP932）');
  });
});

// Characters Excel's Shift_JIS holds: kana, common kanji, the NEC specials Excel users type.
const kana = fc.constantFrom(...'あいうえおかきくけこさしすせそアイウエオカキクケコンヴー');
const japanese = fc.constantFrom(...'孤独立支援相談市町村鳥取米子倉吉境港髙﨑①②③～・、。「」（）ー');
const ascii = fc.constantFrom(...'abcXYZ0123456789,.-_/ "\r\n');
/** Text with an ASCII byte before each Japanese run, as in any CSV: commas, digits, line ends. */
const csvLikeText = fc
  .array(fc.tuple(ascii, kana, fc.array(japanese, { maxLength: 6 })), { minLength: 1, maxLength: 20 })
  .map((parts) => parts.map(([a, k, j]) => a + k + j.join('')).join(''));

describe('decodeCsv: properties', () => {
  it('detects and round-trips Shift_JIS text', () => {
    fc.assert(
      fc.property(csvLikeText, (text) => {
        expect(decodeCsv(sjis(text))).toEqual({ text, encoding: 'cp932' });
      }),
    );
  });

  it('detects and round-trips UTF-8 with and without BOM', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.startsWith('\ufeff') && !s.includes('\0')),
        fc.boolean(),
        (text, bom) => {
          const bytes = bom ? withBom(utf8(text)) : utf8(text);
          expect(decodeCsv(bytes)).toEqual({ text, encoding: bom ? 'utf-8-bom' : 'utf-8' });
        },
      ),
    );
  });

  it('never throws anything but DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeCsv(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });
});
