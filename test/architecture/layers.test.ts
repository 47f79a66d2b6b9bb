import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The dependency direction of docs/architecture.md ("Layers"): a module may
 * import only modules of a lower layer. Same-layer folders are independent
 * of each other. Imports are read with TypeScript's own pre-processor
 * (static, re-export and dynamic imports alike).
 */
const LAYERS: ReadonlyArray<readonly [module: string, layer: number]> = [
  ['src/config', 0],
  ['src/sql-text', 0],
  ['src/glossary', 0],
  ['src/datasets', 1],
  ['src/normalise', 2],
  ['src/csv', 3],
  ['src/access', 3],
  ['src/storage', 3],
  // The submission schedule: pure rules over facts the dashboard gathers.
  ['src/submissions', 3],
  ['src/ingest', 4],
  ['src/query', 5],
  ['src/demo', 5],
  ['src/publication', 6],
  // Composes the engines (query) and the published grid (publication): above both.
  ['src/service', 7],
  ['src/cli', 8],
  ['dashboard', 9],
  ['functions', 10],
  ['infra', 11],
];
const ROOTS = ['src', 'dashboard', 'functions', 'infra'];
const HIGHER_THAN_SRC = ['dashboard', 'functions', 'infra'];

/** The most specific LAYERS entry a project path (no extension) belongs to. */
function layerOf(file: string): { module: string; layer: number } | undefined {
  let best: { module: string; layer: number } | undefined;
  for (const [module, layer] of LAYERS)
    if ((file === module || file.startsWith(`${module}/`)) && module.length > (best?.module.length ?? -1))
      best = { module, layer };
  return best;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

interface Import {
  from: string;
  to: string;
}

/** Every relative import of a file, as project paths without extension. */
function importsOf(file: string, text: string = readFileSync(file, 'utf8')): Import[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const from = file.replace(/\.tsx?$/, '');
  return importedFiles
    .filter((f) => f.fileName.startsWith('.'))
    .map((f) => ({
      from,
      to: path.normalize(path.join(path.dirname(file), f.fileName)).replace(/\.tsx?$/, ''),
    }));
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** Layer violations among these imports: into a higher layer, or across one layer's folders. */
function violations(imports: readonly Import[]): string[] {
  const found: string[] = [];
  for (const { from, to } of imports) {
    const a = layerOf(from);
    const b = layerOf(to);
    if (!a || !b || a.module === b.module) continue;
    if (b.layer >= a.layer)
      found.push(`${from} (${a.module}, layer ${a.layer}) imports ${to} (layer ${b.layer})`);
  }
  return found;
}

const files = ROOTS.flatMap((root) => sourceFiles(root));

describe('layers', () => {
  it('production code imports only lower layers', () => {
    const imports = files.filter((f) => !isTest(f)).flatMap((f) => importsOf(f));
    expect(imports.length).toBeGreaterThan(300);
    expect(violations(imports)).toEqual([]);
  });

  it('nothing under src/, tests included, imports dashboard/, functions/ or infra/', () => {
    const upward = files
      .filter((f) => f.startsWith('src/'))
      .flatMap((f) => importsOf(f))
      .filter(({ to }) => HIGHER_THAN_SRC.some((top) => to === top || to.startsWith(`${top}/`)));
    expect(upward).toEqual([]);
  });

  it('every folder with code has a layer', () => {
    expect(files.filter((f) => !layerOf(f.replace(/\.tsx?$/, '')))).toEqual([]);
  });

  it('catches an upward import, a cycle and a dynamic import (the check itself)', () => {
    const planted = [
      ...importsOf('src/query/engine.ts', "import { createApp } from '../../dashboard/app';"),
      ...importsOf('src/datasets/types.ts', "export { normaliseText } from '../normalise/text';"),
      ...importsOf('src/ingest/x.ts', "const m = await import('../query/types');"),
    ];
    expect(violations(planted)).toHaveLength(3);
  });
});
