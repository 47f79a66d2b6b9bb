/**
 * Bundling hook (NodejsFunction commandHooks.afterBundling): copies native
 * runtime packages into a Lambda asset.
 *
 *   tsx infra/bundling/copy-runtime-packages.ts <outputDir> <cpu> <package>...
 *
 * With `--if-imported`, copies only when the bundle (index.mjs) still imports
 * one of the packages, so a function whose code never reaches DuckDB does
 * not carry 70 MB of it. With `--portable`, the packages have no native
 * binding to insist on (JavaScript and WebAssembly, e.g. highs).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyRuntimePackages } from './runtime-packages';

const here = path.dirname(fileURLToPath(import.meta.url));
const rootModules = path.resolve(here, '..', '..', 'node_modules');

const args = process.argv.slice(2);
const onlyIfImported = args.includes('--if-imported');
const portable = args.includes('--portable');
const [outputDir, cpu, ...roots] = args.filter((a) => !a.startsWith('--'));
if (!outputDir || (cpu !== 'x64' && cpu !== 'arm64') || roots.length === 0) {
  console.error(
    'usage: copy-runtime-packages.ts [--if-imported] [--portable] <outputDir> <x64|arm64> <package>...',
  );
  process.exit(2);
}

const bundle = path.join(outputDir, 'index.mjs');
const imported = existsSync(bundle) && roots.some((r) => readFileSync(bundle, 'utf8').includes(`"${r}"`));
if (onlyIfImported && !imported) {
  console.log(`bundle does not import ${roots.join(', ')}: nothing copied`);
} else {
  const target = { os: 'linux', cpu, libc: 'glibc' } as const;
  const copied = copyRuntimePackages(roots, rootModules, outputDir, target, {
    kind: portable ? 'portable' : 'native',
  });
  console.log(`copied ${copied.map((p) => p.name).join(', ')} for linux-${cpu}`);
}
