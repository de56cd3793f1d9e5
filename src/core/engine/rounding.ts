// Rounding of METHOD §5: whole units per rep by largest remainder, then cents per month by
// largest remainder, so every total holds to the cent.

import { remainderKey, splitCents } from '../baseline/credit.ts';
import type { Cents } from '../model.ts';

/** Floating error tolerated when flooring a quota that is a whole number of units in exact arithmetic. */
const EPSILON = 1e-7;

/**
 * Rounds unrounded annual quotas (cents, floats ≥ 0) so they sum to `total` cents exactly:
 * each is floored to a multiple of `unit` cents; units go one at a time to the largest
 * remainders (compared by `remainderKey`; ties: smaller id) while at least a unit is left; what is left below one unit goes
 * to the largest quota (ties: smaller id). Quotas that are 0 stay 0. `ids` break ties.
 */
export function roundToUnits(
  quotas: ArrayLike<number>,
  ids: readonly string[],
  total: Cents,
  unit: Cents,
): Cents[] {
  const n = quotas.length;
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`total ${total} is not whole cents ≥ 0`);
  if (!Number.isInteger(unit) || unit < 1)
    throw new RangeError(`unit ${unit} is not whole cents ≥ 1`);
  const out: Cents[] = new Array<number>(n).fill(0);
  const remainders: number[] = new Array<number>(n).fill(0);
  const eligible: number[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const q = quotas[i] ?? 0;
    if (!(q > 0)) continue;
    eligible.push(i);
    const floor = Math.floor(q / unit + EPSILON) * unit;
    out[i] = floor;
    remainders[i] = remainderKey(q - floor);
    given += floor;
  }
  if (eligible.length === 0) {
    if (total !== 0) throw new RangeError(`cannot place ${total} cents: every quota is 0`);
    return out;
  }
  const byId = (i: number, j: number): number => {
    const a = ids[i] ?? '';
    const b = ids[j] ?? '';
    return a < b ? -1 : a > b ? 1 : i - j;
  };
  let left = total - given;
  if (left < 0) {
    // Only floating error can make the floors exceed the total; take units back from the smallest remainders.
    const order = [...eligible].sort(
      (i, j) => (remainders[i] ?? 0) - (remainders[j] ?? 0) || byId(j, i),
    );
    for (let k = 0; left < 0; k++) {
      const i = order[k % order.length] ?? 0;
      const take = Math.min(out[i] ?? 0, unit);
      out[i] = (out[i] ?? 0) - take;
      left += take;
      if (k > 10 * order.length) throw new RangeError('rounding could not reach the total');
    }
  }
  const order = [...eligible].sort(
    (i, j) => (remainders[j] ?? 0) - (remainders[i] ?? 0) || byId(i, j),
  );
  for (let k = 0; left >= unit; k++) {
    const i = order[k % order.length] ?? 0;
    out[i] = (out[i] ?? 0) + unit;
    left -= unit;
  }
  if (left > 0) {
    let largest = eligible[0] ?? 0;
    for (const i of eligible) {
      const d = (out[i] ?? 0) - (out[largest] ?? 0);
      if (d > 0 || (d === 0 && byId(i, largest) < 0)) largest = i;
    }
    out[largest] = (out[largest] ?? 0) + left;
  }
  return out;
}

/**
 * Splits whole cents over months in proportion to unrounded monthly values (≥ 0): floors, then
 * leftover cents by largest remainder, ties to the earlier month. All-zero months with a positive
 * amount (cannot happen for a quota built from capacity) split evenly.
 */
export function splitOverMonths(amount: Cents, monthly: ArrayLike<number>): Cents[] {
  const n = monthly.length;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.max(0, monthly[k] ?? 0);
  if (amount === 0) return new Array<number>(n).fill(0);
  const shares =
    sum > 0 ? Array.from(monthly, (v) => Math.max(0, v)) : new Array<number>(n).fill(1);
  return splitCents(amount, shares);
}
