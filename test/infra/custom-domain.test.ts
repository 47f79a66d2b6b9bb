import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nagPacks } from '../../infra/nag';
import { type SynthesizedPipeline, synthPipeline } from './synth-pipeline';

let synth: SynthesizedPipeline;

// The production shape: a custom domain with its us-east-1 certificate and a WAF web ACL.
beforeAll(() => {
  synth = synthPipeline({
    domainName: 'monitor.example.jp',
    certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000000',
    publicOrigin: 'https://monitor.example.jp',
    uploadOrigins: ['https://monitor.example.jp'],
    webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/juso/00000000-0000-0000-0000-000000000000',
  });
});

afterAll(() => synth?.dispose());

describe('with a custom domain', () => {
  it('serves the domain with TLS 1.2 or newer and the web ACL', () => {
    // Intent: browsers negotiating TLS 1.0/1.1 are refused.
    synth.dashboard.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['monitor.example.jp'],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
        WebACLId: Match.stringLikeRegexp('^arn:aws:wafv2:us-east-1:'),
      }),
    });
  });

  it('tells the app its public origin and lets only that origin upload', () => {
    // Intent: the CSRF origin check accepts the domain browsers use.
    synth.dashboard.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLIC_ORIGIN: 'https://monitor.example.jp' }) },
    });
    // Intent: presigned PUTs from any other site are refused by the browser.
    const raw = synth.data.toJSON().Resources.RawBucket;
    expect(raw.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: ['https://monitor.example.jp'] }),
    ]);
  });

  it('needs neither the WAF nor the TLS acknowledgement', () => {
    // Intent: CFR2 and CFR4 are acknowledged only when they really apply.
    const rules = nagPacks().flatMap((pack) =>
      pack.validateScope(synth.app).violations.map((v) => v.ruleName),
    );
    expect(rules).toEqual([]);
    const distribution = synth.pipeline.dashboard.site.distribution;
    const acknowledged = distribution.node.metadata
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .flatMap((m) => Object.keys(m.data as object));
    expect(acknowledged.filter((id) => /CFR[24]/.test(id))).toEqual([]);
  });
});
