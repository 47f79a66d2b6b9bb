import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from '../src/datasets/municipalities';
import { glossaryMarkdown, selfReference, TERMS, townCountChange } from '../src/glossary';

/** Biome pads Markdown tables to align them; the drift check ignores that padding. */
const withoutTablePadding = (md: string): string =>
  md
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line.replace(/ +\|/g, ' |').replace(/\| +/g, '| ').replace(/-{3,}/g, '---')
        : line,
    )
    .join('\n');

describe('glossary', () => {
  it('docs/glossary.md is what glossaryMarkdown() produces from src/glossary.ts', () => {
    const committed = readFileSync(path.resolve('docs/glossary.md'), 'utf8');
    const current = withoutTablePadding(committed) === withoutTablePadding(glossaryMarkdown());
    expect(current, 'docs/glossary.md is out of date: run npm run docs').toBe(true);
  });

  it('never lists a term among the wordings it replaces', () => {
    for (const [key, x] of Object.entries(TERMS)) expect(x.avoid, key).not.toContain(x.term);
  });

  it('names each of the 19 towns 本市, 本町 or 本村 by its type', () => {
    const refs = MUNICIPALITIES.map((m) => selfReference(m.name));
    expect(selfReference('鳥取市')).toBe('本市');
    expect(selfReference('北栄町')).toBe('本町');
    expect(selfReference('日吉津村')).toBe('本村');
    expect(new Set(refs)).toEqual(new Set(['本市', '本町', '本村']));
  });

  it('gives a change in a number of towns as a difference', () => {
    expect(townCountChange(9, 5)).toBe('前年度比 +4市町村');
    expect(townCountChange(4, 5)).toBe('前年度比 −1市町村');
    expect(townCountChange(5, 5)).toBe('前年度比 ±0市町村');
  });
});
