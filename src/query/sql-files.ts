import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqlDirSetting } from '../config';

/**
 * Where the .sql files live. Bundled deployments (Lambda) copy sql/ beside
 * the bundle and point SQL_DIR at it; from source it is the repository's sql/.
 */
export function sqlDir(): string {
  const configured = sqlDirSetting();
  if (configured) return path.resolve(configured);
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sql');
}

/** Shared views, in dependency order (a view may use the ones before it). */
export const VIEW_NAMES = [
  'population_by_fy',
  'latest_population',
  'case_counts',
  'case_issue_counts',
  'town_fy',
] as const;

/**
 * Queries that are not indicators of their own but parts of one, run by the
 * service: 相談件数推移 over a month window (consultation_window).
 */
export const PART_QUERIES = ['consultation_window'] as const;

const cache = new Map<string, string>();

function load(relative: string): string {
  const file = path.join(sqlDir(), relative);
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text;
}

/** The text of sql/{name}.sql (an indicator query). */
export const querySql = (name: string): string => {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`invalid query name: ${name}`);
  return load(`${name}.sql`);
};

/** The text of sql/views/{name}.sql (a shared view, one SELECT). */
export const viewSql = (name: string): string => load(path.join('views', `${name}.sql`));
