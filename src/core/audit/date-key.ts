// Dates as integer keys (YYYYMMDD): rules compare a million dates, and integers compare faster
// than strings and order the same way.

import { daysInMonth } from '../dates.ts';
import type { IsoDate } from '../model.ts';

/** Key of a null date. */
export const NO_DATE = 0;
/** Key of a string that is not a calendar date. */
export const INVALID_DATE = -1;

const ZERO = 48;

function digitAt(text: string, at: number): number {
  const d = text.charCodeAt(at) - ZERO;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}

/**
 * Key of a date: YYYYMMDD as an integer for a real calendar date, NO_DATE for null,
 * INVALID_DATE otherwise. Reads the characters directly: a million deals carry two million
 * date strings, and hashing each into a cache costs more than parsing it.
 */
export function dateKey(date: IsoDate | null): number {
  if (date === null) return NO_DATE;
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    return INVALID_DATE;
  }
  const year =
    digitAt(date, 0) * 1000 + digitAt(date, 1) * 100 + digitAt(date, 2) * 10 + digitAt(date, 3);
  const month = digitAt(date, 5) * 10 + digitAt(date, 6);
  const day = digitAt(date, 8) * 10 + digitAt(date, 9);
  // NaN (a non-digit) fails every comparison below.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) {
    return INVALID_DATE;
  }
  return year * 10_000 + month * 100 + day;
}
