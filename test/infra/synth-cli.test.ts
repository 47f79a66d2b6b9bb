import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
let outdir: string;
let result: ReturnType<typeof spawnSync>;

// The real entry, as `npm run synth` runs it: cdk.json's app, the browser
// build, both bundles, and the cdk-nag packs as validation plugins.
beforeAll(() => {
  outdir = mkdtempSync(path.join(os.tmpdir(), 'infra-cli-out-'));
  result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
    timeout: 240_000,
  });
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk synth (npm run synth)', () => {
  it('synthesizes the three stacks offline with no unacknowledged cdk-nag finding', () => {
    expect(result.status, `${result.stderr}`).toBe(0);
    expect(String(result.stderr)).not.toMatch(
      /Synthesis finished with errors|\(AwsSolutions\)|\(Serverless\)/,
    );
    // Construct warnings (a TLS setting silently ignored, a log permission not added…) are defects too.
    expect(String(result.stderr)).not.toMatch(/WARNING/);
    for (const stack of ['Data', 'Ingest', 'Dashboard'])
      expect(existsSync(path.join(outdir, `JusoMonitor-Tottori-${stack}.template.json`))).toBe(true);
  });

  it('ships the freshly built browser bundle as the dashboard assets', () => {
    const assets = JSON.parse(
      readFileSync(path.join(outdir, 'JusoMonitor-Tottori-Dashboard.assets.json'), 'utf8'),
    );
    const dirs = Object.values(assets.files as Record<string, { source: { path: string } }>).map((f) =>
      path.join(outdir, f.source.path),
    );
    expect(
      dirs.some((dir) => existsSync(path.join(dir, 'app.js')) && existsSync(path.join(dir, 'app.css'))),
    ).toBe(true);
  });
});
