import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../dashboard/services/csv-export';
import type { Viewer } from '../../src/access/viewer';
import { DuckDbEngine } from '../../src/query/duckdb-engine';
import { DERIVED_FIELDS } from '../../src/query/entitled-view';
import { fieldLabel, INDICATOR_FIELDS } from '../../src/query/fields';
import { INDICATOR_IDS, type IndicatorId } from '../../src/query/types';
import { IndicatorService } from '../../src/service/indicator-service';
import { demoDataDir } from './demo-data';

// One indicator's columns are named in four places: the SQL file's `Output:`
// header, the columns DuckDB really returns, INDICATOR_FIELDS (with their
// labels) and the CSV export's header. Any of them moving alone fails here.

/** The `Output:` header's names: comma-separated, parenthesised notes ignored. */
function outputHeader(id: IndicatorId): string[] {
  const lines = readFileSync(path.join('sql', `${id}.sql`), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('-- Output:'));
  expect(start, `sql/${id}.sql has an Output: header`).toBeGreaterThanOrEqual(0);
  const text = [(lines[start] ?? '').slice('-- Output:'.length)];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('--   ')) break;
    text.push(line.slice(2));
  }
  const names = text
    .join(' ')
    .replace(/\([^)]*\)/g, '')
    .split(',')
    .map((n) => n.trim().replace(/\.$/, '').trim());
  for (const n of names) expect(n, `sql/${id}.sql Output: lists bare column names`).toMatch(/^[a-z0-9_]+$/);
  return names;
}

const params = (id: IndicatorId) => (id === 'consultations' ? [1999, 2100, 2000, 2100] : [2000, 2100]);
const viewers: Viewer[] = [
  { role: 'prefecture', login: 'columns' },
  { role: 'promotion_team', login: 'columns' },
  { role: 'municipality', login: 'columns', municipalityCode: '313726' },
];

let dataDir: string;
let engine: DuckDbEngine;
let service: IndicatorService;

beforeAll(async () => {
  dataDir = await demoDataDir();
  engine = new DuckDbEngine({ dataDir, warehouse: 'memory' });
  service = new IndicatorService({ engine, dataVersion: async () => 'columns', suppressionK: 3 });
}, 180_000);

afterAll(async () => {
  await service?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.each(INDICATOR_IDS)('%s columns', (id) => {
  it("the SQL header lists exactly DuckDB's result columns, in order", async () => {
    const rows = await engine.run(id, params(id), 'columns');
    expect(rows.length).toBeGreaterThan(0);
    expect(outputHeader(id)).toEqual(Object.keys(rows[0] ?? {}));
  });

  it('INDICATOR_FIELDS is the SQL columns plus the fields the service adds', () => {
    const fromSql = INDICATOR_FIELDS[id].filter((f) => !DERIVED_FIELDS.includes(f));
    expect([...fromSql].sort()).toEqual([...outputHeader(id)].sort());
  });

  it('every viewer gets exactly the INDICATOR_FIELDS, and the CSV header is their labels', async () => {
    for (const viewer of viewers) {
      const { data } = await service.get(id, {}, viewer);
      const keys = new Set(data.flatMap((r) => Object.keys(r)));
      expect([...keys].sort(), viewer.role).toEqual([...INDICATOR_FIELDS[id]].sort());
      const header = toCsv(data, INDICATOR_FIELDS[id]).slice(1).split('\r\n')[0];
      expect(header).toBe(INDICATOR_FIELDS[id].map(fieldLabel).join(','));
    }
  });
});
