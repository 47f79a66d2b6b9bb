import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDataContract } from './contract-doc';

/** `npm run docs`: regenerates docs/data-contract.md from the dataset definitions. */
const target = fileURLToPath(new URL('../../docs/data-contract.md', import.meta.url));
writeFileSync(target, renderDataContract());
console.log(`書き出しました: ${target}`);
