/**
 * Disclosure audit of the demo data (`npm run bench:disclosure`; not a
 * test): for the 推進チーム and every town's staff, collects every response
 * of the four count indicators for every from/to window over the data's
 * fiscal years, and reports what the independent LP auditor
 * (test/publication/auditor.ts) can narrow, and the information lost:
 * cells hidden and the share of the total count they hold.
 * Last line: one JSON object.
 */
import { rm } from 'node:fs/promises';
import type { Viewer } from '../src/access/viewer';
import { DuckDbEngine } from '../src/query/duckdb-engine';
import { TOTTORI_REFERENCE } from '../src/query/reference';
import type { IndicatorId } from '../src/query/types';
import { IndicatorService } from '../src/service/indicator-service';
import { DisclosureAuditor } from '../test/publication/auditor';
import { demoDataDir } from '../test/query/demo-data';

const IDS: IndicatorId[] = ['consultations', 'issues', 'visits', 'benchmark'];
const YEARS = [2021, 2022, 2023, 2024, 2025];
const k = 3;

async function collect(service: IndicatorService, viewer: Viewer): Promise<DisclosureAuditor> {
  const auditor = new DisclosureAuditor();
  for (const id of IDS) {
    auditor.add(id, (await service.get(id, {}, viewer)).data);
    for (const from of YEARS)
      for (const to of YEARS.filter((y) => y >= from))
        auditor.add(id, (await service.get(id, { from, to }, viewer)).data);
  }
  return auditor;
}

const dataDir = await demoDataDir();
const service = new IndicatorService({
  engine: new DuckDbEngine({ dataDir }),
  dataVersion: async () => 'audit',
  suppressionK: k,
});
const truth = (await collect(service, { role: 'prefecture', login: 'audit' })).keys().known;
const total = [...truth].filter(([key]) => key.startsWith('C|municipality|')).reduce((s, [, v]) => s + v, 0);
const viewers: Viewer[] = [
  { role: 'promotion_team', login: 'team' },
  ...TOTTORI_REFERENCE.municipalities.map(
    (m): Viewer => ({ role: 'municipality', municipalityCode: m.code, login: m.code }),
  ),
];
const results: Record<
  string,
  { hidden: number; hidden_share: number; narrowed: number; contradictions: number }
> = {};
for (const viewer of viewers) {
  const started = performance.now();
  const auditor = await collect(service, viewer);
  const { hidden } = auditor.keys();
  const hiddenTown = [...hidden].filter((key) => key.startsWith('C|municipality|'));
  const held = hiddenTown.reduce((s, key) => s + (truth.get(key) ?? 0), 0);
  const narrowed = await auditor.narrowed(truth, k);
  results[viewer.login] = {
    hidden: hidden.size,
    hidden_share: Math.round((held / total) * 10000) / 10000,
    narrowed: narrowed.length,
    contradictions: auditor.contradictions.length,
  };
  console.log(
    `${viewer.login.padEnd(8)} hidden ${String(hidden.size).padStart(5)}  town counts hidden hold ${((100 * held) / total).toFixed(2)}% of the total  narrowed below k: ${narrowed.length}  LP group ≤ ${auditor.largestGroup} (${Math.round(performance.now() - started)} ms)`,
  );
  if (narrowed.length)
    console.log(
      '   e.g.',
      narrowed
        .slice(0, 3)
        .map((n) => `${n.key}=${n.value} in [${n.lo.toFixed(2)}, ${n.hi.toFixed(2)}]`)
        .join('; '),
    );
}
await service.close();
await rm(dataDir, { recursive: true, force: true });
const all = Object.values(results);
console.log(
  JSON.stringify({
    viewers: all.length,
    narrowed_total: all.reduce((s, r) => s + r.narrowed, 0),
    max_hidden_share: Math.max(...all.map((r) => r.hidden_share)),
    per_viewer: results,
  }),
);
