import type { Viewer } from '../access/viewer';
import type { Config } from '../config';
import { notAfterToday, todayInJapan } from '../normalise/japan-time';
import { rowCells } from '../publication/cells';
import { type Summary, summaryOf, type TownCoverage, townCoverage } from '../publication/coverage';
import {
  readPublishedGrid,
  readPublishedPatterns,
  writePublishedGrid,
  writePublishedPatterns,
} from '../publication/grid-store';
import { windowEnd, windowRows, yearEarlier } from '../publication/month-window';
import { isGridIndicator, PublishedGrid } from '../publication/published-grid';
import type { StoredPatterns } from '../publication/stored-patterns';
import { suppressionNote } from '../publication/suppression-note';
import { viewOf } from '../publication/views';
import { ResultCache } from '../query/cache';
import type { QueryEngine } from '../query/engine';
import { QueryInputError } from '../query/errors';
import { type MonthWindow, monthText, type ResolvedFilters, resolveFilters } from '../query/filters';
import { type ReferenceData, TOTTORI_REFERENCE } from '../query/reference';
import { PART_QUERIES } from '../query/sql-files';
import {
  AREA_LEVELS,
  type AreaLevel,
  type IndicatorFilters,
  type IndicatorId,
  type IndicatorMeta,
  type IndicatorResponse,
  isIndicatorId,
  type Row,
} from '../query/types';
import { EMPTY_DATA_VERSION, readDataVersion } from '../storage/data-version';
import type { ObjectStore } from '../storage/object-store';
import type { Stores } from '../storage/stores';

export { QueryInputError } from '../query/errors';
export type { IndicatorFilters, IndicatorId, IndicatorResponse } from '../query/types';

const SOURCES: Record<IndicatorId, string[]> = {
  consultations: ['cases', 'activities', 'population'],
  issues: ['cases'],
  visits: ['visits'],
  implementation: ['implementation', 'population'],
  benchmark: ['cases', 'activities', 'implementation', 'population'],
  outcomes: ['cases', 'activities'],
};

const POPULATION_NOTE =
  '人口1万人あたりの率は、各年度の4月1日以前で最も新しい基準日の人口（県が登録した人口データ）で割っています。登録がない市町村は同梱の参考人口を使い、それが概数のときは表の「人口は概数」の列で示します。';

const NOTHING_HIDDEN: ReadonlySet<string> = new Set();

export interface PublishOptions {
  /**
   * Also prove every class's 秘匿 pattern and store them beside the grid
   * (the publish function on AWS; locally each class is proven on its first request).
   */
  provePatterns?: boolean;
  /** Stop starting new proofs after this long (the function's own time limit). */
  budgetMs?: number;
  /** The classes to prove (null: the 推進チーム); by default the team and every town. */
  classes?: readonly (string | null)[];
}

/**
 * The levels an entitled view at one level is built from, where that view
 * only selects rows: 課題と特性 reads the level alone (nationally its
 * prefecture rows are a few hundred of a million); 相談件数推移 its year
 * rows — a pooled row's coverage is read from its towns' — never its
 * months (209k of its 226k rows nationally).
 */
const READ_FOR_LEVEL: Partial<Record<IndicatorId, (level: AreaLevel) => readonly string[]>> = {
  issues: (level) => [level],
  consultations: () => AREA_LEVELS,
};

/** The rows of one area level, or every row. */
const atLevel = (rows: Row[], level: AreaLevel | null): Row[] =>
  level === null ? rows : rows.filter((r) => r.level === level);

/** Meta of /api/summary and /api/coverage. */
export interface SummaryMeta {
  data_version: string;
  as_of: string | null;
  /** The date in Japan the headline year and partial flags were decided on. */
  today: string;
  suppression: IndicatorMeta['suppression'];
}

/** The town whose figures a viewer sees exactly (none for the 推進チーム). */
const ownTown = (viewer: Viewer): string | null =>
  viewer.role === 'municipality' ? (viewer.municipalityCode ?? null) : null;

/** What these rows show as 秘匿: distinct grid cells, and the towns whose own figures they are. */
function hiddenIn(id: IndicatorId, rows: readonly Row[]): { cells: number; towns: number; totals: number } {
  const cells = new Set<string>();
  const towns = new Set<string>();
  const totals = new Set<string>();
  for (const row of rows) {
    const suppressed = row.suppressed;
    if (!Array.isArray(suppressed) || suppressed.length === 0) continue;
    const town = row.level === 'municipality' || row.level === 'month' || row.level === 'history';
    for (const [field, cell] of rowCells(id, row)) {
      if (!suppressed.includes(field)) continue;
      cells.add(cell);
      if (town) towns.add(String(row.municipality_code));
      else totals.add(cell);
    }
  }
  return { cells: cells.size, towns: towns.size, totals: totals.size };
}

