import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectInfo, ObjectStore, PutOptions } from './object-store';

/**
 * An ObjectStore in a folder. Each object is a file at its key's path; its
 * metadata sits beside it in a hidden sidecar `.{name}.meta.json`. Names
 * starting with '.' are therefore never objects: temp files and sidecars
 * are invisible to get/list.
 *
 * put() writes both to temp files, fsyncs, then renames the object before
 * the sidecar. A crash between the two renames leaves the new bytes with
 * the old sidecar; the sidecar records the size and mtime of the file it
 * describes, so head() notices the mismatch and reports no metadata rather
 * than metadata of other bytes (publication then rewrites the partition).
 */
export class LocalStore implements ObjectStore {
  readonly location: string;

  constructor(readonly root: string) {
    this.location = path.resolve(root);
  }

  localPath(key: string): string {
    return path.join(this.location, ...checkKey(key).split('/'));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.localPath(key)));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.localPath(key);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    if (!info.isFile()) return undefined;
    const sidecar = await readSidecar(sidecarPath(file));
    const matches = sidecar && sidecar.size === info.size && sidecar.mtimeMs === info.mtimeMs;
    return {
      key,
      size: info.size,
      lastModified: info.mtime,
      metadata: matches ? { ...sidecar.metadata } : {},
    };
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    const file = this.localPath(key);
    const metadata = checkMetadata(options.metadata ?? {});
    const dir = path.dirname(file);
    await mkdir(dir, { recursive: true });
    const tag = `${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const tmpObject = path.join(dir, `.${path.basename(file)}.${tag}`);
    const tmpSidecar = path.join(dir, `.${path.basename(file)}.meta.${tag}`);
    try {
      const written = await writeDurably(tmpObject, body);
      const sidecar: Sidecar = {
        size: written.size,
        mtimeMs: written.mtimeMs,
        contentType: options.contentType,
        metadata,
      };
      await writeDurably(tmpSidecar, JSON.stringify(sidecar));
      await rename(tmpObject, file);
      await rename(tmpSidecar, sidecarPath(file));
      await syncDirectory(dir);
    } finally {
      await rm(tmpObject, { force: true });
      await rm(tmpSidecar, { force: true });
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    // Start from the deepest folder the prefix names, then filter by the full prefix.
    const slash = prefix.lastIndexOf('/');
    const folderKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const folder = folderKey === '' ? this.location : this.localPath(folderKey);
    const found: ObjectInfo[] = [];
    await this.walk(folder, folderKey, prefix, found);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const file = this.localPath(key);
    await rm(file, { force: true });
    await rm(sidecarPath(file), { force: true });
  }

  private async walk(folder: string, folderKey: string, prefix: string, out: ObjectInfo[]): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const key = folderKey === '' ? entry.name : `${folderKey}/${entry.name}`;
      if (entry.isDirectory()) {
        // Descend only where the prefix can still match.
        if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`))
          await this.walk(path.join(folder, entry.name), key, prefix, out);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const info = await stat(path.join(folder, entry.name)).catch((error) => {
          if (isMissing(error)) return undefined; // deleted while listing
          throw error;
        });
        if (info) out.push({ key, size: info.size, lastModified: info.mtime, metadata: {} });
      }
    }
  }
}

interface Sidecar {
  size: number;
  mtimeMs: number;
  contentType: string | undefined;
  metadata: Record<string, string>;
}

function sidecarPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.meta.json`);
}

async function readSidecar(file: string): Promise<Sidecar | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Sidecar;
  } catch (error) {
    if (isMissing(error) || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

async function writeDurably(
  file: string,
  body: Uint8Array | string,
): Promise<{ size: number; mtimeMs: number }> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(body);
    await handle.sync();
    const info = await handle.stat();
    return { size: info.size, mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** Makes the renames themselves durable; not possible on every platform, hence best effort. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic.
  }
}

/** Same rules as S3 keys in this project; rejects anything that could leave the folder. */
function checkKey(key: string): string {
  const segments = key.split('/');
  if (key === '' || segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.')))
    throw new Error(`invalid object key: ${JSON.stringify(key)}`);
  return key;
}

/** S3 user metadata is lowercase-keyed ASCII; enforce it here too so local runs catch what S3 would reject. */
function checkMetadata(metadata: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (!/^[a-z0-9-]+$/.test(name) || !/^[\x20-\x7e]*$/.test(value))
      throw new Error(`object metadata must be lowercase ASCII keys and ASCII values: ${name}`);
    out[name] = value;
  }
  return out;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
