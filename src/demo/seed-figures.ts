/**
 * The figures of the seed briefing (2024-03-14) that the demo reproduces
 * exactly; tests compare the ingested demo data against these.
 */
export const HOKUEI_CODE = '313726';
export const YONAGO_CODE = '312029';

export interface TallyFigures {
  /** 相談実人数: rows of `cases`. */
  persons: number;
  /** 延べ相談件数: sum of activities.contacts. */
  contacts: number;
  /** 支援会議開催回数: sum of activities.support_meetings. */
  supportMeetings: number;
}

/** Figures of a month window inside one fiscal year (`fromMonth`–`toMonth`, 'YYYY-MM'). */
export interface WindowFigures extends TallyFigures {
  fiscalYear: number;
  fromMonth: string;
  toMonth: string;
}

export const SEED_FIGURES = {
  /** Full fiscal years. */
  hokuei: {
    2021: { persons: 20, contacts: 159, supportMeetings: 33 },
    2022: { persons: 41, contacts: 245, supportMeetings: 51 },
  } satisfies Record<number, TallyFigures>,
  /**
   * The briefing's FY2023 figures run to September (「令和５年度（～９月）」).
   * The demo's FY2023 is a full year; these are its April–September part:
   * persons = FY2023 cases open at some point in the window (受付日 ≤ window
   * end and 終結日 blank or ≥ window start: continuing cases count from April),
   * contacts and support meetings = the tallies of those six months.
   */
  hokueiFy2023FirstHalf: {
    fiscalYear: 2023,
    fromMonth: '2023-04',
    toMonth: '2023-09',
    persons: 21,
    contacts: 155,
    supportMeetings: 22,
  } satisfies WindowFigures,
  /** 北栄町's FY2023 extract is a full year: its last month is March 2024. */
  hokueiFy2023LastMonth: '2024-03-01',
  yonago2022: { contacts: 499, jusoMeetings: 27, meetingCases: 44 },
  /** Municipalities with status 実施 (FY2024: the five + the four the briefing planned). */
  implementingCounts: { 2021: 1, 2022: 4, 2023: 5, 2024: 9 },
  hokueiVisits: { asOf: '2024-03-31', completed: 25, total: 63 },
  hokueiPopulation: {
    asOf: '2023-04-01',
    population: 14_451,
    households: 5_493,
    agingRate: 0.36,
    jichikai: 63,
  },
} as const;