/** Viewers who may see exactly the same figures share one shaped result. */
function entitlementClass(viewer: Viewer): string {
  if (viewer.role === 'prefecture') return 'exact';
  if (viewer.role === 'municipality') return `town:${viewer.municipalityCode ?? ''}`;
  return 'suppressed';
}

interface Shaped {
  rows: Row[];
  applied: boolean;
  suppressedCells: number;
  /** Towns with a 秘匿 figure of their own, and 秘匿 totals (regions, peers …): what the note counts. */
  suppressedTowns: number;
  suppressedTotals: number;
  /** Newest date of the whole table, kept so a cached answer needs no pass over its rows. */
  asOf: string | null;
}

export interface IndicatorServiceOptions {
  engine: QueryEngine;
  dataVersion: () => Promise<string>;
  suppressionK: number;
  reference?: ReferenceData;
  cache?: ResultCache;
  /** Now, for データ時点 (never after today); tests pin it. */
  clock?: () => Date;
  /**
   * Where published grids are kept (grid-store.ts): read before building one,
   * and written after building one when `write` (the local server, the
   * publish function; not the dashboard on AWS, which only reads them).
   */
  publishedGrids?: { store: ObjectStore; write: boolean };
  /** Where a problem that did not stop the request is reported (a JSON line by default). */
  warn?: (event: Record<string, unknown>) => void;
}

/** The SQL parameters of each query file, in the order its `?` appear. */
function queryParams(id: IndicatorId, f: ResolvedFilters): number[] {
  // 前年度比 needs the year before the range; those rows are dropped afterwards.
  if (id === 'consultations') return [Math.max(f.from - 1, 0), f.to, f.from, f.to];
  return [f.from, f.to];
}

function newestDate(rows: readonly Row[]): string | null {
  let newest: string | null = null;
  // FY ends are compared as the same strings, built once per distinct FY rather than per row.
  const years = new Set<number>();
  let lastYear: number | undefined;
  for (const row of rows) {
    if (typeof row.month === 'string') {
      if (newest === null || row.month > newest) newest = row.month;
    } else if (typeof row.as_of === 'string') {
      if (newest === null || row.as_of > newest) newest = row.as_of;
    } else if (typeof row.fiscal_year === 'number' && row.level !== 'month' && row.fiscal_year !== lastYear) {
      lastYear = row.fiscal_year;
      years.add(lastYear);
    }
  }
  for (const fy of years) {
    const end = `${fy + 1}-03-31`;
    if (newest === null || end > newest) newest = end;
  }
  return newest;
}

/** Rows one municipality's view needs: its own, its region's, the prefecture's (and its peers' for benchmark). */
function scopeTo(id: IndicatorId, rows: Row[], code: string, reference: ReferenceData): Row[] {
  const region = reference.municipalities.find((m) => m.code === code)?.region ?? null;
  const peers = new Set<string>([code]);
  if (id === 'benchmark') {
    for (const row of rows) {
      if (row.municipality_code !== code) continue;
      for (const p of [row.peer1_code, row.peer2_code, row.peer3_code])
        if (typeof p === 'string') peers.add(p);
    }
  }
  return rows.filter((row) => {
    if (row.level === 'region') return region !== null && row.region === region;
    if (row.level === 'prefecture' || row.level === 'cohort') return true;
    return typeof row.municipality_code === 'string' && peers.has(row.municipality_code);
  });
}

/**
 * What the dashboard calls. Runs an indicator's SQL on the configured engine
 * (cached per data version), applies suppression for the viewer, and shapes
 * the response.
 *
 * @example await service.get('consultations', { municipality: '313726', fiscalYear: 2022 }, viewer)
 */
export class IndicatorService {
  readonly engine: QueryEngine;
  private readonly dataVersion: () => Promise<string>;
  private readonly k: number;
  private readonly reference: ReferenceData;
  private readonly cache: ResultCache;
  /** Suppressed and labelled rows per (query, data version, entitlement class); never shared across classes. */
  private readonly shaped = new ResultCache<Shaped>(512);
  /** The published grid of the newest data versions asked for (building or built). */
  private readonly grids = new Map<string, Promise<PublishedGrid>>();
  /** The grid built last: the next one may take over a town's pattern from it. */
  private latest: PublishedGrid | undefined;
  private readonly built = new Set<string>();

