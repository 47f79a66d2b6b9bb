import { transcode } from 'node:buffer';
import { open } from 'node:fs/promises';
import { decodeAs } from '../../csv/decode';
import { DecodeError } from '../../csv/errors';

/**
 * A large upload as DuckDB reads it. DuckDB reads UTF-8 only, and a CP932
 * upload is never decoded whole: it goes in as one character per byte
 * (latin1 → UTF-8), which keeps every comma, quote and line break where it
 * is, and each distinct spelling DuckDB hands back is decoded on its own.
 */

/** A CP932 spelling as DuckDB holds it (a character per byte) → its text; undefined when not Shift_JIS. */
export function decodeCp932Spelling(spelling: string): string | undefined {
  try {
    return decodeAs(Buffer.from(spelling, 'latin1'), 'cp932');
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}

/** CP932 bytes as DuckDB reads them: each byte one character, in UTF-8. */
export const transcodeForDuckDb = (bytes: Buffer): Buffer => transcode(bytes, 'latin1', 'utf8');

/** Bytes transcoded per write: each is written while the next is transcoded. */
const TRANSCODE_BYTES = 8 * 1024 * 1024;

/**
 * A CP932 file as DuckDB reads it (one character per byte, in UTF-8),
 * transcoded and written in turns: each piece is written while the next is
 * transcoded.
 */
export async function writeTranscoded(
  file: string,
  bytes: Buffer,
  pieceBytes = TRANSCODE_BYTES,
): Promise<void> {
  const handle = await open(file, 'w');
  const writeAll = async (piece: Buffer, position: number) => {
    for (let done = 0; done < piece.length; ) {
      const { bytesWritten } = await handle.write(piece, done, piece.length - done, position + done);
      done += bytesWritten;
    }
  };
  try {
    let writing = Promise.resolve();
    let position = 0;
    for (let at = 0; at < bytes.length; at += pieceBytes) {
      const piece = transcodeForDuckDb(bytes.subarray(at, at + pieceBytes));
      await writing;
      writing = writeAll(piece, position);
      position += piece.length;
    }
    await writing;
  } finally {
    await handle.close();
  }
}
