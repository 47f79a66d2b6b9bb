import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The platform a Lambda function runs on, in npm's os/cpu/libc vocabulary. */
export interface TargetPlatform {
  os: 'linux';
  cpu: 'x64' | 'arm64';
  libc: 'glibc';
}

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

export interface RuntimePackage {
  name: string;
  dir: string;
  /** Built for one platform (declares cpu/os): a native binding. */
  platformSpecific: boolean;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Where Node would resolve `name` from a package in `fromDir` (nested first, then hoisted). */
function locate(name: string, fromDir: string, rootModules: string): string | undefined {
  const nested = path.join(fromDir, 'node_modules', name);
  if (existsSync(path.join(nested, 'package.json'))) return nested;
  const hoisted = path.join(rootModules, name);
  return existsSync(path.join(hoisted, 'package.json')) ? hoisted : undefined;
}

/** Reads a package's os/cpu/libc fields: absent fields mean "any". */
function fitsPlatform(manifest: Manifest, target: TargetPlatform): boolean {
  const allows = (list: string[] | undefined, value: string) =>
    list === undefined || (list.includes(value) && !list.includes(`!${value}`));
  return (
    allows(manifest.os, target.os) && allows(manifest.cpu, target.cpu) && allows(manifest.libc, target.libc)
  );
}

/**
 * The installed packages `roots` need at run time on `target`: their
 * dependencies, and those optional dependencies (native bindings) built for
 * the target. Reads only the local node_modules, so bundling stays offline.
 * Bindings for other platforms are skipped; whether the target's own binding
 * is present is checked by `copyRuntimePackages`.
 *
 * @example
 * runtimeClosure(['@duckdb/node-api'], 'node_modules', { os: 'linux', cpu: 'x64', libc: 'glibc' });
 */
export function runtimeClosure(
  roots: readonly string[],
  rootModules: string,
  target: TargetPlatform,
): RuntimePackage[] {
  const found = new Map<string, { dir: string; platformSpecific: boolean }>();
  const visit = (name: string, fromDir: string, optional: boolean) => {
    if (found.has(name)) return;
    const dir = locate(name, fromDir, rootModules);
    if (!dir) {
      if (optional) return; // another platform's binding, legitimately absent
      throw new Error(`${name} is not installed under ${rootModules}`);
    }
    const manifest = readManifest(dir);
    if (!fitsPlatform(manifest, target)) return;
    found.set(name, { dir, platformSpecific: manifest.cpu !== undefined || manifest.os !== undefined });
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const root of roots) visit(root, rootModules, false);
  return [...found].map(([name, info]) => ({ name, ...info }));
}

export interface CopyOptions {
  /**
   * 'native' (default): the packages load a binding built for the target
   * (DuckDB), and an asset without one is refused. 'portable': they have
   * no platform-specific parts (JavaScript and WebAssembly, e.g. highs).
   */
  kind?: 'native' | 'portable';
}

/**
 * Copies the runtime closure of `roots` into `<outputDir>/node_modules`,
 * where Lambda's Node resolves it from the bundle next to it.
 */
export function copyRuntimePackages(
  roots: readonly string[],
  rootModules: string,
  outputDir: string,
  target: TargetPlatform,
  options: CopyOptions = {},
): RuntimePackage[] {
  const packages = runtimeClosure(roots, rootModules, target);
  // A missing binding would only show as a crash on the function's first
  // invocation: refuse to build the asset instead.
  if (options.kind !== 'portable' && !packages.some((p) => p.platformSpecific))
    throw new Error(
      `no native binding for ${target.os}-${target.cpu} is installed for ${roots.join(', ')}; install it (npm install --cpu=${target.cpu} --os=${target.os}) or deploy for this machine's architecture`,
    );
  for (const pkg of packages)
    cpSync(pkg.dir, path.join(outputDir, 'node_modules', pkg.name), {
      recursive: true,
      dereference: true,
      // Nested node_modules are resolved and copied as packages of their own.
      filter: (src) => path.relative(pkg.dir, src).split(path.sep)[0] !== 'node_modules',
    });
  return packages;
}
