import { CONSULTATION_COUNTS } from '../query/fields';
import { type MonthWindow, monthText } from '../query/filters';
import type { Row } from '../query/types';
import { yearOnYearRatio } from '../query/year-on-year';

/**
 * 相談件数推移 over a month window of one fiscal year (4〜9月 and the like),
 * with 前年同期比 against the same months a year earlier.
 *
 * A town's figures for part of a year are detail, like its monthly tallies:
 * shown to the town itself and the prefecture, withheld from everyone else
 * whatever their value. Region and prefecture window figures are sums of
 * the town figures the viewer sees, withheld when any town's is, so a window
 * never publishes an aggregate that the year's protection did not cover.
 */
export interface WindowInput {
  window: MonthWindow;
  /** consultation_window rows of the window (exact, one per town). */
  now: readonly Row[];
  /** The same months one year earlier. */
  before: readonly Row[];
  /** The entitled 相談件数推移 rows of the window's FY (names, regions, population; never shown as figures). */
  year: readonly Row[];
  /** The class's month rows (already shaped), all months of the FY. */
  months: readonly Row[];
  /** Whether the viewer may see this town's figures exactly. */
  entitledTo: (town: string) => boolean;
  today: string;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const round2 = (v: number) => Math.round(v * 100) / 100;
const rate = (count: number | null, population: number | null): number | null =>
  count !== null && population !== null && population > 0 ? round2((count * 10000) / population) : null;

/** Months in a window (202304–202309 → 6). */
export const windowLength = (w: MonthWindow): number =>
  (Math.floor(w.last / 100) - Math.floor(w.first / 100)) * 12 + (w.last % 100) - (w.first % 100) + 1;

/** The last day of a window's last month, YYYY-MM-DD. */
export function windowEnd(w: MonthWindow): string {
  const year = Math.floor(w.last / 100);
  const month = w.last % 100;
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${monthText(w.last)}-${String(day).padStart(2, '0')}`;
}

/** The same months one fiscal year earlier. */
export const yearEarlier = (w: MonthWindow): MonthWindow => ({
  fiscalYear: w.fiscalYear - 1,
  first: w.first - 100,
  last: w.last - 100,
});

const HIDDEN_FIELDS = [...CONSULTATION_COUNTS, ...CONSULTATION_COUNTS.map((f) => `${f}_per_10k`)];

/** A window row in the shape of a 相談件数推移 row (`template` gives names and key order). */
function shaped(template: Row, counts: Row | undefined, population: number | null): Row {
  const row: Row = { ...template, month: null, suppressed: [] };
  for (const f of CONSULTATION_COUNTS) row[f] = num(counts?.[f]);
  row.months_reported = num(counts?.months_reported);
  for (const f of CONSULTATION_COUNTS) row[`${f}_per_10k`] = rate(num(row[f]), population);
  return row;
}

/** The rows of a window for one class of viewer, ordered as the year query orders them. */
export function windowRows(input: WindowInput): Row[] {
  const { window: w, today } = input;
  const length = windowLength(w);
  const ended = windowEnd(w) < today;
  const nowBy = new Map(input.now.map((r) => [str(r.municipality_code), r]));
  const beforeBy = new Map(input.before.map((r) => [str(r.municipality_code), r]));
  const complete = (r: Row | undefined) => num(r?.months_reported) === length;

  const towns: Row[] = [];
  // Each town's comparable earlier window, for the pooled rows' same-town basis; never shown for a withheld town.
  const earlierOf = new Map<Row, Row>();
  for (const yearRow of input.year) {
    if (yearRow.level !== 'municipality') continue;
    const code = str(yearRow.municipality_code);
    const counts = nowBy.get(code);
    if (!counts) continue;
    const row = shaped(yearRow, counts, num(yearRow.population));
    // No cases at all that year: 実人数 is unknown, not 0.
    if (yearRow.persons === null)
      for (const f of ['persons', 'new_persons', 'continuing_persons']) {
        row[f] = null;
        row[`${f}_per_10k`] = null;
      }
    row.partial = !ended || !complete(counts);
    const earlier = beforeBy.get(code);
    const comparable = row.partial === false && complete(earlier);
    row.persons_yoy = comparable ? yearOnYearRatio(row.persons, earlier?.persons) : null;
    row.contacts_yoy = comparable ? yearOnYearRatio(row.contacts, earlier?.contacts) : null;
    row.persons_yoy_same_municipalities = null;
    row.contacts_yoy_same_municipalities = null;
    row.same_municipalities = null;
    if (!input.entitledTo(code)) {
      for (const f of HIDDEN_FIELDS) row[f] = null;
      row.persons_yoy = null;
      row.contacts_yoy = null;
      row.suppressed = [...HIDDEN_FIELDS];
    }
    towns.push(row);
    if (comparable && earlier) earlierOf.set(row, earlier);
  }

  const pooled: Row[] = [];
  for (const area of input.year) {
    if (area.level !== 'region' && area.level !== 'prefecture') continue;
    const members = towns.filter(
      (t) => area.level === 'prefecture' || (area.level === 'region' && t.region === area.region),
    );
    if (members.length === 0) continue;
    const withheld = members.some((t) => (t.suppressed as string[]).length > 0);
    const row: Row = { ...area, month: null, suppressed: [] };
    row.months_reported = null;
    row.municipalities_reporting = members.length;
    const sum = (field: string, of: readonly Row[]): number | null =>
      of.every((t) => typeof t[field] === 'number') ? of.reduce((s, t) => s + (t[field] as number), 0) : null;
    const populationOf = (of: readonly Row[]) =>
      of.every((t) => typeof t.population === 'number')
        ? of.reduce((s, t) => s + (t.population as number), 0)
        : null;
    for (const f of CONSULTATION_COUNTS) {
      const parts = members.filter((t) => t[f] !== null || (t.suppressed as string[]).includes(f));
      row[f] = withheld ? null : parts.length ? sum(f, parts) : null;
      row[`${f}_per_10k`] = withheld ? null : rate(num(row[f]), populationOf(parts));
    }
    row.partial = members.some((t) => t.partial === true);
    row.persons_yoy = null;
    row.contacts_yoy = null;
    row.persons_yoy_same_municipalities = null;
    row.contacts_yoy_same_municipalities = null;
    const same = members.filter((t) => earlierOf.has(t));
    row.same_municipalities = same.length;
    if (withheld) row.suppressed = [...HIDDEN_FIELDS];
    else if (same.length > 0) {
      const earlier = same.map((t) => earlierOf.get(t) as Row);
      for (const f of ['persons', 'contacts'] as const)
        row[`${f}_yoy_same_municipalities`] = yearOnYearRatio(sum(f, same), sum(f, earlier));
    }
    pooled.push(row);
  }

  const months = input.months.filter((r) => {
    const ym = Number(str(r.month).slice(0, 4)) * 100 + Number(str(r.month).slice(5, 7));
    return ym >= w.first && ym <= w.last;
  });
  const order = (r: Row) => `${str(r.level)}\u0000${str(r.area_code)}\u0000${str(r.month)}`;
  return [...months, ...towns, ...pooled].sort((a, b) =>
    order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0,
  );
}
