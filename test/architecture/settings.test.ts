import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Settings are read in one place, src/config.ts. Two modules still take the
 * environment as an injectable parameter for their tests: the Cognito ids
 * (cloud-deps.ts) and SESSION_SECRET (local-accounts.ts).
 */
const ALLOWED = ['src/config.ts', 'dashboard/services/cloud-deps.ts', 'dashboard/auth/local-accounts.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('settings', () => {
  it('only src/config.ts reads process.env (outside tests and benchmarks)', () => {
    const readers = ['src', 'dashboard', 'functions', 'infra']
      .flatMap(sourceFiles)
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')));
    expect(readers.sort()).toEqual([...ALLOWED].sort());
  });
});
