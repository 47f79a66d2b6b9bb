import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { glossaryMarkdown } from '../glossary';
import { renderDataContract } from './contract-doc';

/**
 * `npm run docs`: regenerates docs/data-contract.md from the dataset
 * definitions and docs/glossary.md from src/glossary.ts, then lets Biome align its tables so `npm run lint` stays clean
 * (the drift test compares the page with table padding ignored).
 */
const target = fileURLToPath(new URL('../../docs/data-contract.md', import.meta.url));
const biome = fileURLToPath(new URL('../../node_modules/.bin/biome', import.meta.url));
const glossary = fileURLToPath(new URL('../../docs/glossary.md', import.meta.url));
writeFileSync(target, renderDataContract());
writeFileSync(glossary, glossaryMarkdown());
execFileSync(biome, ['format', '--write', target, glossary], { stdio: 'ignore' });
console.log(`書き出しました: ${target}, ${glossary}`);
