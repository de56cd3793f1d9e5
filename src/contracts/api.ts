// The shapes that cross the HTTP boundary, as zod schemas: the server validates requests with them
// and types its responses by them, the OpenAPI document is generated from them, and the web app's
// typed client sees the same types. Money is integer cents (hundredths of a deal on the count basis).

import { z } from 'zod';
import { EARLIEST_INPUT_DATE, isInputDate, LATEST_INPUT_DATE } from '../core/dates.ts';

// What the server accepts is bounded everywhere: every text has a maximum length, every number a
// range, every list a maximum size, and a request body names no key its schema does not list
// (bodies are strict objects). NUL characters, reserved keys (__proto__, constructor,
// prototype) and nesting deeper than MAX_INPUT_DEPTH are refused before any schema runs
// (src/server/input-guard.ts).

/** Ids and version numbers are 32-bit integers in the database. */
export const MAX_ID = 2_147_483_647;
/** A version number or id in a body. */
export const idNumber = z.number().int().min(0).max(MAX_ID);
/** Rep ids, manager ids: the longest the API accepts (CRM ids are 18 characters). */
export const MAX_REP_ID = 200;
/** The largest amount in cents (9 × 10¹¹ currency units, the plan file's bound). */
export const MAX_CENTS = 9e13;

/** A date written YYYY-MM-DD from 1900-01-01 to 2199-12-31. */
export const inputDate = z.iso
  .date()
  .refine(isInputDate, { error: `a date from ${EARLIEST_INPUT_DATE} to ${LATEST_INPUT_DATE}` });

export const issueSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  expected: z.string().optional(),
  location: z
    .object({
      file: z.string().optional(),
      row: z.number().optional(),
      column: z.string().optional(),
      value: z.string().optional(),
      entity: z.string().optional(),
      id: z.string().optional(),
    })
    .optional(),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  issues: z.array(issueSchema).optional(),
});

export const roleSchema = z.enum(['admin', 'leader', 'manager', 'rep']);
export const titleSchema = z.enum(['vp_sales', 'cro', 'finance']);

/** Who is signed in: `user` null (and no memberships) for a signed-out visitor. */
export const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
  memberships: z.array(
    z.object({
      workspaceId: z.string(),
      role: roleSchema,
      title: titleSchema.nullable(),
      repId: z.string().nullable(),
    }),
  ),
});

/** A published plan as every member sees it: enough to open its tracking dashboards. */
export const trackingPlanSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  publishedVersion: z.number().int(),
  publishedAt: z.string().nullable(),
  /** First day of the plan and its length in months (shortened when a later plan superseded it). */
  periodStart: z.string(),
  months: z.number().int(),
  /** The plan that replaced this one from `supersededFrom`, or null. */
  supersededBy: z.number().int().nullable(),
  supersededFrom: z.string().nullable(),
});

/** The as-of date in force and where it came from (METHOD §1). */
export const asOfSchema = z.object({
  date: z.string(),
  source: z.enum(['given', 'plan', 'workspace', 'data', 'plan start']),
  /** Where the date came from, in words. */
  note: z.string(),
});

export const workspaceSchema = z.object({
  id: z.string(),
  currency: z.string(),
  basis: z.enum(['amount', 'count']),
  /** The as-of date set on the workspace at import; null: the data's (see dataAsOf). */
  asOf: z.string().nullable(),
  /** The as-of date in force and where it came from; null while the workspace holds no date. */
  dataAsOf: asOfSchema.nullable(),
  role: roleSchema,
  title: titleSchema.nullable(),
  repId: z.string().nullable(),
  /**
   * Published plans with a month left, newest first (the latest start; superseded plans last):
   * what the tracking dashboards show, the first one by default.
   */
  trackingPlans: z.array(trackingPlanSchema),
});

/** Whether the sign-in page offers single sign-on (public: asked before signing in). */
export const authConfigSchema = z.object({ oidc: z.boolean() });

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  title: titleSchema.nullable(),
  repId: z.string().nullable(),
});

