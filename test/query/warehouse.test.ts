import { spawn } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { warehousePath } from '../../src/query/warehouse';
import { tempDataDir, writeCuratedParquet } from './parquet-fixture';
import { syntheticData } from './synthetic';

const HOKUEI = '313726';
const YONAGO = '312029';

/** implementation rows of two towns for FY2022, with the given statuses. */
function implementation(statuses: Record<string, string>) {
  const rows = syntheticData({ seed: 5, towns: Object.keys(statuses), years: [2022] }).implementation ?? [];
  return rows.map((r) => ({ ...r, status: statuses[r.municipality_code as string] }));
}

/** FY2022's prefecture row: how many towns implement (what the 実施市町村数 chart shows). */
async function implementing(engine: DuckDbEngine, version: string): Promise<unknown> {
  const rows = await engine.run('implementation', [2022, 2022], version);
  return rows.find((r) => r.level === 'prefecture' && r.fiscal_year === 2022)?.implementing;
}

describe('DuckDB warehouse sync', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await tempDataDir();
    await writeCuratedParquet(dataDir, {
      implementation: implementation({ [HOKUEI]: 'considering', [YONAGO]: 'implementing' }),
    });
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sees a re-uploaded partition once the data version changes, and keeps it in the file for the next process', async () => {
    const engine = new DuckDbEngine({ dataDir });
    expect(await implementing(engine, 'v1')).toBe(1);
    await writeCuratedParquet(dataDir, { implementation: implementation({ [HOKUEI]: 'implementing' }) });
    // The data version is what says data changed: the same version keeps answering from the synced tables.
    expect(await implementing(engine, 'v1')).toBe(1);
    expect(await implementing(engine, 'v2')).toBe(2);
    await engine.close();

    // A fresh engine (a new process) on the same version answers from the warehouse file without listing.
    const next = new DuckDbEngine({ dataDir });
    expect(await next.sync(['implementation'], 'v2')).toEqual([
      { checked: false, mode: 'none', reloadedPartitions: 0 },
    ]);
    expect(await implementing(next, 'v2')).toBe(2);
    await next.close();
    expect((await stat(warehousePath(dataDir))).size).toBeGreaterThan(0);
  });

  it('reloads only the changed partition, and drops the rows of a deleted one', async () => {
    const engine = new DuckDbEngine({ dataDir });
    expect(await implementing(engine, 'v1')).toBe(1);
    await writeCuratedParquet(dataDir, { implementation: implementation({ [HOKUEI]: 'implementing' }) });
    expect(await engine.sync(['implementation'], 'v2')).toEqual([
      { checked: true, mode: 'partial', reloadedPartitions: 1 },
    ]);
    expect(await implementing(engine, 'v2')).toBe(2);

    await rm(path.join(dataDir, 'curated', 'implementation', `municipality_code=${YONAGO}`), {
      recursive: true,
    });
    expect(await implementing(engine, 'v3')).toBe(1);
    const rows = await engine.run('implementation', [2022, 2022], 'v3');
    expect(
      rows.filter((r) => r.level === 'municipality' && r.municipality_code === YONAGO && r.status),
    ).toEqual([]);
    await engine.close();
  });

  it('rebuilds a corrupt warehouse file instead of trusting it', async () => {
    const file = warehousePath(dataDir);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'this is not a DuckDB database'.repeat(200));
    const engine = new DuckDbEngine({ dataDir });
    expect(await implementing(engine, 'v1')).toBe(1);
    await engine.close();
  });

  it('rebuilds a warehouse file built for other columns, even when it claims the current data version', async () => {
    const file = warehousePath(dataDir);
    await mkdir(path.dirname(file), { recursive: true });
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE _warehouse_meta (name VARCHAR PRIMARY KEY, value VARCHAR)`);
    await connection.run(
      `INSERT INTO _warehouse_meta VALUES ('fingerprint', 'old-layout'), ('version:implementation', 'v1')`,
    );
    await connection.run(`CREATE TABLE implementation AS SELECT 'x' AS municipality_code`);
    connection.closeSync();
    instance.closeSync();

    const engine = new DuckDbEngine({ dataDir });
    expect(await implementing(engine, 'v1')).toBe(1);
    await engine.close();
  });

  it('answers from a private copy while another process holds the warehouse file', async () => {
    const file = warehousePath(dataDir);
    await mkdir(path.dirname(file), { recursive: true });
    // Another process (e.g. npm start) has the warehouse open: DuckDB locks the file.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(file)}).then(() => { console.log('ready'); setInterval(() => {}, 1000); })`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
      });
      const engine = new DuckDbEngine({ dataDir });
      expect(await implementing(engine, 'v1')).toBe(1);
      await engine.close();
    } finally {
      holder.kill();
    }
  });
});
