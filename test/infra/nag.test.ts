import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nagPacks } from '../../infra/nag';
import { type Acknowledgement, acknowledgements } from '../../infra/nag-acknowledgements';
import { type SynthesizedPipeline, synthPipeline } from './synth-pipeline';

let synth: SynthesizedPipeline;
let acknowledged: Acknowledgement[];

beforeAll(() => {
  synth = synthPipeline();
  acknowledged = acknowledgements(synth.pipeline, synth.settings);
});

afterAll(() => synth?.dispose());

describe('cdk-nag', () => {
  it.each(nagPacks().map((pack) => [pack.readPackName, pack] as const))(
    '%s pack: no finding left unacknowledged',
    (_name, pack) => {
      const report = pack.validateScope(synth.app);
      const findings = report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(findings).toEqual([]);
    },
  );

  it('every acknowledgement says specifically why', () => {
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^(AwsSolutions|Serverless)-/);
      // A rule name is not a reason: each one explains the trade-off in a sentence or more.
      expect(reason.length, id).toBeGreaterThan(60);
    }
  });

  it('acknowledges no optional MFA: AwsSolutions-COG2 holds on its own', () => {
    // Intent: MFA is required, so the Cognito MFA rule needs no exception anywhere.
    expect(acknowledged.map((a) => a.id)).not.toContain('AwsSolutions-COG2');
  });

  it('docs/deploy.md lists every acknowledged rule', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/deploy.md'), 'utf8');
    const rules = new Set(acknowledged.map((a) => a.id.replace(/\[.*$/, '')));
    for (const rule of rules) expect(doc, rule).toContain(rule);
  });

  it('reports a finding on a bucket without the project defaults (the packs are live)', () => {
    const app = new App();
    new s3.Bucket(new Stack(app, 'Bare'), 'Plain');
    const found = nagPacks().flatMap((pack) => pack.validateScope(app).violations.map((v) => v.ruleName));
    expect(found).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
