import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

/** Where the bundle goes; the app serves this folder at /assets/*. */
export const ASSETS_DIR = path.join(root, 'dist', 'assets');

/** dashboard/static files joined, in this order, into app.css. */
const STYLESHEETS = ['app.css', 'overview.css', 'print.css'];

/** The JS budget the issue sets for what the browser downloads. */
export const GZIP_BUDGET_BYTES = 200 * 1024;

/**
 * Builds dist/assets/app.js (minified, tree-shaken Chart.js) and app.css
 * (dashboard/static joined) beside it. Returns the files written and the gzip size of the JS.
 *
 * @example
 * const { gzipBytes } = await buildClient();
 */
export async function buildClient(
  outDir: string = ASSETS_DIR,
): Promise<{ files: string[]; gzipBytes: number }> {
  await mkdir(outDir, { recursive: true });
  const jsFile = path.join(outDir, 'app.js');
  await build({
    entryPoints: [path.join(here, 'client', 'main.ts')],
    outfile: jsFile,
    bundle: true,
    minify: true,
    format: 'esm',
    // Chrome/Edge on office PCs are evergreen; es2020 keeps older Safari working too.
    target: ['es2020'],
    platform: 'browser',
    treeShaking: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // One stylesheet for the browser to fetch: the screen rules, then the print rules.
  const cssFile = path.join(outDir, 'app.css');
  const css = await Promise.all(STYLESHEETS.map((f) => readFile(path.join(here, 'static', f), 'utf8')));
  await writeFile(cssFile, css.join('\n'));
  // The site's icon (every page links it; without one the browser's /favicon.ico request is a 404).
  const iconFile = path.join(outDir, 'favicon.svg');
  await copyFile(path.join(here, 'static', 'favicon.svg'), iconFile);
  const gzipBytes = gzipSync(await readFile(jsFile)).length;
  if (gzipBytes > GZIP_BUDGET_BYTES)
    throw new Error(`client bundle is ${gzipBytes} bytes gzipped, over the ${GZIP_BUDGET_BYTES} budget`);
  return { files: [jsFile, cssFile, iconFile], gzipBytes };
}

// `npm run build:client`
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, gzipBytes } = await buildClient();
  console.log(
    `${files.map((f) => path.relative(root, f)).join(', ')} (JS ${(gzipBytes / 1024).toFixed(1)} KB gzip)`,
  );
}
