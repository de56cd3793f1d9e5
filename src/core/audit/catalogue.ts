// Every audit rule's code, severity, title and description: the one place codes are defined, so
// they stay stable. README.md in this folder documents the same list.

import type { Severity } from '../issue.ts';
import type { AuditRuleInfo } from './types.ts';

export interface AuditRuleDefinition extends AuditRuleInfo {
  description: string;
}

function rule(
  code: string,
  severity: Severity,
  title: string,
  description: string,
): AuditRuleDefinition {
  return { code, severity, title, description };
}

/** Rule definitions by area, in the order they are listed in AUDIT_RULES. */
export const RULE_DEFINITIONS = {
  // owners and the roster
  dealWithoutOwner: rule(
    'deal-without-owner',
    'error',
    'Deal without owner',
    'The deal has no owner, so its bookings and pipeline count for nobody. Assign an owner in the CRM or in the deals file.',
  ),
  ownerNotInRoster: rule(
    'owner-not-in-roster',
    'error',
    'Deal owner not in roster',
    'The deal names an owner that is not in the rep roster, so its history is lost to every rep. Add the rep to the roster or correct the owner.',
  ),
  unknownSourceRep: rule(
    'unknown-source-rep',
    'warning',
    'Sourcing rep not in roster',
    'The deal names a sourcing rep (SDR) that is not in the roster, so sourcing credit cannot be given. Add the rep or clear the field.',
  ),
  repWithoutTerritory: rule(
    'rep-without-territory',
    'warning',
    'Rep without territory',
    'The rep has no territory, so territory-based potential cannot be attributed to them. Assign a territory, or ignore this if territories are not used.',
  ),
  unknownTerritory: rule(
    'unknown-territory',
    'error',
    'Unknown territory',
    'A rep or account names a territory that is not in the territory list. Add the territory or correct the reference.',
  ),
  unknownParentTerritory: rule(
    'unknown-parent-territory',
    'error',
    'Unknown parent territory',
    'A territory names a parent that is not in the territory list, so roll-ups break. Add the parent or clear the reference.',
  ),
  territoryCycle: rule(
    'territory-cycle',
    'error',
    'Territory hierarchy loops',
    'Following parent territories leads back to the start, so the hierarchy has no top. Break the loop by correcting a parent.',
  ),
  managerNotInRoster: rule(
    'manager-not-in-roster',
    'error',
    'Manager not in roster',
    'The rep reports to a manager who is not in the roster, so team roll-ups lose them. Add the manager (role MGR is fine) or correct the reference.',
  ),
  managerCycle: rule(
    'manager-cycle',
    'error',
    'Manager chain loops',
    'Following managers from these reps leads back to where it started, so the team hierarchy has no top. Correct one of the manager references.',
  ),
  accountOwnerNotInRoster: rule(
    'account-owner-not-in-roster',
    'warning',
    'Account owner not in roster',
    'The account names an owner that is not in the roster, so account-based assignment cannot use it. Add the rep or correct the owner.',
  ),
  dealOutsideEmployment: rule(
    'deal-outside-employment',
    'warning',
    'Deal closed outside employment',
    "The deal closed before its owner's start date or after their end date: either the dates or the owner are wrong. Check the employment dates and the owner.",
  ),
  inactiveRepOpenPipeline: rule(
    'inactive-rep-open-pipeline',
    'warning',
    'Departed rep owns open pipeline',
    'The rep left before the as-of date but still owns open deals, which will not close for them. Reassign the pipeline.',
  ),
  repWithoutDeals: rule(
    'rep-without-deals',
    'warning',
    'Rep without deals',
    'The rep owns, sourced and shares no deal, so they have no history to base a quota on. Check whether they are new, renamed, or missing from the deal export.',
  ),
  repEndBeforeStart: rule(
    'rep-end-before-start',
    'warning',
    'Rep leaves before starting',
    "The rep's end date is before their start date. Correct the employment dates.",
  ),
  // accounts
  dealWithoutAccount: rule(
    'deal-without-account',
    'error',
    'Closed deal without account',
    'A won or lost deal has no account, so it cannot be attributed to a territory or segment. Link the account in the CRM or the deals file.',
  ),
  openDealWithoutAccount: rule(
    'open-deal-without-account',
    'warning',
    'Open deal without account',
    'An open deal has no account yet; its pipeline cannot be placed in a territory. Common for early stages; link the account when known.',
  ),
  unknownAccount: rule(
    'unknown-account',
    'error',
    'Closed deal on unknown account',
    'A won or lost deal names an account that is not in the account list. Add the account or correct the reference.',
  ),
  openDealUnknownAccount: rule(
    'open-deal-unknown-account',
    'warning',
    'Open deal on unknown account',
    'An open deal names an account that is not in the account list. Add the account or correct the reference.',
  ),
  // duplicates
  duplicateDealId: rule(
    'duplicate-deal-id',
    'error',
    'Duplicate deal id',
    'Several deals share one id, so re-imports and splits cannot tell them apart and bookings may be double counted. Keep one record per id.',
  ),
  duplicateRecordId: rule(
    'duplicate-record-id',
    'error',
    'Duplicate record id',
    'Several reps, accounts, territories or products share one id, so references to it are ambiguous (the first record wins). Keep one record per id.',
  ),
  nearDuplicateDeals: rule(
    'near-duplicate-deals',
    'warning',
    'Near-duplicate deals',
    'Deals identical in every field but their id (and name) are often the same opportunity entered twice, which inflates counts and bookings. Check them and delete the copies.',
  ),
  // dates
  invalidDate: rule(
    'invalid-date',
    'error',
    'Invalid date',
    'A date is not a real calendar date written YYYY-MM-DD, so it cannot be placed in time. Correct it at the source.',
  ),
  wonWithoutCloseDate: rule(
    'won-without-close-date',
    'error',
    'Closed deal without close date',
    'A won or lost deal has no close date, so it cannot be placed in any period. Fill in the close date.',
  ),
  wonWithoutCreatedDate: rule(
    'won-without-created-date',
    'info',
    'Won deal without created date',
    'A won deal has no created date, so its sales cycle cannot be measured; it still counts for bookings.',
  ),
  closeBeforeCreated: rule(
    'close-before-created',
    'warning',
    'Closes before it was created',
    'The close date is before the created date, which makes the sales cycle negative. Check both dates.',
  ),
  wonAfterAsOf: rule(
    'won-after-as-of',
    'error',
    'Won after the as-of date',
    'A won deal closes after the date the data was extracted, which is impossible for history. Check the close date or the as-of date.',
  ),
  datedAfterAsOf: rule(
    'dated-after-as-of',
    'warning',
    'Dated after the as-of date',
    'A deal was created, or a lost deal closed, after the date the data was extracted. Check the dates or the as-of date.',
  ),
  openDealWithoutCloseDate: rule(
    'open-deal-without-close-date',
    'info',
    'Open deal without close date',
    'An open deal has no expected close date, so it cannot be placed in a plan window. Common for early stages.',
  ),
  openDealPastCloseDate: rule(
    'open-deal-past-close-date',
    'warning',
    'Stale open deal',
    'An open deal was expected to close before the as-of date and is still open: stale pipeline. Update its close date or close it.',
  ),
  // amounts and currencies
  invalidAmount: rule(
    'invalid-amount',
    'error',
    'Invalid amount',
    'An amount is not a whole number of cents (NaN, infinite or fractional), so totals would be wrong. Correct the value.',
  ),
  wonNonpositiveAmount: rule(
    'won-nonpositive-amount',
    'error',
    'Won deal without positive amount',
    'A won deal has no amount or an amount of zero or less, so it adds nothing to bookings. Fill in the amount.',
  ),
  negativeAmount: rule(
    'negative-amount',
    'warning',
    'Negative amount',
    'A lost or open deal has a negative amount, which distorts pipeline and deal-size statistics. Check the value.',
  ),
  outlierAmount: rule(
    'outlier-amount',
    'warning',
    'Outlier deal amount',
    "A won deal is far larger than its segment's others (above Q3 + 3×IQR, quartiles by linear interpolation). It may be a typo (extra digits) or a one-off that should not drive quotas.",
  ),
  currencyWithoutRate: rule(
    'currency-without-rate',
    'error',
    'Currency without rate',
    'A deal or OTE is in a currency other than the workspace currency and no exchange rate is given, so it cannot be converted. Add a rate.',
  ),
  invalidRate: rule(
    'invalid-rate',
    'error',
    'Invalid exchange rate',
    'An exchange rate is zero, negative or not a number. Correct the rate.',
  ),
  probabilityOutOfRange: rule(
    'probability-out-of-range',
    'warning',
    'Probability out of range',
    'A win probability is not a fraction between 0 and 1, so weighted pipeline would be wrong. Correct the value.',
  ),
  // value mapping and products
  unmappedStage: rule(
    'unmapped-stage',
    'error',
    'Unmapped stage',
    'The stage has no entry in the value map, so the deal status (won, lost, open) is a guess. Map the stage.',
  ),
  unmappedType: rule(
    'unmapped-type',
    'warning',
    'Unmapped deal type',
    'The deal type has no entry in the value map, so it was taken as new business. Map the type.',
  ),
  productSpellingMismatch: rule(
    'product-spelling-mismatch',
    'warning',
    'Product spelled differently',
    'The deal names a product spelled differently from the product list (case, spaces or punctuation), so a plain join drops it. Align the spellings.',
  ),
  unknownProduct: rule(
    'unknown-product',
    'warning',
    'Unknown product',
    'The deal names a product that is not in the product list, even ignoring spelling. Add the product or correct the deal.',
  ),
  inconsistentSpelling: rule(
    'inconsistent-spelling',
    'warning',
    'Inconsistent spelling',
    'A category value looks like a misspelling of a more common value in the same field (which splits one group in two) or of a standard industry name. Use one spelling.',
  ),
  // credit splits
  splitSharesInvalid: rule(
    'split-shares-invalid',
    'error',
    'Invalid credit split',
    "A deal's credit-split shares do not sum to 1, a share is outside (0, 1], or a split names an unknown deal or rep, so credit would be lost or double counted. Correct the splits.",
  ),
  // provenance
  rosterDerived: rule(
    'roster-derived',
    'info',
    'Reps derived from references',
    'No roster file held these people: they were built from the names other files give (deal owners, managers), without territories, dates or OTE. Import a roster for a better plan.',
  ),
  territoriesDerived: rule(
    'territories-derived',
    'info',
    'Territories derived from references',
    'No territory file held these territories: they were built from references in other files.',
  ),
  accountsDerived: rule(
    'accounts-derived',
    'info',
    'Accounts derived from deals',
    'No account file held these accounts: they were built from account names on deals, without segment, industry or size.',
  ),
  productsDerived: rule(
    'products-derived',
    'info',
    'Products derived from deals',
    'No product file held these products: they were built from product names on deals, without list prices.',
  ),
} as const satisfies Record<string, AuditRuleDefinition>;
