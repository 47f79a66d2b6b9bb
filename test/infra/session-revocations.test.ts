import { beforeAll, describe, expect, it } from 'vitest';
import { REVOCATION_KEEP_DAYS, REVOKED_SESSIONS_PREFIX } from '../../dashboard/auth/session-revocations';
import {
  asList,
  functionRoleStatements,
  render,
  type Statement,
  synthPipelineForFile,
} from './synth-pipeline';

/** Sign-out on AWS: what dashboard/auth/session-revocations.ts needs of the curated bucket. */
const synth = synthPipelineForFile();
let statements: Statement[];

beforeAll(() => {
  statements = functionRoleStatements(synth, 'dashboard');
});

const onCurated = (st: Statement) => render(st.Resource).includes('CuratedBucket');
const actionsOn = (objects: string) =>
  statements
    .filter((st) => onCurated(st) && asList(st.Resource).some((r) => render(r).endsWith(`}/${objects}`)))
    .flatMap((st) => asList(st.Action));

describe('session revocations in the curated bucket', () => {
  it('the dashboard role may record a sign-out and look one up, but never remove one', () => {
    const actions = actionsOn(`${REVOKED_SESSIONS_PREFIX}*`);
    // Intent: POST /logout writes the entry; every signed-in request reads it.
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:GetObject']));
    // Intent: only the lifecycle rule ends an entry, so a sign-out cannot be undone through the app.
    expect(actions).not.toContain('s3:DeleteObject');
    expect(actions).not.toContain('s3:DeleteObjectVersion');
  });

  it('the dashboard role may list that prefix, so a missing entry reads as "not signed out"', () => {
    const prefixes = statements
      .filter((st) => onCurated(st) && asList(st.Action).includes('s3:ListBucket'))
      .flatMap((st) => asList(st.Condition?.StringLike?.['s3:prefix'] ?? []));
    // Intent: S3 answers 403 for a missing key unless the caller may list it; src/storage/s3-store.ts
    // then lists the key itself to tell "absent" from "refused". Without this every request would fail.
    expect(prefixes).toEqual(
      expect.arrayContaining([REVOKED_SESSIONS_PREFIX, `${REVOKED_SESSIONS_PREFIX}*`]),
    );
    // Intent: the listing stays limited to named prefixes, never the whole bucket.
    expect(prefixes).not.toContain('*');
  });

  it('entries expire, every version of them, once no session they name can still be alive', () => {
    const rules = synth.data.toJSON().Resources.CuratedBucket.Properties.LifecycleConfiguration.Rules;
    // Intent: the curated bucket is versioned, so both the entry and its noncurrent version go
    // (the default 90-day noncurrent rule would otherwise keep every sign-out for a quarter).
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: REVOKED_SESSIONS_PREFIX,
        Status: 'Enabled',
        ExpirationInDays: REVOCATION_KEEP_DAYS,
        NoncurrentVersionExpiration: { NoncurrentDays: REVOCATION_KEEP_DAYS },
      }),
    );
    // Intent: the session is the Cognito access token, valid 60 minutes unless the app client says
    // otherwise; an entry must not expire while the token it revokes is still accepted.
    const client = Object.values(synth.dashboard.findResources('AWS::Cognito::UserPoolClient'))[0];
    const units = client?.Properties.TokenValidityUnits?.AccessToken ?? 'minutes';
    const minutes = { minutes: 1, hours: 60, days: 1440 }[units as 'minutes' | 'hours' | 'days'];
    expect((client?.Properties.AccessTokenValidity ?? 60) * minutes).toBeLessThanOrEqual(
      REVOCATION_KEEP_DAYS * 1440,
    );
  });
});
