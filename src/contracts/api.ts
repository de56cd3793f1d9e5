// The shapes that cross the HTTP boundary, as zod schemas: the server validates requests with them
// and types its responses by them, the OpenAPI document is generated from them, and the web app's
// typed client sees the same types. Money is integer cents (hundredths of a deal on the count basis).

import { z } from 'zod';

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
  /** First day of the plan and its length in months. */
  periodStart: z.string(),
  months: z.number().int(),
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
  /** Published plans, newest first: what the tracking dashboards show. */
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

export const newMemberSchema = z.object({
  email: z.email(),
  name: z.string().min(1).max(200),
  password: z.string().min(12).max(200),
  role: roleSchema,
  title: titleSchema.nullable().default(null),
  /** A manager's or rep's rep id; found by email among the workspace's reps when omitted. */
  repId: z.string().min(1).nullable().default(null),
});

export const planSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  latestVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
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

const keyPathSchema = z.array(z.union([z.string(), z.number().int()])).min(1);

export const newVersionSchema = z.object({
  /** The version this edit was made on; a stale one is refused with 409. */
  baseVersion: z.number().int().min(0),
  note: z.string().min(1).max(2000),
  /** The whole plan text, or edits by key path (value null removes the key). */
  planYaml: z.string().min(1).max(2_000_000).optional(),
  edits: z
    .array(z.object({ path: keyPathSchema, value: z.unknown() }))
    .min(1)
    .max(500)
    .optional(),
});

export const newPlanSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  asOf: z.iso.date().optional(),
});

export const assumptionChangeSchema = z.object({
  baseVersion: z.number().int().min(0),
  keys: z.array(z.string().min(1)).min(1).max(500),
  status: z.enum(['CONFIRMED', 'ASSUMED']),
  note: z.string().max(2000).optional(),
});

export const transitionSchema = z.object({
  version: z.number().int(),
  key: z.string(),
  fromStatus: z.string(),
  toStatus: z.string(),
  by: z.string(),
  at: z.string(),
  note: z.string().nullable(),
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

export const definitionEditSchema = z.object({
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