  constructor(opts: IndicatorServiceOptions) {
    if (!Number.isInteger(opts.suppressionK) || opts.suppressionK < 1) {
      throw new Error(`suppressionK must be a positive integer, got ${opts.suppressionK}`);
    }
    this.engine = opts.engine;
    this.dataVersion = opts.dataVersion;
    this.k = opts.suppressionK;
    this.reference = opts.reference ?? TOTTORI_REFERENCE;
    this.cache = opts.cache ?? new ResultCache();
    this.clock = opts.clock ?? (() => new Date());
    this.published = opts.publishedGrids;
    this.warn = opts.warn ?? ((event) => console.warn(JSON.stringify({ level: 'warn', ...event })));
  }

  private readonly clock: () => Date;
  private readonly published: IndicatorServiceOptions['publishedGrids'];
  private readonly warn: (event: Record<string, unknown>) => void;

  /**
   * The published grid of a data version, built once; `fresh` when this
   * call built it. Two versions are kept, so requests still answering from
   * the previous one finish while the next is built.
   */
  async grid(version: string): Promise<{ grid: PublishedGrid; fresh: boolean }> {
    let running = this.grids.get(version);
    // Fresh for every caller that waited on the build, not only the one that started it.
    const fresh = !this.built.has(version);
    if (!running) {
      running = this.loadOrBuild(version).then((grid) => {
        this.built.add(version);
        this.latest = grid;
        return grid;
      });
      this.grids.set(version, running);
      running.catch(() => this.grids.delete(version));
      while (this.grids.size > 2) {
        const oldest = this.grids.keys().next().value as string;
        this.grids.delete(oldest);
        this.built.delete(oldest);
      }
    }
    return { grid: await running, fresh };
  }

  /**
   * The stored grid of a version when there is one (published after ingest),
   * else built from the queries — and stored, where this service writes them.
   * A stored grid that cannot be read is built again, not served.
   */
  private async loadOrBuild(version: string): Promise<PublishedGrid> {
    const published = this.published;
    if (!published) return PublishedGrid.build(this.engine, version, this.k, { previous: this.latest });
    // A class's first request looks for the pattern the publisher proved; none, and it is proven here.
    // Once found, the object is kept: the other classes' first requests need no GET and parse of it.
    let found: StoredPatterns | undefined;
    const sources = {
      previous: this.latest,
      storedPatterns: async () => {
        found ??= await readPublishedPatterns(published.store, version).catch((error) => {
          this.warn({ event: 'published_patterns_unreadable', version, error: String(error) });
          return undefined;
        });
        return found;
      },
    };
    try {
      const bytes = await readPublishedGrid(published.store, version);
      const grid = bytes && PublishedGrid.fromSnapshot(bytes, version, this.k, sources);
      if (grid) return grid;
    } catch (error) {
      this.warn({ event: 'published_grid_unreadable', version, error: String(error) });
    }
    const grid = await PublishedGrid.build(this.engine, version, this.k, sources);
    if (published.write) {
      try {
        await writePublishedGrid(published.store, version, grid.snapshot());
      } catch (error) {
        // The grid in memory is sound; other instances build their own until the next publish.
        this.warn({ event: 'published_grid_not_stored', version, error: String(error) });
      }
    }
    return grid;
  }

  /**
   * What runs after an accepted upload: the grid of the current data version,
   * built and stored now so that no page waits for it. Returns the version,
   * or null when nothing was ever published.
   */
  async publish(options: PublishOptions = {}): Promise<string | null> {
    const version = await this.dataVersion();
    if (version === EMPTY_DATA_VERSION) return null;
    const { grid } = await this.grid(version);
    const published = this.published;
    if (options.provePatterns && published?.write) {
      // The 推進チーム's first, then each town's, until the budget is spent; the rest are proven where asked.
      const started = Date.now();
      const classes = options.classes ?? [null, ...this.reference.municipalities.map((m) => m.code)];
      for (const ownTown of classes) {
        if (Date.now() - started > (options.budgetMs ?? Number.POSITIVE_INFINITY)) break;
        await grid.protection(ownTown);
      }
      await writePublishedPatterns(published.store, grid.patternsToStore());
    }
    return version;
  }

  /** publish() without waiting: a failure is reported, and the next request builds the grid itself. */
  publishInBackground(): void {
    this.publish().catch((error) => this.warn({ event: 'publish_failed', error: String(error) }));
  }

