// The inconsistent-spelling rule: within one category field, a rarer value that is a likely
// misspelling of a more frequent one ('technolgy' next to 'technology', 'Mid market' next to
// 'Mid-Market').

import type { Deal, EntityName } from '../model.ts';
import { RULE_DEFINITIONS as R } from './catalogue.ts';
import type { AuditContext, AuditRule } from './context.ts';
import { digitsOf, normaliseLabel, withinOneEdit } from './text.ts';
import type { AuditRef } from './types.ts';

/** Values shorter than this (after normalising) are codes ('SMB', 'AE'): one edit is a new code. */
export const MIN_TYPO_LENGTH = 5;

export interface SpellingValue {
  value: string;
  count: number;
  normal: string;
  digits: string;
}

function looksAlike(rare: SpellingValue, common: SpellingValue): boolean {
  if (rare.normal === common.normal) return true;
  if (rare.normal.length < MIN_TYPO_LENGTH || common.normal.length < MIN_TYPO_LENGTH) return false;
  // 'Zone 1' and 'Zone 2' are two zones, not a typo.
  if (rare.digits !== common.digits) return false;
  return withinOneEdit(rare.normal, common.normal);
}

/**
 * For each value of a field that looks like a rarer spelling of a strictly more frequent value,
 * the most frequent such value. Values of equal frequency are never flagged (unique names such
 * as 'Region 10' and 'Region 11', or 'North-East' and 'North-West', are not typos of each other).
 */
export function findVariants(counts: ReadonlyMap<string, number>): Map<string, SpellingValue> {
  const candidates: SpellingValue[] = [];
  for (const [value, count] of counts) {
    candidates.push({ value, count, normal: normaliseLabel(value), digits: digitsOf(value) });
  }
  candidates.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  // Candidates by normalised length, most frequent first, so a search can stop early.
  const byLength = new Map<number, SpellingValue[]>();
  for (const c of candidates) {
    const bucket = byLength.get(c.normal.length);
    if (bucket === undefined) byLength.set(c.normal.length, [c]);
    else bucket.push(c);
  }
  const variants = new Map<string, SpellingValue>();
  for (const rare of candidates) {
    let best: SpellingValue | undefined;
    for (let length = rare.normal.length - 1; length <= rare.normal.length + 1; length++) {
      for (const common of byLength.get(length) ?? []) {
        if (common.count <= rare.count) break;
        if (best !== undefined && common.count <= best.count) break;
        if (looksAlike(rare, common)) {
          best = common;
          break;
        }
      }
    }
    if (best !== undefined) variants.set(rare.value, best);
  }
  return variants;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Common industry names (Salesforce's standard Industry picklist and frequent CRM additions). A
 * value one edit away from one of these but not equal to it is a likely typo even when the data
 * holds no correctly spelled counterpart (Maven's only spelling of the sector is 'technolgy').
 */
export const INDUSTRY_VOCABULARY: readonly string[] = [
  'agriculture',
  'apparel',
  'banking',
  'biotechnology',
  'chemicals',
  'communications',
  'construction',
  'consulting',
  'education',
  'electronics',
  'employment',
  'energy',
  'engineering',
  'entertainment',
  'environmental',
  'finance',
  'food & beverage',
  'government',
  'healthcare',
  'hospitality',
  'insurance',
  'logistics',
  'machinery',
  'manufacturing',
  'marketing',
  'media',
  'medical',
  'not for profit',
  'pharmaceuticals',
  'real estate',
  'recreation',
  'retail',
  'services',
  'shipping',
  'software',
  'technology',
  'telecommunications',
  'transportation',
  'utilities',
];

const VOCABULARY_ENTRIES: readonly SpellingValue[] = INDUSTRY_VOCABULARY.map((value) => ({
  value,
  count: Number.POSITIVE_INFINITY,
  normal: normaliseLabel(value),
  digits: '',
}));

/** The vocabulary word a value looks like a misspelling of, if any (never for an exact match). */
export function vocabularyMatch(value: string): string | undefined {
  const normal = normaliseLabel(value);
  if (VOCABULARY_ENTRIES.some((w) => w.normal === normal)) return undefined;
  const candidate: SpellingValue = { value, count: 0, normal, digits: digitsOf(value) };
  return VOCABULARY_ENTRIES.find((w) => looksAlike(candidate, w))?.value;
}

/** Detail text for each rarer spelling in a field, keyed by that spelling. */
function variantDetails(
  counts: ReadonlyMap<string, number>,
  field: string,
  noun: string,
  vocabulary = false,
): Map<string, string> {
  const details = new Map<string, string>();
  if (vocabulary) {
    for (const [value, count] of counts) {
      const word = vocabularyMatch(value);
      if (word !== undefined) {
        details.set(
          value,
          `${field} '${value}' (${plural(count, noun)}) looks like a misspelling of '${word}'`,
        );
      }
    }
  }
  for (const [rare, common] of findVariants(counts)) {
    if (details.has(rare)) continue;
    const rareCount = counts.get(rare) ?? 0;
    details.set(
      rare,
      `${field} '${rare}' (${plural(rareCount, noun)}) looks like '${common.value}' (${plural(common.count, noun)})`,
    );
  }
  return details;
}

function spellingRefs<T extends { id: string }>(
  records: readonly T[],
  value: (record: T) => string | null,
  entity: EntityName,
  field: string,
  noun: string,
  vocabulary = false,
): AuditRef[] {
  const counts = new Map<string, number>();
  for (const record of records) {
    const v = value(record);
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const details = variantDetails(counts, field, noun, vocabulary);
  const refs: AuditRef[] = [];
  if (details.size === 0) return refs;
  for (const record of records) {
    const v = value(record);
    const detail = v === null ? undefined : details.get(v);
    if (detail !== undefined) refs.push({ entity, id: record.id, detail });
  }
  return refs;
}

/** Deal stages, counted once by the context, so the million deals are not walked twice. */
function stageRefs(ctx: AuditContext): AuditRef[] {
  const { values, counts } = ctx.deals.stages;
  const details = variantDetails(
    new Map(values.map((v, k) => [v, counts[k] ?? 0])),
    'stage',
    'deal',
  );
  const refs: AuditRef[] = [];
  if (details.size === 0) return refs;
  const detailOf = values.map((v) => details.get(v));
  const { stage } = ctx.deals;
  for (let i = 0; i < stage.length; i++) {
    const code = stage[i] as number;
    const detail = code === 0 ? undefined : detailOf[code - 1];
    if (detail === undefined) continue;
    refs.push({ entity: 'deals', id: (ctx.dataset.deals[i] as Deal).id, detail });
  }
  return refs;
}

export const inconsistentSpelling: AuditRule = {
  definition: R.inconsistentSpelling,
  run: (ctx) => {
    const { accounts, reps, territories } = ctx.dataset;
    return [
      ...spellingRefs(accounts, (a) => a.industry, 'accounts', 'industry', 'account', true),
      ...spellingRefs(accounts, (a) => a.segment, 'accounts', 'segment', 'account'),
      ...spellingRefs(reps, (r) => r.segment, 'reps', 'segment', 'rep'),
      ...spellingRefs(reps, (r) => r.role, 'reps', 'role', 'rep'),
      ...spellingRefs(territories, (t) => t.name, 'territories', 'territory name', 'territory'),
      ...stageRefs(ctx),
    ];
  },
};
