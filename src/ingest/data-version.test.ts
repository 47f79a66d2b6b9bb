import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EMPTY_DATA_VERSION, readDataVersion } from '../storage/data-version';
import { localStores, type Stores } from '../storage/stores';
import { bumpDataVersion } from './data-version';

let dir: string;
let stores: Stores;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'data-version-'));
  stores = localStores(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('has a defined version before anything is published', async () => {
  expect(await readDataVersion(stores)).toBe(EMPTY_DATA_VERSION);
});

it('changes on every bump, even for the same upload, and is stable between bumps', async () => {
  const first = await bumpDataVersion(stores, '20260101T000000000Z-aaaaaaaaaaaa');
  expect(await readDataVersion(stores)).toBe(first);
  expect(await readDataVersion(stores)).toBe(first);
  const second = await bumpDataVersion(stores, '20260101T000000000Z-aaaaaaaaaaaa');
  expect(second).not.toBe(first);
  expect(second).not.toBe(EMPTY_DATA_VERSION);
  expect(await readDataVersion(stores)).toBe(second);
});
