// String comparisons for spotting the same label written two ways ('GTXPro' vs 'GTX Pro',
// 'technolgy' vs 'technology').

const SEPARATORS = /[\s\-_.]+/g;
const NON_DIGITS = /\D+/g;

/** Lower case without spaces, hyphens, underscores or dots: 'GTX Pro' and 'gtx-pro' → 'gtxpro'. */
export function normaliseLabel(value: string): string {
  return value.toLowerCase().replace(SEPARATORS, '');
}

/**
 * True when `a` and `b` are at Damerau-Levenshtein distance at most 1 (optimal string
 * alignment): one insertion, deletion, substitution or swap of two neighbouring characters.
 * Linear time, so it can be run over many pairs.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let start = 0;
  while (start < la && start < lb && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = la;
  let endB = lb;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const restA = endA - start;
  const restB = endB - start;
  // After trimming the common prefix and suffix, one edit leaves at most one character on
  // each side, or exactly two swapped characters.
  if (restA <= 1 && restB <= 1) return true;
  return (
    restA === 2 &&
    restB === 2 &&
    a.charCodeAt(start) === b.charCodeAt(start + 1) &&
    a.charCodeAt(start + 1) === b.charCodeAt(start)
  );
}

/** The digits of a value in order ('Zone 12' → '12'); labels differing in digits are distinct codes. */
export function digitsOf(value: string): string {
  return value.replace(NON_DIGITS, '');
}
