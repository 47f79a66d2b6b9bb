/**
 * Seeded synthetic extracts for all 19 municipalities (FY2021–FY2025), and
 * loading them through the real ingest. See README.md for the assumptions.
 */
export {
  DEMO_COMPLETE_MARKER,
  DEMO_EXTRACTS_DIR,
  demoUploader,
  type EnsureDemoOptions,
  ensureDemoData,
  writeDemoExtracts,
} from './ensure';
export { DEFAULT_DEMO_SEED, generateDemoExtracts } from './generate';
export type { DemoFile } from './render';
export { HOKUEI_CODE, SEED_FIGURES, YONAGO_CODE } from './seed-figures';
export { DEMO_FISCAL_YEARS, isImplementing, type StatusCode, statusOf } from './timeline';