/** What POST /members answers: 201 done, or 202 with the approver-role grant a leader must approve. */
export const memberResultSchema = z.object({
  userId: z.string(),
  repId: z.string().nullable(),
  pendingGrant: z.number().int().nullable(),
});

export const roleGrantSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  role: roleSchema,
  title: titleSchema.nullable(),
  state: z.enum(['pending', 'approved', 'rejected']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
});

export const roleGrantDecisionSchema = z.strictObject({
  approve: z.boolean(),
  note: z.string().max(2000).nullable().default(null),
});

export const signoffPolicySchema = z.object({
  approverTitles: z.array(titleSchema),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const signoffPolicyChangeSchema = z.strictObject({
  /** Two or more different titles: each must approve, each by a different person. */
  approverTitles: z.array(titleSchema).min(1).max(3),
});

export const newMemberSchema = z.strictObject({
  email: z.email().max(254),
  name: z.string().min(1).max(200),
  password: z.string().min(12).max(200),
  role: roleSchema,
  title: titleSchema.nullable().default(null),
  /** A manager's or rep's rep id; found by email among the workspace's reps when omitted. */
  repId: z.string().min(1).max(MAX_REP_ID).nullable().default(null),
});

/** A rep id sent to be stored: a lone UTF-16 surrogate cannot be (Postgres refuses it). */
const storedRepId = z
  .string()
  .min(1)
  .max(MAX_REP_ID)
  .refine((text) => !/\p{Cs}/u.test(text), 'well-formed Unicode text');

/** PATCH /members/{userId}: the new role (an approver role waits for a leader, as in POST). */
export const memberRoleChangeSchema = z.strictObject({
  role: roleSchema,
  title: titleSchema.nullable().default(null),
  /** A manager's or rep's rep id; their current one, or found by e-mail, when omitted. */
  repId: storedRepId.nullable().default(null),
});

export const planSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  latestVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  /** Set at publication: the first day and the months (fewer once superseded). */
  periodStart: z.string().nullable(),
  months: z.number().int().nullable(),
  /** The plans this one superseded at publication, and the plan that superseded it (from when). */
  supersedes: z.array(z.number().int()),
  supersededBy: z.number().int().nullable(),
  supersededFrom: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const versionListingSchema = z.object({
  version: z.number().int(),
  parentVersion: z.number().int().nullable(),
  note: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});

export const quotaResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  pool: z.string(),
  managerId: z.string().nullable(),
  territoryId: z.string().nullable(),
  segment: z.string(),
  startDate: z.string().nullable(),
  planned: z.boolean(),
  quota: z.number(),
  monthly: z.array(z.number()),
  effective: z.array(z.number()),
  /** Why the quota rests on no record of the rep's own (no deal in the history); null if it does. */
  noHistory: z.string().nullable().optional(),
});

export const assumptionSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string(),
  status: z.enum(['ASSUMED', 'CONFIRMED']),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  affects: z.enum(['quotas', 'checks']),
  reps: z.number().int(),
});

export const versionResultsSchema = z.object({
  methodology: z.string(),
  currency: z.string(),
  basis: z.enum(['amount', 'count']),
  quotas: z.array(quotaResultSchema),
  totalQuota: z.number(),
  checks: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      severity: z.string(),
      status: z.string(),
      summary: z.string(),
    }),
  ),
  /**
   * The register as the version was saved (its plan file's confirmations only); the register as
   * it stands, with every decision since: GET …/versions/{v}/assumptions.
   */
  assumptions: z.array(assumptionSchema),
  backtest: z
    .object({
      shareAttaining: z.number(),
      verdict: z.string(),
      verdictText: z.string(),
      inSample: z.boolean(),
      kStar: z.number().nullable(),
      targetAtKStar: z.number().nullable(),
    })
    .nullable(),
  blocked: z.boolean(),
  issues: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() })),
});

