// Day and month numbers read straight from the digits of an ISO date: the baseline reads two
// dates of every deal, and parsing through Date.UTC was most of its run time on a million deals.

import type { MonthIndex } from '../dates.ts';
import type { IsoDate } from '../model.ts';

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 10 + s.charCodeAt(at + k) - 48;
  return v;
}

/** The same number as dates.ts monthIndex for a valid ISO date: year × 12 + month − 1. */
export function monthIndexOf(date: IsoDate): MonthIndex {
  return digits(date, 0, 4) * 12 + digits(date, 5, 2) - 1;
}

/** The same number as dates.ts dayNumber (days since 1970-01-01) for a valid ISO date. */
export function dayNumberOf(date: IsoDate): number {
  // Days from the civil calendar, H. Hinnant's algorithm: years start in March so leap days come last.
  const month = digits(date, 5, 2);
  const year = digits(date, 0, 4) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear =
    Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + digits(date, 8, 2) - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
