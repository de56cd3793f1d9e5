// Descriptive statistics shared by the audit, the engine and the simulation: quantiles by linear
// interpolation between closest ranks (found by selection for the outlier rule, where a segment
// can hold hundreds of thousands of won deals), the median, the coefficient of variation.

/**
 * The p-quantile (p in [0, 1]) of ascending `sorted` values by linear interpolation between
 * closest ranks (h = (n − 1)·p; Excel QUARTILE.INC, R type 7, NumPy's default). Units are those
 * of the values. Throws RangeError on an empty sample.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const low = sorted[lo] ?? 0;
  const high = sorted[hi] ?? low;
  return low + (h - lo) * (high - low);
}

/** Rounds of partitioning after which selection gives up on pivots and sorts what is left. */
const MAX_ROUNDS = 64;

/**
 * Reorders `values` so that values[k] holds the value a sort would put there, everything before
 * it is ≤ and everything after it ≥ (Hoare's selection with a median-of-three pivot). Linear
 * expected time. NaN is not allowed.
 */
export function selectInPlace(values: Float64Array, k: number): void {
  let left = 0;
  let right = values.length - 1;
  for (let round = 0; right > left; round++) {
    if (round === MAX_ROUNDS) {
      values.subarray(left, right + 1).sort();
      return;
    }
    const mid = (left + right) >>> 1;
    const a = values[left] as number;
    const b = values[mid] as number;
    const c = values[right] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    // Now values[left..j] ≤ pivot ≤ values[i..right], and everything between equals the pivot.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * The p-quantile of `values` (any order) as quantileSorted would give it, by selection; the
 * array is reordered. Throws RangeError on an empty sample.
 */
export function quantileInPlace(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  selectInPlace(values, lo);
  const low = values[lo] as number;
  if (h === lo) return low;
  // The next order statistic is the smallest value after position lo.
  let high = Number.POSITIVE_INFINITY;
  for (let k = lo + 1; k < n; k++) high = Math.min(high, values[k] as number);
  return low + (h - lo) * (high - low);
}

/** The median (mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * Coefficient of variation, population standard deviation ÷ mean; null with fewer than two
 * values or a mean that is not positive.
 */
export function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (!(mean > 0)) return null;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}