export const versionSchema = versionListingSchema.extend({
  planId: z.number().int(),
  planYaml: z.string(),
  results: versionResultsSchema,
});

/** A key path of the plan file: keys, and positions in its lists (at most 10,000 items). */
export const keyPathSchema = z
  .array(z.union([z.string().min(1).max(200), z.number().int().min(0).max(10_000)]))
  .min(1)
  .max(16);

/** Edits of a plan by key path; value null removes the key. */
export const planEditsSchema = z
  .array(z.strictObject({ path: keyPathSchema, value: z.unknown() }))
  .max(500);

export const newVersionSchema = z.strictObject({
  /** The version this edit was made on; a stale one is refused with 409. */
  baseVersion: idNumber,
  note: z.string().min(1).max(2000),
  /** The whole plan text, or edits by key path (value null removes the key). */
  planYaml: z.string().min(1).max(2_000_000).optional(),
  edits: planEditsSchema.min(1).optional(),
});

export const newPlanSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  asOf: inputDate.optional(),
});

/** One input confirmed (or reopened) at the value the person was shown: no new version. */
export const assumptionDecisionSchema = z.strictObject({
  key: z.string().min(1).max(300),
  /** The value as the register shows it; refused (409) when the input's value is another now. */
  value: z.string().max(2000),
  status: z.enum(['CONFIRMED', 'ASSUMED']),
  note: z.string().max(2000).optional(),
});

export const registerEntrySchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string(),
  status: z.enum(['ASSUMED', 'CONFIRMED']),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  affects: z.enum(['quotas', 'checks']),
  reps: z.number().int(),
});

export const registerSchema = z.object({
  planId: z.number().int(),
  version: z.number().int(),
  entries: z.array(registerEntrySchema),
  assumed: z.number().int(),
  confirmed: z.number().int(),
  open: z.boolean(),
  closedReason: z.string().nullable(),
});

export const transitionSchema = z.object({
  version: z.number().int(),
  key: z.string(),
  /** The input in words and the value decided on (null for changes of a plan file's confirmed:). */
  label: z.string().nullable(),
  value: z.string().nullable(),
  source: z.enum(['register', 'plan_file']),
  fromStatus: z.string(),
  toStatus: z.string(),
  by: z.string(),
  at: z.string(),
  note: z.string().nullable(),
});

const gateItemSchema = z.object({
  id: z.string(),
  label: z.string(),
  state: z.enum(['passed', 'overridden', 'open']),
  passed: z.boolean(),
  detail: z.string(),
  evidence: z.array(z.string()),
  overridden: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
});

export const signoffStatusSchema = z.object({
  planId: z.number().int(),
  version: z.number().int(),
  approverTitles: z.array(z.string()),
  checklist: z.object({ items: z.array(gateItemSchema), ready: z.boolean() }),
  signedOff: z.object({ by: z.string(), at: z.string() }).nullable(),
  published: z.boolean(),
  approvals: z.array(
    z.object({
      by: z.string(),
      title: z.string().nullable(),
      at: z.string(),
      note: z.string().nullable(),
    }),
  ),
  override: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable(),
  records: z.array(
    z.object({
      event: z.enum(['signed_off', 'published']),
      by: z.string(),
      title: z.string().nullable(),
      at: z.string(),
      approverTitles: z.array(z.string()),
      ready: z.boolean(),
      items: z.array(gateItemSchema),
    }),
  ),
  differences: z.array(z.string()),
  overlaps: z.array(
    z.object({
      planId: z.number().int(),
      name: z.string(),
      from: z.string(),
      to: z.string(),
      months: z.number().int(),
      reps: z.array(z.string()),
      label: z.string(),
    }),
  ),
});

export const publishSchema = z.object({
  /** Published plans this one replaces from its first month: each must overlap it. */
  supersedes: z.array(z.number().int().min(1).max(2_147_483_647)).max(20).optional(),
});

