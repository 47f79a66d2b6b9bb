import { generateCases } from './cases';
import { planAll } from './plan';
import { implementationRows, populationRows } from './prefecture';
import { type DemoFile, renderSheet } from './render';
import { activitiesSheet, casesSheet, implementationSheet, populationSheet, visitsSheet } from './sheets';
import { generateVisits } from './visits';

export const DEFAULT_DEMO_SEED = 20240314;

/**
 * Every synthetic extract of the demo, in delivery order: cases and monthly
 * tallies of each implementing town and FY, 世帯訪問調査 snapshots, and the
 * prefecture's 実施状況 and 人口 files. Same seed → byte-identical files.
 *
 * @example generateDemoExtracts().length // ≈ 70 files
 */
export function generateDemoExtracts(seed: number = DEFAULT_DEMO_SEED): DemoFile[] {
  const sheets = [];
  for (const plans of planAll(seed).values()) {
    for (const year of generateCases(seed, plans))
      sheets.push(casesSheet(seed, year), activitiesSheet(seed, year));
  }
  for (const snapshot of generateVisits(seed)) sheets.push(visitsSheet(seed, snapshot));
  sheets.push(
    implementationSheet(seed, implementationRows(seed)),
    populationSheet(seed, populationRows(seed)),
  );
  return sheets
    .map(renderSheet)
    .sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt) || a.fileName.localeCompare(b.fileName));
}
