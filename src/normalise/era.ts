/**
 * Japanese eras (和暦) from 昭和 on: older dates are not plausible in these
 * extracts. 令和元年 starts 2019-05-01; 平成 ended 2019-04-30.
 */
export interface Era {
  /** Initial as people type it: R5.4.1. */
  letter: 'R' | 'H' | 'S';
  name: '令和' | '平成' | '昭和';
  /** Gregorian year of the era's year 1. */
  firstYear: number;
  /** First and last day, ISO. */
  start: string;
  end: string;
}

export const ERAS: readonly Era[] = [
  { letter: 'R', name: '令和', firstYear: 2019, start: '2019-05-01', end: '9999-12-31' },
  { letter: 'H', name: '平成', firstYear: 1989, start: '1989-01-08', end: '2019-04-30' },
  { letter: 'S', name: '昭和', firstYear: 1926, start: '1926-12-25', end: '1989-01-07' },
];

/** The era named by a prefix people type: 令和 / 令 / R / r … */
export function eraByPrefix(prefix: string): Era | undefined {
  const p = prefix.toUpperCase();
  return ERAS.find((e) => e.letter === p || e.name === p || e.name[0] === p);
}

/** The era in force on an ISO date (昭和 onward), or undefined before 昭和. */
export function eraOn(iso: string): Era | undefined {
  return ERAS.find((e) => iso >= e.start && iso <= e.end);
}

/** 1 → 元, as written in 和暦. */
export const eraYearText = (n: number): string => (n === 1 ? '元' : String(n));