export const definitionSchema = z.object({
  key: z.string(),
  term: z.string(),
  definition: z.string(),
  revision: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  approvals: z.array(z.object({ title: titleSchema, by: z.string(), at: z.string() })),
  missing: z.array(z.string()),
  approved: z.boolean(),
});

export const definitionEditSchema = z.strictObject({
  term: z.string().min(1).max(200),
  definition: z.string().min(1).max(5000),
  reason: z.string().min(1).max(2000),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userEmail: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
});

export type ApiProblem = z.infer<typeof problemSchema>;
export type ApiWorkspace = z.infer<typeof workspaceSchema>;
export type ApiTrackingPlan = z.infer<typeof trackingPlanSchema>;
export type ApiMe = z.infer<typeof meSchema>;
/** /api/me of a signed-in user. */
export type ApiSignedInMe = ApiMe & { user: NonNullable<ApiMe['user']> };
export type ApiMember = z.infer<typeof memberSchema>;
export type ApiPlan = z.infer<typeof planSchema>;
export type ApiVersion = z.infer<typeof versionSchema>;
export type ApiDefinition = z.infer<typeof definitionSchema>;

// ---------------------------------------------------------------------------------------------
// CRM connections (admins). The secret goes in, never out.

export const crmFlowSchema = z.enum(['client_credentials', 'jwt_bearer', 'access_token']);

export const newCrmConnectionSchema = z.strictObject({
  provider: z.literal('salesforce'),
  name: z.string().trim().min(1).max(100).optional(),
  flow: crmFlowSchema,
  /** The org's My Domain URL (https). */
  instanceUrl: z.string().min(8).max(500),
  /** Token endpoint and JWT audience; the instance URL when absent. */
  loginUrl: z.string().min(8).max(500).optional(),
  apiVersion: z
    .string()
    .regex(/^\d{2}\.0$/)
    .optional(),
  clientId: z.string().min(1).max(500).optional(),
  username: z.string().min(1).max(254).optional(),
  /** Client secret, PEM private key or access token, by flow; stored encrypted. */
  secret: z.string().min(1).max(20_000),
});

const crmFailureSchema = z.object({
  status: z.number().int().nullable(),
  code: z.string(),
  message: z.string(),
});

export const crmTestReportSchema = z.union([
  z.object({
    ok: z.literal(true),
    apiVersion: z.string(),
    latestVersion: z.string().nullable(),
    organizationId: z.string().nullable(),
    user: z.object({
      id: z.string().nullable(),
      username: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
    }),
    features: z.object({
      forecasting: z.boolean(),
      multicurrency: z.boolean(),
      splits: z.boolean(),
      territories: z.boolean(),
    }),
    dailyApiRequests: z.object({ max: z.number(), remaining: z.number() }).nullable(),
  }),
  z.object({ ok: z.literal(false), error: crmFailureSchema }),
]);

export const crmConnectionSchema = z.object({
  id: z.number().int(),
  provider: z.literal('salesforce'),
  name: z.string(),
  flow: crmFlowSchema,
  instanceUrl: z.string(),
  loginUrl: z.string().nullable(),
  apiVersion: z.string(),
  clientId: z.string().nullable(),
  username: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastTestAt: z.string().nullable(),
  lastTest: crmTestReportSchema.nullable(),
  lastPullAt: z.string().nullable(),
  lastPullImportId: z.number().int().nullable(),
});

export const crmPullResultSchema = z.object({
  ok: z.boolean(),
  mode: z.enum(['full', 'incremental']),
  deleted: z.object({ deals: z.number(), accounts: z.number(), splits: z.number() }),
  importId: z.number().int().nullable(),
  counts: z.record(z.string(), z.object({ inserted: z.number(), updated: z.number() })),
  fetched: z.record(z.string(), z.number()),
  requests: z.number().int(),
  retries: z.number().int(),
  notices: z.array(z.unknown()),
  issues: z.array(z.unknown()),
  error: crmFailureSchema.nullable(),
});
