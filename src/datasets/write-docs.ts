import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDataContract } from './contract-doc';

/**
 * `npm run docs`: regenerates docs/data-contract.md from the dataset
 * definitions, then lets Biome align its tables so `npm run lint` stays clean
 * (the drift test compares the page with table padding ignored).
 */
const target = fileURLToPath(new URL('../../docs/data-contract.md', import.meta.url));
const biome = fileURLToPath(new URL('../../node_modules/.bin/biome', import.meta.url));
writeFileSync(target, renderDataContract());
execFileSync(biome, ['format', '--write', target], { stdio: 'ignore' });
console.log(`書き出しました: ${target}`);
