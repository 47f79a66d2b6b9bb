import { MUNICIPALITIES, PREFECTURE_CODE } from '../src/datasets/municipalities';

/**
 * Everything that differs between deployments (one per prefecture). Only the
 * app entry reads CDK context; stacks and constructs receive these plain values.
 */
export interface DeploymentSettings {
  /** Prefix of every stack name, e.g. JusoMonitor-Tottori. */
  stackPrefix: string;
  /** 6-digit code of the prefecture that runs this deployment. */
  prefectureCode: string;
  /** 6-digit codes of its municipalities: Cognito groups and Athena partition projection. */
  municipalityCodes: readonly string[];
  /** Optional account/region; stacks stay environment-agnostic without them. */
  account?: string;
  region?: string;
  /** Custom domain of the dashboard and its ACM certificate in us-east-1 (TLS 1.2+ needs both). */
  domainName?: string;
  certificateArn?: string;
  /**
   * https origin browsers use (PUBLIC_ORIGIN, the CSRF origin check): the
   * custom domain, or the *.cloudfront.net URL from a first deploy's output.
   */
  publicOrigin?: string;
  /** WAF web ACL (CLOUDFRONT scope) to attach to the distribution. */
  webAclArn?: string;
  /** Where alarm notifications go (an email address), if set. */
  alarmEmail?: string;
  /**
   * Browser origins allowed to PUT presigned uploads into the raw bucket:
   * exact https origins only. Empty (no CORS rule) until the deployment's own
   * origin is known.
   */
  uploadOrigins: readonly string[];
  /** Fiscal years the Athena partition projection enumerates (inclusive). */
  fiscalYearRange: readonly [number, number];
  /** Athena per-query cutoff, in bytes scanned. */
  bytesScannedCutoff: number;
  /** Largest accepted upload (MAX_UPLOAD_MB). */
  maxUploadMb: number;
  /** Small-cell suppression threshold (SUPPRESSION_K). */
  suppressionK: number;
  /**
   * Days each audit entry is locked (S3 Object Lock, compliance mode) from
   * the moment it is written. Can be raised later, never shortened for
   * entries already written.
   */
  auditRetentionDays: number;
}

/** Tottori defaults: what `npm run synth` deploys when no context is given. */
export const TOTTORI_SETTINGS: DeploymentSettings = {
  stackPrefix: 'JusoMonitor-Tottori',
  prefectureCode: PREFECTURE_CODE,
  municipalityCodes: MUNICIPALITIES.map((m) => m.code),
  // None until the deployment's own origin is known (publicOrigin / domainName): the
  // distribution's dxxxx.cloudfront.net cannot reach the raw bucket's CORS rule in the same
  // deployment (bucket → distribution → function → bucket is a cycle), and
  // https://*.cloudfront.net would admit every CloudFront distribution on the internet.
  uploadOrigins: [],
  // 重層的支援体制整備事業 started in FY2021; a few earlier years for baselines. Each
  // year is one S3 prefix per town that unfiltered queries probe: keep it tight.
  fiscalYearRange: [2019, 2035],
  // 1 GiB: Tottori's whole curated data is a few MB, so a query scanning more is a mistake.
  bytesScannedCutoff: 1024 ** 3,
  maxUploadMb: 50,
  suppressionK: 3,
  // Two years: an entry written at the start of a fiscal year stays locked through that year
  // and the following one, in which the year's accounts and records are audited.
  auditRetentionDays: 731,
};

type ContextReader = (key: string) => unknown;

/** One https origin, no path, no port, no wildcard. */
const EXACT_ORIGIN = /^https:\/\/[a-z0-9.-]+$/;

function stringFrom(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value;
}

function intFrom(read: ContextReader, key: string, fallback: number): number {
  const raw = read(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`context ${key} must be a positive integer`);
  return value;
}

/**
 * Settings from CDK context (`-c key=value` or cdk.context.json) over the
 * Tottori defaults. Codes of another prefecture come as a comma-separated list.
 *
 * @example
 * settingsFromContext((k) => app.node.tryGetContext(k));
 */
export function settingsFromContext(read: ContextReader): DeploymentSettings {
  const codes = stringFrom(read, 'municipalityCodes');
  const municipalityCodes = codes
    ? codes.split(',').map((c) => c.trim())
    : TOTTORI_SETTINGS.municipalityCodes;
  for (const code of municipalityCodes)
    if (!/^\d{6}$/.test(code)) throw new Error(`municipality code must have 6 digits: ${code}`);
  const origins = stringFrom(read, 'uploadOrigins');
  const domainName = stringFrom(read, 'domainName');
  const certificateArn = stringFrom(read, 'certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined))
    throw new Error('context domainName and certificateArn go together');
  const publicOrigin = stringFrom(read, 'publicOrigin') ?? (domainName ? `https://${domainName}` : undefined);
  if (publicOrigin !== undefined && !EXACT_ORIGIN.test(publicOrigin))
    throw new Error(`publicOrigin must look like https://host: ${publicOrigin}`);
  const uploadOrigins = origins
    ? origins.split(',').map((o) => o.trim())
    : publicOrigin
      ? [publicOrigin]
      : [];
  for (const origin of uploadOrigins)
    if (!EXACT_ORIGIN.test(origin))
      throw new Error(`uploadOrigins must be exact https://host origins, no wildcard: ${origin}`);
  return {
    ...TOTTORI_SETTINGS,
    stackPrefix: stringFrom(read, 'stackPrefix') ?? TOTTORI_SETTINGS.stackPrefix,
    prefectureCode: stringFrom(read, 'prefectureCode') ?? TOTTORI_SETTINGS.prefectureCode,
    municipalityCodes,
    account: stringFrom(read, 'account'),
    region: stringFrom(read, 'region'),
    domainName,
    certificateArn,
    publicOrigin,
    webAclArn: stringFrom(read, 'webAclArn'),
    alarmEmail: stringFrom(read, 'alarmEmail'),
    uploadOrigins,
    fiscalYearRange: [
      intFrom(read, 'fiscalYearFrom', TOTTORI_SETTINGS.fiscalYearRange[0]),
      intFrom(read, 'fiscalYearTo', TOTTORI_SETTINGS.fiscalYearRange[1]),
    ],
    bytesScannedCutoff: intFrom(read, 'bytesScannedCutoff', TOTTORI_SETTINGS.bytesScannedCutoff),
    maxUploadMb: intFrom(read, 'maxUploadMb', TOTTORI_SETTINGS.maxUploadMb),
    suppressionK: intFrom(read, 'suppressionK', TOTTORI_SETTINGS.suppressionK),
    auditRetentionDays: intFrom(read, 'auditRetentionDays', TOTTORI_SETTINGS.auditRetentionDays),
  };
}
