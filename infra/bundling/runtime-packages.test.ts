import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRuntimePackages, runtimeClosure } from './runtime-packages';

const linuxX64 = { os: 'linux', cpu: 'x64', libc: 'glibc' } as const;
const linuxArm = { os: 'linux', cpu: 'arm64', libc: 'glibc' } as const;

/** A node_modules folder shaped like @duckdb's: an API, a loader, per-platform bindings. */
function fakeModules(options: { withArm: boolean }): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fake-modules-'));
  const pkg = (name: string, manifest: Record<string, unknown>, files: string[] = []) => {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, ...manifest }));
    for (const f of files) writeFileSync(path.join(dir, f), 'x');
  };
  pkg('api', { dependencies: { loader: '1' } }, ['index.js']);
  pkg('loader', {
    dependencies: { 'libc-detect': '1' },
    optionalDependencies: {
      'binding-linux-x64': '1',
      'binding-linux-arm64': '1',
      'binding-darwin-arm64': '1',
    },
  });
  pkg('libc-detect', {});
  pkg('binding-linux-x64', { os: ['linux'], cpu: ['x64'], libc: ['glibc'] }, ['addon.node']);
  if (options.withArm)
    pkg('binding-linux-arm64', { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] }, ['addon.node']);
  return root;
}

describe('runtimeClosure', () => {
  it('follows dependencies and keeps only the binding built for the target', () => {
    const modules = fakeModules({ withArm: true });
    expect(runtimeClosure(['api'], modules, linuxX64).map((p) => p.name)).toEqual([
      'api',
      'loader',
      'libc-detect',
      'binding-linux-x64',
    ]);
    expect(runtimeClosure(['api'], modules, linuxArm).map((p) => p.name)).toContain('binding-linux-arm64');
  });

  it("never takes another platform's binding in place of a missing one", () => {
    const modules = fakeModules({ withArm: false });
    const names = runtimeClosure(['api'], modules, linuxArm).map((p) => p.name);
    expect(names).toEqual(['api', 'loader', 'libc-detect']);
  });

  it('fails on a missing required dependency', () => {
    expect(() => runtimeClosure(['absent'], fakeModules({ withArm: false }), linuxX64)).toThrow(/absent/);
  });
});

describe('copyRuntimePackages', () => {
  it('copies the closure under <out>/node_modules with the native addon', () => {
    const modules = fakeModules({ withArm: true });
    const out = mkdtempSync(path.join(os.tmpdir(), 'asset-'));
    copyRuntimePackages(['api'], modules, out, linuxX64);
    expect(existsSync(path.join(out, 'node_modules', 'binding-linux-x64', 'addon.node'))).toBe(true);
    expect(existsSync(path.join(out, 'node_modules', 'api', 'index.js'))).toBe(true);
    expect(existsSync(path.join(out, 'node_modules', 'binding-linux-arm64'))).toBe(false);
  });

  it('copies a portable package (WebAssembly, no binding) when told it has none', () => {
    const modules = fakeModules({ withArm: false });
    const out = mkdtempSync(path.join(os.tmpdir(), 'asset-'));
    writeFileSync(path.join(modules, 'libc-detect', 'solver.wasm'), 'x');
    expect(() => copyRuntimePackages(['libc-detect'], modules, out, linuxX64)).toThrow(/binding/);
    copyRuntimePackages(['libc-detect'], modules, out, linuxX64, { kind: 'portable' });
    expect(existsSync(path.join(out, 'node_modules', 'libc-detect', 'solver.wasm'))).toBe(true);
  });

  it('refuses to build an asset without the target binding', () => {
    const modules = fakeModules({ withArm: false });
    const out = mkdtempSync(path.join(os.tmpdir(), 'asset-'));
    expect(() => copyRuntimePackages(['api'], modules, out, linuxArm)).toThrow(/linux-arm64/);
  });
});
