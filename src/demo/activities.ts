import type { YearCases } from './cases';
import { byMonth } from './plan';
import { distribute } from './prng';

/** One row of 月次活動実績. */
export interface ActivityMonth {
  month: string;
  newPersons: number;
  contacts: number;
  supportMeetings: number;
  jusoMeetings: number;
  meetingCases: number;
  outreachVisits: number;
  participation: number;
}

/**
 * Monthly tallies consistent with the cases: 新規相談者数 is the number of
 * cases opened that month, every new person is at least one contact, and
 * each meeting discusses at least one case (extra cases go only to months
 * that had meetings: largest-remainder never gives a zero-weight month one).
 */
export function generateActivities(year: YearCases): ActivityMonth[] {
  const { plan, newByMonth } = year;
  const newTotal = newByMonth.reduce((a, b) => a + b, 0);
  if (plan.contacts < newTotal)
    throw new Error(`${plan.code} FY${plan.fiscalYear}: fewer contacts than new persons`);
  // A plan with fixed first months (北栄町 FY2023, April–September) reaches their figures exactly.
  const first = plan.firstMonths;
  const newInFirst = first ? newByMonth.slice(0, first.count).reduce((a, b) => a + b, 0) : 0;
  const extraContacts = byMonth(
    plan,
    plan.contacts - newTotal,
    first ? first.contacts - newInFirst : undefined,
  );
  const support = byMonth(plan, plan.supportMeetings, first?.supportMeetings);
  const juso = byMonth(plan, plan.jusoMeetings);
  const meetings = support.map((s, i) => s + (juso[i] ?? 0));
  const meetingTotal = meetings.reduce((a, b) => a + b, 0);
  if (plan.meetingCases < meetingTotal)
    throw new Error(`${plan.code} FY${plan.fiscalYear}: fewer cases than meetings`);
  const extraCases = meetingTotal > 0 ? distribute(plan.meetingCases - meetingTotal, meetings) : meetings;
  const outreach = byMonth(plan, plan.outreachVisits);
  const participation = byMonth(plan, plan.participation);
  return plan.months.map((month, i) => ({
    month,
    newPersons: newByMonth[i] ?? 0,
    contacts: (newByMonth[i] ?? 0) + (extraContacts[i] ?? 0),
    supportMeetings: support[i] ?? 0,
    jusoMeetings: juso[i] ?? 0,
    meetingCases: (meetings[i] ?? 0) + (extraCases[i] ?? 0),
    outreachVisits: outreach[i] ?? 0,
    participation: participation[i] ?? 0,
  }));
}
