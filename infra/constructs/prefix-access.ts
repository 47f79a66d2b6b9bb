import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * What a principal may do under one key prefix of a bucket. `append` is
 * read and put without delete or abort: new objects only (under Object Lock
 * an overwrite only adds a version; the locked one stays).
 */
export type PrefixAccess = 'list' | 'read' | 'put' | 'append' | 'read-write';

const OBJECT_ACTIONS: Record<PrefixAccess, string[]> = {
  list: [],
  read: ['s3:GetObject', 's3:GetObjectVersion'],
  put: ['s3:PutObject', 's3:AbortMultipartUpload'],
  append: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
  'read-write': [
    's3:GetObject',
    's3:GetObjectVersion',
    's3:PutObject',
    's3:AbortMultipartUpload',
    's3:DeleteObject',
  ],
};

/**
 * Grants object access under `prefixes` only, plus listing restricted to the
 * same prefixes and the KMS use the bucket's key needs. `Bucket.grantRead`
 * would add `s3:List*` on the whole bucket; welfare data wants each role to
 * see only the folders it works with.
 *
 * @example
 * grantPrefixes(curated, role, 'read', ['curated/', 'reports/']);
 */
export function grantPrefixes(
  bucket: s3.IBucket,
  grantee: iam.IGrantable,
  access: PrefixAccess,
  prefixes: readonly string[],
): void {
  for (const prefix of prefixes)
    if (!prefix.endsWith('/') || prefix.startsWith('/'))
      throw new Error(`prefix must be a folder: ${prefix}`);
  if (access !== 'list')
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: OBJECT_ACTIONS[access],
        resources: prefixes.map((p) => bucket.arnForObjects(`${p}*`)),
      }),
    );
  if (access !== 'put')
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': prefixes.flatMap((p) => [p, `${p}*`]) } },
      }),
    );
  const key = bucket.encryptionKey;
  if (!key || access === 'list') return;
  // Exact actions rather than grantEncryptDecrypt's kms:ReEncrypt* / kms:GenerateDataKey* wildcards.
  if (access === 'read') key.grant(grantee, 'kms:Decrypt');
  else if (access === 'put') key.grant(grantee, 'kms:GenerateDataKey');
  else key.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
}
