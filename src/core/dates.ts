// Calendar arithmetic on ISO dates ('YYYY-MM-DD'). Pure: no clock, no time zones.
// ISO dates compare correctly as strings, so ordering needs no parsing.

import type { IsoDate } from './model.ts';

/** A month as a single integer: year × 12 + (month − 1). Consecutive months differ by 1. */
export type MonthIndex = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written YYYY-MM-DD (2024-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The calendar the planning inputs may name: plan starts, hires, departures, as-of dates and
 * baseline windows lie in 1900–2199. Wider dates are typing mistakes (9999-12-01) and would make
 * month-by-month work (the baseline's window, a plan's calendar) run for thousands of years.
 */
export const EARLIEST_INPUT_DATE: IsoDate = '1900-01-01';
export const LATEST_INPUT_DATE: IsoDate = '2199-12-31';

/** True when `value` is a real date within EARLIEST_INPUT_DATE … LATEST_INPUT_DATE. */
export function isInputDate(value: string): boolean {
  return isIsoDate(value) && value >= EARLIEST_INPUT_DATE && value <= LATEST_INPUT_DATE;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month; `month` is 1..12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Builds an ISO date; assumes a valid calendar date. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

export function fromDayNumber(days: number): IsoDate {
  const d = new Date(days * 86_400_000);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

export function monthIndex(date: IsoDate): MonthIndex {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

export function monthStart(index: MonthIndex): IsoDate {
  return isoDate(Math.floor(index / 12), (index % 12) + 1, 1);
}

export function monthEnd(index: MonthIndex): IsoDate {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoDate(year, month, daysInMonth(year, month));
}

/** 'YYYY-MM' label of a month. */
export function monthLabel(index: MonthIndex): string {
  return monthStart(index).slice(0, 7);
}

export function daysInMonthIndex(index: MonthIndex): number {
  return daysInMonth(Math.floor(index / 12), (index % 12) + 1);
}

/** The later of two dates; null counts as "no date". */
export function maxDate(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

export function minDate(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
