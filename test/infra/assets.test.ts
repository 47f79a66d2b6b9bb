import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedPipeline, synthPipeline } from './synth-pipeline';

let synth: SynthesizedPipeline;

beforeAll(() => {
  synth = synthPipeline();
});

afterAll(() => synth?.dispose());

/** The asset folder in cdk.out holding the code of the stack's only function with this architecture. */
function functionAssetDir(template: Template, handlerDescription: RegExp): { dir: string; arch: string } {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
    handlerDescription.test(f.Properties.Description ?? ''),
  );
  if (!fn) throw new Error(`no function described ${handlerDescription}`);
  const key = String(fn.Properties.Code.S3Key);
  return {
    dir: path.join(synth.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`),
    arch: fn.Properties.Architectures[0],
  };
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    return sum + (entry.isDirectory() ? folderBytes(full) : statSync(full).size);
  }, 0);
}

const ARCH_TO_NPM: Record<string, string> = { x86_64: 'x64', arm64: 'arm64' };

describe('Lambda assets', () => {
  it('the ingest asset ships the DuckDB binding for its architecture, outside the bundle', () => {
    const { dir, arch } = functionAssetDir(synth.ingest, /CSV/);
    const binding = path.join(dir, 'node_modules', '@duckdb', `node-bindings-linux-${ARCH_TO_NPM[arch]}`);
    expect(existsSync(path.join(binding, 'duckdb.node'))).toBe(true);
    expect(existsSync(path.join(binding, 'libduckdb.so'))).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules', '@duckdb', 'node-api', 'package.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules', '@duckdb', 'node-bindings', 'duckdb.js'))).toBe(true);
    // No other platform's binding rides along.
    const shipped = readdirSync(path.join(dir, 'node_modules', '@duckdb'));
    expect(shipped.filter((p) => p.startsWith('node-bindings-'))).toEqual([
      `node-bindings-linux-${ARCH_TO_NPM[arch]}`,
    ]);
    // The bundle itself stays small: DuckDB is imported, not inlined.
    expect(statSync(path.join(dir, 'index.mjs')).size).toBeLessThan(20 * 1024 * 1024);
    // Nor does it inline HiGHS, which would then look for highs.wasm beside index.mjs.
    expect(readFileSync(path.join(dir, 'index.mjs'), 'utf8')).not.toContain('highs.wasm');
  });

  it('the dashboard asset carries the SQL files and its bundle size is reported', () => {
    const { dir } = functionAssetDir(synth.dashboard, /Hono/);
    expect(existsSync(path.join(dir, 'sql'))).toBe(true);
    expect(readdirSync(path.join(dir, 'sql')).some((f) => f.endsWith('.sql'))).toBe(true);
    // The deployed entry is the app behind the origin check, not the bare handler.
    expect(readFileSync(path.join(dir, 'index.mjs'), 'utf8')).toContain('x-origin-verify');
    const bundle = statSync(path.join(dir, 'index.mjs')).size;
    const total = folderBytes(dir);
    const modules = existsSync(path.join(dir, 'node_modules'))
      ? folderBytes(path.join(dir, 'node_modules'))
      : 0;
    console.log(
      `dashboard function: bundle index.mjs ${(bundle / 1024).toFixed(0)} KiB; asset total ${(total / 1024 / 1024).toFixed(1)} MiB (of which node_modules ${(modules / 1024 / 1024).toFixed(1)} MiB)`,
    );
    // Lambda's limit for unzipped code is 250 MB.
    expect(total).toBeLessThan(250 * 1024 * 1024);
    expect(bundle).toBeGreaterThan(0);
    // The dashboard queries Athena and leaves ingest to its own function: no DuckDB to load on cold start.
    expect(existsSync(path.join(dir, 'node_modules', '@duckdb'))).toBe(false);
    expect(readFileSync(path.join(dir, 'index.mjs'), 'utf8')).not.toContain('@duckdb/node-api');
  });

  it('the dashboard asset ships HiGHS as installed, and it solves an LP from there', () => {
    const { dir } = functionAssetDir(synth.dashboard, /Hono/);
    // HiGHS reads highs.wasm from beside its own file: the package rides along, the bundle imports it.
    expect(existsSync(path.join(dir, 'node_modules', 'highs', 'build', 'highs.wasm'))).toBe(true);
    const bundle = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    expect(bundle).toMatch(/from\s*"highs"/);
    expect(bundle).not.toContain('highs.wasm');
    // Resolved from the asset root as index.mjs resolves it, with no NODE_PATH to reach the repository's copy.
    const script = `
      const solver = await (await import('highs')).default();
      const lp = 'Maximize\\n obj: x0\\nSubject To\\n c0: + 1 x0 + 1 x1 = 5\\nBounds\\n x0 >= 1\\n x1 >= 1\\nEnd';
      const { Status, ObjectiveValue } = solver.solve(lp);
      console.log(JSON.stringify({ resolved: import.meta.resolve('highs'), Status, ObjectiveValue }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    const solved = JSON.parse(output) as { resolved: string; Status: string; ObjectiveValue: number };
    expect(solved.resolved).toBe(
      pathToFileURL(path.join(dir, 'node_modules', 'highs', 'build', 'highs.mjs')).href,
    );
    expect(solved).toMatchObject({ Status: 'Optimal', ObjectiveValue: 4 });
  });
});
