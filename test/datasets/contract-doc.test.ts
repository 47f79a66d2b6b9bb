import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsv } from '../../src/csv/decode';
import { parseCsv } from '../../src/csv/parse';
import { renderDataContract } from '../../src/datasets/contract-doc';
import { DATASETS } from '../../src/datasets/index';
import { MUNICIPALITIES } from '../../src/datasets/municipalities';
import { templateCsv } from '../../src/datasets/template';
import type { Vocabulary } from '../../src/datasets/types';
import * as vocabularies from '../../src/datasets/vocabularies';
import { checkDigit } from '../../src/normalise/municipality';
import { matchKey, normaliseHeader } from '../../src/normalise/text';

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

// Every exported vocabulary (arrays of terms; REFERRAL_ROUTE_GROUPS is an array of groups, not terms).
const ALL_VOCABULARIES = Object.entries(vocabularies).filter(
  ([, v]) => Array.isArray(v) && v.every((t) => typeof t === 'object' && 'synonyms' in t),
) as [string, Vocabulary][];

describe('docs/data-contract.md', () => {
  it('is what renderDataContract() produces from src/datasets', () => {
    const committed = readFileSync(path.resolve('docs/data-contract.md'), 'utf8');
    const current = withoutTablePadding(committed) === withoutTablePadding(renderDataContract());
    expect(current, 'docs/data-contract.md is out of date: run npm run docs').toBe(true);
  });

  it('documents every dataset, column, vocabulary label and municipality', () => {
    const doc = renderDataContract();
    for (const d of DATASETS) {
      expect(doc).toContain(`（\`${d.name}\`）`);
      for (const c of d.columns) expect(doc).toContain(`| \`${c.name}\` | ${c.header} |`);
    }
    for (const [, vocab] of ALL_VOCABULARIES.filter(([n]) => n !== 'MARU_BATSU' && n !== 'SUMI_MI'))
      for (const t of vocab) expect(doc).toContain(`| \`${t.code}\` | ${t.label} |`);
    for (const m of MUNICIPALITIES) expect(doc).toContain(`| ${m.code} | ${m.name} |`);
    for (const g of vocabularies.REFERRAL_ROUTE_GROUPS)
      expect(doc).toContain(`| \`${g.code}\` | ${g.label} |`);
  });
});

describe('dataset definitions', () => {
  it.each(DATASETS.map((d) => [d.name, d]))('%s: template headers equal the definition headers', (_n, d) => {
    const [header] = parseCsv(decodeCsv(templateCsv(d)).text);
    expect([...(header?.cells ?? [])].sort()).toEqual(d.columns.map((c) => c.header).sort());
  });

  it.each(DATASETS.map((d) => [d.name, d]))('%s: no two columns share a header or alias', (_n, d) => {
    const keys = d.columns.flatMap((c) =>
      [c.header, ...c.aliases].map((h) => [normaliseHeader(h), c.name] as const),
    );
    const owner = new Map<string, string>();
    for (const [key, name] of keys) {
      expect(owner.get(key) ?? name, `${key} belongs to two columns`).toBe(name);
      owner.set(key, name);
    }
  });
});

describe('vocabularies', () => {
  const enumVocabularies = ALL_VOCABULARIES.filter(([n]) => n !== 'MARU_BATSU' && n !== 'SUMI_MI');

  it.each(enumVocabularies)('%s has unique codes and labels', (_n, vocab) => {
    expect(new Set(vocab.map((t) => t.code)).size).toBe(vocab.length);
    expect(new Set(vocab.map((t) => matchKey(t.label))).size).toBe(vocab.length);
  });

  it.each(enumVocabularies)('%s: no spelling maps to two terms', (_n, vocab) => {
    const owner = new Map<string, string>();
    for (const t of vocab)
      for (const s of [t.label, ...t.synonyms, t.code, ...(t.legacyCodes ?? [])]) {
        const key = matchKey(s);
        expect(owner.get(key) ?? t.code, `「${s}」 maps to ${owner.get(key)} and ${t.code}`).toBe(t.code);
        owner.set(key, t.code);
      }
  });

  it('flag spellings are never both yes and no', () => {
    for (const spec of [vocabularies.MARU_BATSU, vocabularies.SUMI_MI]) {
      const yes = new Set(spec.yes.map(matchKey));
      for (const n of spec.no) expect(yes.has(matchKey(n)), n).toBe(false);
    }
  });
});

describe('municipalities reference', () => {
  it.each(MUNICIPALITIES.map((m) => [m.name, m.code]))('%s %s has a valid check digit', (_name, code) => {
    expect(checkDigit(code.slice(0, 5))).toBe(code[5]);
  });

  it('holds Tottori’s 19 municipalities, each code once', () => {
    expect(new Set(MUNICIPALITIES.map((m) => m.code)).size).toBe(19);
  });
});