  /**
   * The indicator for this viewer. `data` and its rows are shared with later
   * callers of the same class and frozen: copy before changing anything.
   */
  async get(id: IndicatorId, filters: IndicatorFilters, viewer: Viewer): Promise<IndicatorResponse> {
    if (!isIndicatorId(id))
      throw new QueryInputError(`指標「${String(id)}」はありません。`, 'unknown_indicator');
    const resolved = resolveFilters(filters, this.reference);
    if (resolved.months && id !== 'consultations')
      throw new QueryInputError(
        '月の範囲（from_month・to_month）は相談件数推移（consultations）だけで指定できます。',
        'month_window_unsupported',
      );
    const version = await this.dataVersion();
    const params = queryParams(id, resolved);
    // What a figure covers (partial years) is decided on the day in Japan it is read.
    const today = todayInJapan(this.clock());
    const window = resolved.months ? `|${resolved.months.first}-${resolved.months.last}` : '';
    const level = resolved.level === null ? '' : `|level=${resolved.level}`;
    const shapedKey = `${ResultCache.key(id, params, version)}${window}${level}|${today}|${entitlementClass(viewer)}`;
    let cached = true;
    const { rows: shaped } = await this.shaped.getOrCompute(shapedKey, async () => {
      if (resolved.months) {
        const result = await this.windowView(resolved.months, version, viewer, today, resolved.level);
        cached = result.cached;
        return result.shaped;
      }
      if (!isGridIndicator(id)) {
        // 実施状況 is public information about municipalities: nothing to hide. The
        // grid keeps it over every FY (its rows depend on the range only through it).
        const { grid, fresh } = await this.grid(version);
        cached = !fresh;
        const rows = atLevel(
          grid.tables[id].filter(
            (r) =>
              typeof r.fiscal_year === 'number' &&
              r.fiscal_year >= resolved.from &&
              r.fiscal_year <= resolved.to,
          ),
          resolved.level,
        );
        return {
          rows,
          applied: false,
          suppressedCells: 0,
          suppressedTowns: 0,
          suppressedTotals: 0,
          asOf: newestDate(rows),
        };
      }
      const { grid, fresh } = await this.grid(version);
      cached = !fresh;
      const entitled = viewer.role === 'prefecture';
      const protection = entitled ? undefined : await grid.protection(ownTown(viewer));
      const hidden = protection?.hidden ?? NOTHING_HIDDEN;
      // An entitled view at one level is built from the rows it needs alone (see
      // READ_FOR_LEVEL); else the class's view is sliced after it is built.
      const read = entitled && resolved.level !== null ? READ_FOR_LEVEL[id]?.(resolved.level) : undefined;
      const rows = atLevel(
        viewOf(
          id,
          read ? grid.rowsAt(id, read) : entitled ? grid.tables[id] : grid.complete[id],
          hidden,
          resolved,
          today,
        ),
        resolved.level,
      );
      const shown = hiddenIn(id, rows);
      return {
        rows,
        applied: !entitled,
        suppressedCells: shown.cells,
        suppressedTowns: shown.towns,
        suppressedTotals: shown.totals,
        asOf: newestDate(rows),
      };
    });
    const rows =
      resolved.municipality === null
        ? shaped.rows
        : scopeTo(id, shaped.rows, resolved.municipality, this.reference);
    const result = shaped;

    return {
      data: rows,
      meta: {
        indicator: id,
        data_version: version,
        as_of: notAfterToday(
          resolved.months ? shaped.asOf : resolved.municipality === null ? shaped.asOf : newestDate(rows),
          this.clock(),
        ),
        suppression: {
          k: this.k,
          applied: result.applied,
          suppressed_cells: result.suppressedCells,
          note: suppressionNote(this.k, result.applied, {
            towns: result.suppressedTowns,
            totals: result.suppressedTotals,
          }),
        },
        sources: { datasets: SOURCES[id], population: POPULATION_NOTE },
        filters: {
          municipality: resolved.municipality,
          from: resolved.explicitFrom ? resolved.from : null,
          to: resolved.explicitTo ? resolved.to : null,
          ...(resolved.months
            ? { from_month: monthText(resolved.months.first), to_month: monthText(resolved.months.last) }
            : {}),
          ...(resolved.level === null ? {} : { level: resolved.level }),
        },
        engine: this.engine.name,
        cached,
      },
    };
  }

