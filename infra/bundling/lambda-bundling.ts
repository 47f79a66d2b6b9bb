import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root: entries, the lock file and node_modules are resolved from here. */
export const PROJECT_ROOT = path.resolve(here, '..', '..');

/** DuckDB is a native addon: never bundled, shipped as installed packages instead. */
export const DUCKDB_PACKAGES = ['@duckdb/node-api'];

/** Lambda runtime of every function; the code also runs on Node 20 locally. */
export const RUNTIME = lambda.Runtime.NODEJS_22_X;

/**
 * x86_64 for every function: the DuckDB binding shipped in the asset is the
 * one npm installed on the build machine (x64), which keeps bundling offline
 * and byte-for-byte the tested version. arm64 would need
 * @duckdb/node-bindings-linux-arm64 fetched from the registry at synth time.
 */
export const ARCHITECTURE = lambda.Architecture.X86_64;
const CPU = 'x64';

export interface BundlingOptions {
  /** Copy DuckDB into the asset: always, or only when the bundle imports it. */
  duckdb: 'always' | 'if-imported';
  /**
   * Portable packages that read files beside their own at run time (highs
   * loads build/highs.wasm), which esbuild would leave behind: kept
   * external and copied into the asset as installed.
   */
  shippedPackages?: readonly string[];
  /** Extra folders copied verbatim into the asset root (e.g. sql/). */
  copyFolders?: readonly string[];
  minify?: boolean;
}

/**
 * Local esbuild bundling (no Docker): ESM for Node 22, AWS SDK bundled so the
 * deployed SDK is the tested one, DuckDB and the shipped packages kept
 * external and copied in by an offline hook.
 */
export function bundling(options: BundlingOptions): nodejs.BundlingOptions {
  const shipped = options.shippedPackages ?? [];
  return {
    forceDockerBundling: false,
    format: nodejs.OutputFormat.ESM,
    target: 'node20',
    platform: 'node',
    mainFields: ['module', 'main'],
    minify: options.minify ?? false,
    sourceMap: true,
    sourceMapMode: nodejs.SourceMapMode.DEFAULT,
    sourcesContent: false,
    bundleAwsSDK: true,
    externalModules: ['@duckdb/*', ...shipped],
    // Bundled CommonJS dependencies call require() for Node built-ins; ESM has none by default.
    banner:
      "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    metafile: true,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => [
        copyPackages(options.duckdb === 'if-imported' ? ['--if-imported'] : [], outputDir, DUCKDB_PACKAGES),
        ...(shipped.length > 0 ? [copyPackages(['--portable'], outputDir, shipped)] : []),
        ...(options.copyFolders ?? []).map(
          (folder) =>
            `node -e ${JSON.stringify(`require('node:fs').cpSync(${JSON.stringify(path.join(PROJECT_ROOT, folder))}, ${JSON.stringify(path.join(outputDir, folder))}, { recursive: true })`)}`,
        ),
      ],
    },
  };
}

/** The hook command copying installed packages into the asset (copy-runtime-packages.ts). */
function copyPackages(flags: readonly string[], outputDir: string, packages: readonly string[]): string {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const hook = path.join(PROJECT_ROOT, 'infra', 'bundling', 'copy-runtime-packages.ts');
  return [
    JSON.stringify(tsx),
    JSON.stringify(hook),
    ...flags,
    JSON.stringify(outputDir),
    CPU,
    ...packages,
  ].join(' ');
}
