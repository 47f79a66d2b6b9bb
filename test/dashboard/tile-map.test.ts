import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUS_COLOURS } from '../../dashboard/client/chart-spec';
import { TILE_COLUMNS, TILE_POSITIONS, TILE_ROWS } from '../../dashboard/pages/tile-map';
import { MUNICIPALITIES, REGIONS } from '../../src/datasets/municipalities';

describe('the tile map of the 19 towns', () => {
  it('has one tile for every town of src/datasets/municipalities.ts and no other', () => {
    expect(Object.keys(TILE_POSITIONS).sort()).toEqual(MUNICIPALITIES.map((m) => m.code).sort());
  });

  it('puts no two towns on one square, and every tile inside the grid', () => {
    const squares = Object.values(TILE_POSITIONS).map((p) => `${p.column},${p.row}`);
    expect(new Set(squares).size).toBe(squares.length);
    for (const p of Object.values(TILE_POSITIONS)) {
      expect(p.column).toBeGreaterThanOrEqual(0);
      expect(p.column).toBeLessThan(TILE_COLUMNS);
      expect(p.row).toBeGreaterThanOrEqual(0);
      expect(p.row).toBeLessThan(TILE_ROWS);
    }
  });

  it('runs west to east: every 西部 town left of every 中部 town, every 中部 left of every 東部', () => {
    // REGIONS is 東部, 中部, 西部; on the map they read right to left.
    const columns = (region: string) =>
      MUNICIPALITIES.filter((m) => m.region === region).map((m) => TILE_POSITIONS[m.code]?.column ?? -1);
    const [east, middle, west] = REGIONS.map(columns) as [number[], number[], number[]];
    expect(Math.max(...west)).toBeLessThan(Math.min(...middle));
    expect(Math.max(...middle)).toBeLessThan(Math.min(...east));
  });

  it('keeps the coastal towns in their order along the coast', () => {
    const coast = ['境港市', '日吉津村', '大山町', '琴浦町', '北栄町', '湯梨浜町', '鳥取市', '岩美町'];
    const codes = coast.map((name) => MUNICIPALITIES.find((m) => m.name === name)?.code ?? name);
    expect(codes.map((c) => TILE_POSITIONS[c])).toEqual(codes.map((_, i) => ({ column: i, row: 0 })));
  });
});

describe('status colours', () => {
  it('are the same on the tile map (overview.css) as in the 実施市町村数 chart (STATUS_COLOURS)', async () => {
    const css = await readFile(path.join(import.meta.dirname, '../../dashboard/static/overview.css'), 'utf8');
    for (const [status, { fill }] of Object.entries(STATUS_COLOURS)) {
      const rule = new RegExp(`\\.status-${status}\\s*\\{[^}]*background:\\s*(#[0-9a-fA-F]{6})`).exec(css);
      expect(rule?.[1]?.toUpperCase(), status).toBe(fill.toUpperCase());
    }
  });
});
