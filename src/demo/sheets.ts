import { PROGRAMMES } from '../datasets/implementation';
import { municipalityByCode, PREFECTURE_CODE, PREFECTURE_NAME } from '../datasets/municipalities';
import {
  AGE_BANDS,
  CASE_STATUSES,
  IMPLEMENTATION_STATUSES,
  ISSUES,
  MARU_BATSU,
  REFERRAL_ROUTES,
  SUMI_MI,
  VISIT_STATUSES,
} from '../datasets/vocabularies';
import { generateActivities } from './activities';
import type { YearCases } from './cases';
import { CellWriter } from './cells';
import { warekiNendo } from './format';
import type { ImplementationRow, PopulationRow } from './prefecture';
import { rngFor } from './prng';
import { demoFileName, type SheetSpec } from './render';
import { PREFECTURE_STYLES, styleOf } from './styles';
import type { VisitSnapshot } from './visits';

const townName = (code: string): string => municipalityByCode(code)?.name ?? code;
const townIndex = (code: string): number => Number(code.slice(2, 5)) % 15;

/**
 * Deliveries: a town sends a FY's cases and tallies in April–May after the FY
 * closes, visit snapshots two weeks after their 基準日. Times are 09:00–16:00 JST.
 */
function deliveryAfter(isoDay: string, code: string, minutes: number): string {
  const day = new Date(`${isoDay}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 9 + townIndex(code));
  day.setUTCHours(townIndex(code) % 7, minutes);
  return day.toISOString();
}

const nextDay = (iso: string): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function casesSheet(seed: number, year: YearCases): SheetSpec {
  const { plan } = year;
  const style = styleOf(plan.code);
  const w = new CellWriter(style, rngFor(seed, `cells/cases/${plan.code}/${plan.fiscalYear}`));
  // 倉吉市 FY2023: one 終結 row typed without its 終結日 (accepted with a warning).
  let missingClosedDate = plan.code === '312037' && plan.fiscalYear === 2023 ? 1 : 0;
  const rows = year.rows.map(({ record, status, closedOn }) => {
    const dropDate = status === 'closed' && missingClosedDate-- > 0;
    return {
      municipality_code: w.municipality(plan.code),
      fiscal_year: w.fiscalYear(plan.fiscalYear),
      case_id: record.id,
      opened_on: w.openedOn(record.openedOn),
      referral_route: w.term(REFERRAL_ROUTES, record.route),
      age_band: w.term(AGE_BANDS, record.ageBand),
      household_size: w.count(record.householdSize),
      issues: w.terms(ISSUES, record.issues),
      status: w.term(CASE_STATUSES, status),
      closed_on: dropDate ? '' : w.date(closedOn),
    };
  });
  const period = warekiNendo(plan.fiscalYear);
  return {
    dataset: 'cases',
    municipalityCode: plan.code,
    fileName: demoFileName(plan.code, townName(plan.code), 'cases', period),
    uploadedAt: deliveryAfter(nextDay(plan.extractEnd), plan.code, 10),
    style,
    title: `${period} 相談ケース一覧（${townName(plan.code)}）`,
    rows,
  };
}

export function activitiesSheet(seed: number, year: YearCases): SheetSpec {
  const { plan } = year;
  const style = styleOf(plan.code);
  const w = new CellWriter(style, rngFor(seed, `cells/activities/${plan.code}/${plan.fiscalYear}`));
  const rows = generateActivities(year).map((m) => ({
    municipality_code: w.municipality(plan.code),
    month: w.month(m.month),
    new_persons: w.count(m.newPersons, '人'),
    contacts: w.count(m.contacts, '件'),
    support_meetings: w.count(m.supportMeetings, '回'),
    juso_meetings: w.count(m.jusoMeetings, '回'),
    meeting_cases: w.count(m.meetingCases, '件'),
    outreach_visits: w.count(m.outreachVisits, '件'),
    participation_support: w.count(m.participation, '人'),
  }));
  const period = warekiNendo(plan.fiscalYear);
  return {
    dataset: 'activities',
    municipalityCode: plan.code,
    fileName: demoFileName(plan.code, townName(plan.code), 'activities', period),
    uploadedAt: deliveryAfter(nextDay(plan.extractEnd), plan.code, 40),
    style,
    title: `${period} 月次活動実績（${townName(plan.code)}）`,
    rows,
  };
}

export function visitsSheet(seed: number, snapshot: VisitSnapshot): SheetSpec {
  const style = styleOf(snapshot.code);
  const w = new CellWriter(style, rngFor(seed, `cells/visits/${snapshot.code}/${snapshot.asOf}`));
  const rows = snapshot.rows.map((r) => ({
    municipality_code: w.municipality(snapshot.code),
    as_of: w.date(snapshot.asOf),
    jichikai_id: r.jichikaiId,
    jichikai_name: r.name,
    households: w.count(r.households),
    visited_households: w.count(r.visited),
    status: w.term(VISIT_STATUSES, r.status),
    completed_on: w.date(r.completedOn),
    hearing_done: w.flag(r.hearingDone, SUMI_MI.yes[0], SUMI_MI.no[0]),
    concern_households: w.count(r.concern),
    referrals: w.count(r.referrals),
  }));
  return {
    dataset: 'visits',
    municipalityCode: snapshot.code,
    fileName: demoFileName(snapshot.code, townName(snapshot.code), 'visits', snapshot.asOf),
    uploadedAt: deliveryAfter(snapshot.asOf, snapshot.code, 20),
    style,
    title: `世帯訪問調査 進捗（${snapshot.asOf} 時点・${townName(snapshot.code)}）`,
    rows,
  };
}

export function implementationSheet(seed: number, rows: readonly ImplementationRow[]): SheetSpec {
  const style = PREFECTURE_STYLES.implementation;
  const w = new CellWriter(style, rngFor(seed, 'cells/implementation'));
  const years = rows.map((r) => r.fiscalYear);
  const period = `${warekiNendo(Math.min(...years))}-${warekiNendo(Math.max(...years))}`;
  return {
    dataset: 'implementation',
    municipalityCode: PREFECTURE_CODE,
    fileName: demoFileName(PREFECTURE_CODE, PREFECTURE_NAME, 'implementation', period),
    uploadedAt: '2025-05-20T01:30:00.000Z',
    style,
    title: `重層的支援体制整備事業 市町村別実施状況（${period}・デモ用）`,
    rows: rows.map((r) => ({
      municipality_code: w.municipality(r.code),
      fiscal_year: w.fiscalYear(r.fiscalYear),
      status: w.term(IMPLEMENTATION_STATUSES, r.status),
      ...Object.fromEntries(
        PROGRAMMES.map((p) => [p, w.flag(r.flags[p] ?? null, MARU_BATSU.yes[0], MARU_BATSU.no[0])]),
      ),
      advocacy_visit_on: w.date(r.advocacyVisitOn),
    })),
  };
}

export function populationSheet(seed: number, rows: readonly PopulationRow[]): SheetSpec {
  const style = PREFECTURE_STYLES.population;
  const w = new CellWriter(style, rngFor(seed, 'cells/population'));
  return {
    dataset: 'population',
    municipalityCode: PREFECTURE_CODE,
    fileName: demoFileName(PREFECTURE_CODE, PREFECTURE_NAME, 'population', '2023-2024'),
    uploadedAt: '2024-05-14T01:00:00.000Z',
    style,
    title: '市町村別人口（デモ用の合成データ）',
    rows: rows.map((r) => ({
      municipality_code: w.municipality(r.code),
      as_of: w.date(r.asOf),
      population: w.count(r.population),
      households: w.count(r.households),
      aged_65_plus: w.count(r.aged65),
      jichikai_count: w.count(r.jichikai),
      source: r.source,
    })),
  };
}
