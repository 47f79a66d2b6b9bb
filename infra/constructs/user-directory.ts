import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Cognito group names; the dashboard maps them to roles (src/access/viewer.ts). */
export const PREFECTURE_GROUP = 'prefecture';
export const PROMOTION_TEAM_GROUP = 'promotion-team';
export const municipalityGroup = (code: string): string => `municipality-${code}`;

export interface UserDirectoryProps {
  municipalityCodes: readonly string[];
}

/**
 * Staff accounts: created by an administrator only (no self sign-up), a
 * strong password policy, TOTP MFA required of every user, and one group
 * per role and per municipality.
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly groupNames: string[];

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Required of everyone: Cognito cannot require MFA per group, and the prefecture and
      // 推進チーム (who see every town) must not sign in with a password alone. An
      // authenticator app only: SMS needs phone numbers, is billed and can be phished or swapped.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      // Threat protection blocks sign-ins Cognito rates as compromised or high-risk.
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.userPool.node.defaultChild as cognito.CfnUserPool).overrideLogicalId('UserPool');

    this.groupNames = [
      PREFECTURE_GROUP,
      PROMOTION_TEAM_GROUP,
      ...props.municipalityCodes.map(municipalityGroup),
    ];
    const descriptions: Record<string, string> = {
      [PREFECTURE_GROUP]: '県の孤独・孤立対策担当課（全市町村の実数、実施状況・人口のアップロード）',
      [PROMOTION_TEAM_GROUP]: '包括的支援体制整備推進チーム（閲覧と訪問記録）',
    };
    for (const name of this.groupNames) {
      const group = new cognito.CfnUserPoolGroup(this, `Group-${name}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: name,
        description: descriptions[name] ?? `市町村 ${name.slice('municipality-'.length)} の職員`,
      });
      group.overrideLogicalId(`UserGroup${name.replace(/[^A-Za-z0-9]/g, '')}`);
    }
  }
}