  /**
   * 相談件数推移 over a month window for a class (publication/month-window.ts):
   * the window and the same months a year earlier from consultation_window,
   * names and population from the grid's year rows, months from the class's view.
   */
  private async windowView(
    months: MonthWindow,
    version: string,
    viewer: Viewer,
    today: string,
    level: AreaLevel | null,
  ): Promise<{ shaped: Shaped; cached: boolean }> {
    const { grid, fresh } = await this.grid(version);
    const run = (w: MonthWindow) => {
      const params = [w.fiscalYear, w.first, w.last];
      const [query] = PART_QUERIES;
      return this.cache.getOrCompute(ResultCache.key(query, params, version), () =>
        this.engine.run(query, params, version),
      );
    };
    const [now, before] = await Promise.all([run(months), run(yearEarlier(months))]);
    const entitled = viewer.role === 'prefecture';
    const own = ownTown(viewer);
    const hidden = entitled ? NOTHING_HIDDEN : (await grid.protection(own)).hidden;
    const fy = { from: months.fiscalYear, to: months.fiscalYear };
    const classRows = viewOf(
      'consultations',
      entitled ? grid.tables.consultations : grid.complete.consultations,
      hidden,
      fy,
      today,
    );
    const rows = atLevel(
      windowRows({
        window: months,
        now: now.rows as Row[],
        before: before.rows as Row[],
        year: grid.tables.consultations.filter(
          (r) => r.fiscal_year === months.fiscalYear && r.level !== 'month',
        ),
        months: classRows.filter((r) => r.level === 'month'),
        entitledTo: (town) => entitled || town === own,
        today,
      }),
      level,
    );
    const shown = hiddenIn('consultations', rows);
    const end = windowEnd(months);
    const newest = newestDate(rows.filter((r) => r.level === 'month'));
    return {
      cached: !fresh && now.cached && before.cached,
      shaped: {
        rows,
        applied: !entitled,
        suppressedCells: shown.cells,
        suppressedTowns: shown.towns,
        suppressedTotals: shown.totals,
        asOf: newest !== null && newest < end ? newest : end,
      },
    };
  }

  /**
   * What the 県全体 cards show (publication/coverage.ts), from this viewer's
   * published figures over every year: the headline year, its coverage,
   * and each count beside the year before, plainly and 同一市町村ベース.
   */
  async summary(viewer: Viewer): Promise<{ data: Summary; meta: SummaryMeta }> {
    const [consultations, implementation] = await Promise.all([
      this.cardRows(viewer),
      this.get('implementation', {}, viewer),
    ]);
    const today = todayInJapan(this.clock());
    return {
      data: summaryOf(consultations.data, implementation.data, today),
      meta: this.coverageMeta(consultations.meta, today),
    };
  }

  /**
   * The 相談件数推移 rows the cards read: the prefecture's and each town's
   * year rows. An entitled viewer's are read as those two levels alone, so
   * the 県全体 page's first load never builds the month rows (nationally
   * 209k); the meta the summary takes from them is the whole answer's
   * (nothing hidden; the same データ時点, as a year row's end is never
   * before its months). Another class's view is built whole anyway, for
   * its 秘匿 pattern.
   */
  private async cardRows(viewer: Viewer): Promise<{ data: Row[]; meta: IndicatorMeta }> {
    if (viewer.role !== 'prefecture') return this.get('consultations', {}, viewer);
    const [prefecture, towns] = await Promise.all([
      this.get('consultations', { level: 'prefecture' }, viewer),
      this.get('consultations', { level: 'municipality' }, viewer),
    ]);
    return { data: [...prefecture.data, ...towns.data], meta: towns.meta };
  }

  /** Coverage of every town × fiscal year: months reported, partial, expected, reported. */
  async coverage(viewer: Viewer): Promise<{ data: TownCoverage[]; meta: SummaryMeta }> {
    const [consultations, implementation, visits] = await Promise.all([
      this.get('consultations', {}, viewer),
      this.get('implementation', {}, viewer),
      this.get('visits', {}, viewer),
    ]);
    const today = todayInJapan(this.clock());
    return {
      data: townCoverage(consultations.data, implementation.data, today, visits.data),
      meta: this.coverageMeta(consultations.meta, today),
    };
  }

  private coverageMeta(meta: IndicatorMeta, today: string): SummaryMeta {
    return {
      data_version: meta.data_version,
      as_of: meta.as_of,
      today,
      suppression: meta.suppression,
    };
  }

  async close(): Promise<void> {
    // A grid still being built (publishInBackground) finishes before its engine closes.
    await Promise.allSettled(this.grids.values());
    await this.engine.close();
  }
}

/** The service for a deployment over the engine it runs on (see create-engine.ts / athenaEngineFromConfig). */
export function createIndicatorService(
  engine: QueryEngine,
  config: Config,
  stores: Stores,
  clock?: () => Date,
  /** Whether this service stores the grids it builds: locally yes; on AWS only the publish function. */
  writesGrids = !config.curatedBucket,
): IndicatorService {
  return new IndicatorService({
    engine,
    dataVersion: () => readDataVersion(stores),
    suppressionK: config.suppressionK,
    publishedGrids: { store: stores.curated, write: writesGrids },
    ...(clock ? { clock } : {}),
  });
}
