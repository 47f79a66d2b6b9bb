import type { Role, Viewer } from '../access/viewer';
import type { ObjectInfo } from '../storage/object-store';
import { parseRawKey } from './layout';

/**
 * Who uploaded a raw object and when, kept in its metadata so the Lambda
 * path (ingestRawObject) knows what the local path (ingestUpload) knew.
 */

/** Raw-object metadata keys (S3 user metadata: lowercase keys, ASCII values). */
export const RAW_METADATA = {
  login: 'uploader-login',
  role: 'uploader-role',
  municipality: 'uploader-municipality',
  uploadedAt: 'uploaded-at',
} as const;

/** Metadata written with a raw object. Logins may be Japanese: percent-encoded (S3 metadata is ASCII). */
export function rawMetadataFor(uploader: Viewer, uploadedAt: Date): Record<string, string> {
  const metadata: Record<string, string> = {
    [RAW_METADATA.login]: encodeURIComponent(uploader.login),
    [RAW_METADATA.role]: uploader.role,
    [RAW_METADATA.uploadedAt]: uploadedAt.toISOString(),
  };
  if (uploader.municipalityCode) metadata[RAW_METADATA.municipality] = uploader.municipalityCode;
  return metadata;
}

const ROLES: readonly Role[] = ['prefecture', 'promotion_team', 'municipality'];

/** The uploader recorded on the object; without a record, no more than the key's own town may do. */
export function uploaderFromMetadata(info: ObjectInfo, keyMunicipality: string | undefined): Viewer {
  const meta = info.metadata;
  const role = ROLES.find((r) => r === meta[RAW_METADATA.role]);
  const login = safeDecode(meta[RAW_METADATA.login]) ?? 'unknown';
  if (role === 'municipality')
    return { role, login, municipalityCode: meta[RAW_METADATA.municipality] ?? '' };
  if (role) return { role, login };
  // No record of who uploaded: grant no more than the key's own town could do.
  return { role: 'municipality', login, municipalityCode: keyMunicipality ?? '' };
}

/** Upload time: the metadata, else the time in the key, else LastModified. */
export function uploadedAtOf(info: ObjectInfo, rawKey: string): Date {
  const fromMeta = info.metadata[RAW_METADATA.uploadedAt];
  const parsed = fromMeta ? new Date(fromMeta) : undefined;
  if (parsed && !Number.isNaN(parsed.getTime())) return parsed;
  return parseRawKey(rawKey)?.uploadedAt ?? info.lastModified;
}

function safeDecode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
