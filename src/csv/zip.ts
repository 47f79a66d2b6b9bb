import { inflateRawSync } from 'node:zlib';
import { DecodeError } from './errors';

/**
 * The entries of a .xlsx (a zip), read with limits checked before anything
 * is inflated: a zip bomb declares small sizes and inflates to gigabytes,
 * so each entry is inflated with a hard output cap (zlib stops there), not
 * trusted to its header.
 */

export interface ZipLimits {
  /** Entries in the archive (a workbook has a dozen or so). */
  maxEntries: number;
  /** Bytes of all inflated entries read, together. */
  maxTotalBytes: number;
}

interface Entry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const broken = () =>
  new DecodeError(
    'undecodable',
    'Excel ブック（.xlsx）として読めません（ファイルが壊れているか、別の形式です）。Excel で開いて保存し直してください。',
  );

export const tooLarge = (what: string) =>
  new DecodeError(
    'undecodable',
    `Excel ブックの中身が大きすぎます（${what}）。データのシートだけを新しいブックに貼り付けるか、CSV で保存してアップロードしてください。`,
  );

export class ZipReader {
  private readonly entries = new Map<string, Entry>();
  private inflated = 0;

  /** @throws DecodeError on a damaged archive or one over the limits */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: ZipLimits,
  ) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The end record is within the last 64 KiB (its comment is at most that long).
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--)
      if (view.getUint32(i, true) === EOCD) {
        eocd = i;
        break;
      }
    if (eocd < 0) throw broken();
    const count = view.getUint16(eocd + 10, true);
    if (count > limits.maxEntries) throw tooLarge(`${count}個の部品`);
    let at = view.getUint32(eocd + 16, true);
    for (let i = 0; i < count; i++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) throw broken();
      const nameLength = view.getUint16(at + 28, true);
      const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString('utf8');
      this.entries.set(name.replace(/^\//, ''), {
        method: view.getUint16(at + 10, true),
        compressedSize: view.getUint32(at + 20, true),
        size: view.getUint32(at + 24, true),
        localOffset: view.getUint32(at + 42, true),
      });
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** An entry's text (UTF-8), or undefined when absent. @throws DecodeError */
  text(name: string): string | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const local = entry.localOffset;
    if (local + 30 > this.bytes.length || view.getUint32(local, true) !== LOCAL) throw broken();
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    const budget = this.limits.maxTotalBytes - this.inflated;
    if (entry.size > budget)
      throw tooLarge(`展開後${Math.round(this.limits.maxTotalBytes / 1024 / 1024)}MB超`);
    let out: Buffer;
    if (entry.method === 0) out = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    else if (entry.method === 8) {
      try {
        // The cap is the budget, not the declared size: a lying header cannot get past it.
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw tooLarge(`展開後${Math.round(this.limits.maxTotalBytes / 1024 / 1024)}MB超`);
        throw broken();
      }
    } else throw broken();
    this.inflated += out.length;
    return out.toString('utf8');
  }
}
