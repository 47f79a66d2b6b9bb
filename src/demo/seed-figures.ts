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

export const SEED_FIGURES = {
  hokuei: {
    2021: { persons: 20, contacts: 159, supportMeetings: 33 },
    2022: { persons: 41, contacts: 245, supportMeetings: 51 },
    /** April–September only: the seed's mid-year figures. */
    2023: { persons: 21, contacts: 155, supportMeetings: 22 },
  } satisfies Record<number, TallyFigures>,
  /** 北栄町's FY2023 extract covers April–September 2023 only. */
  hokueiFy2023LastMonth: '2023-09-01',
  yonago2022: { contacts: 499, jusoMeetings: 27, meetingCases: 44 },
  /** Municipalities with status 実施 (FY2024: 実施 + 実施予定). */
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
