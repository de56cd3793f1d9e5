// The Definition Alignment terms: what "quota", "attainment", "territory weight" and the rest mean
// in this product, with the defaults METHOD.md implements. The seed's rule is to get them signed
// off by the VP of Sales and the CRO before the model is built; a workspace starts from these and
// may edit them (an edited term needs fresh approvals).

/**
 * Leader titles whose approval a definition needs by default (seed 1d: "signed off by VP Sales and
 * CRO"); a workspace may name others in its sign-off policy (core/workflow/signoff.ts).
 */
export const DEFINITION_APPROVER_TITLES = ['vp_sales', 'cro'] as const;
export type DefinitionApproverTitle = (typeof DEFINITION_APPROVER_TITLES)[number];

export interface DefinitionTerm {
  /** Stable key, kebab-case. */
  key: string;
  term: string;
  definition: string;
}

export const DEFAULT_DEFINITION_TERMS: readonly DefinitionTerm[] = Object.freeze([
  {
    key: 'quota',
    term: 'Quota',
    definition:
      'The bookings target assigned to one rep for a defined period (month, quarter, year). The annual quota is set by the plan; monthly quotas follow the plan seasonality and are prorated for start and end dates.',
  },
  {
    key: 'credited-booking',
    term: 'Credited booking',
    definition:
      'A won deal of a type the rep’s role counts, credited to the deal owner at its close date (or split by the credit splits when given), valued in the plan currency at the rate of its close date.',
  },
  {
    key: 'quota-attainment',
    term: 'Quota attainment',
    definition:
      'Credited bookings divided by quota for the same period, as a percentage. While a period is open, pace attainment compares bookings to date with the quota expected to date.',
  },
  {
    key: 'territory-weight',
    term: 'Territory weight',
    definition:
      'A multiplier, bounded by default to 0.7×–1.3×, that scales a rep’s share of the top-down target by the market potential, account base and win rate of their territory; leadership may override a weight, and every weight is confirmed before sign-off.',
  },
  {
    key: 'ramp-schedule',
    term: 'Ramp schedule',
    definition:
      'Graduated quota expectations for new hires by tenure month (default 25% / 50% / 75% / 100% over four months); ramping months count as partial capacity in the team’s capacity.',
  },
  {
    key: 'blended-model',
    term: 'Blended model',
    definition:
      'Each quota is α × its top-down share of the company target plus (1 − α) × its bottom-up capacity (historical productivity × effective months × (1 + growth)), reconciled so that the quotas sum to the target.',
  },
  {
    key: 'pipeline-coverage',
    term: 'Pipeline coverage',
    definition:
      'Open pipeline value divided by the quota of the period it is expected to close in; 3× is the standard B2B SaaS benchmark, below 2× is red.',
  },
  {
    key: 'quota-to-ote',
    term: 'Quota-to-OTE ratio',
    definition:
      'A rep’s annual quota divided by their on-target earnings; 4–6× is typical for B2B SaaS field sales.',
  },
  {
    key: 'back-test',
    term: 'Back-test',
    definition:
      'The proposed methodology applied to last year’s real roster and bookings: the share of reps who would have attained quota. 70–80% passes, 60–70% or above 80% needs review, below 60% fails.',
  },
] satisfies DefinitionTerm[]);
