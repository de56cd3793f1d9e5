// The planning workspace's own reads of a version: one rep's quota explained, a preview of edits
// (quotas and territory weights recomputed as RevOps types, nothing saved) and the version's
// back-test.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import { MAX_REP_ID, planEditsSchema } from '../../contracts/api.ts';
import { MAX_GROWTH } from '../../contracts/plan-file.ts';
import { WEIGHT_COMPONENTS } from '../../core/plan/types.ts';
import { PRESETS } from '../../core/simulation/index.ts';
import {
  MAX_SERVER_TRIALS,
  simulateCustomScenario,
  simulateVersion,
  backtestVersion,
  explainVersionRep,
  previewVersionEdits,
} from '../../services/workflow/version-runs.ts';
import { requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { contextOf, errorResponses, json, jsonAnswer, versionParams } from './common.ts';

const weightSchema = z.object({
  territoryId: z.string(),
  territoryName: z.string(),
  weight: z.number(),
  computed: z.number(),
  override: z.number().nullable(),
  index: z.number(),
  components: z.array(
    z.object({
      component: z.string(),
      raw: z.number().nullable(),
      normalised: z.number().nullable(),
      coefficient: z.number(),
    }),
  ),
});

export const explanationSchema = z.object({
  repId: z.string(),
  repName: z.string(),
  quota: z.number(),
  monthly: z.array(z.number()),
  quarters: z.array(z.number()),
  derivation: z.object({
    pool: z.string(),
    segment: z.string(),
    measure: z.string(),
    segmentTarget: z.number(),
    segmentTotal: z.number(),
    topDownShare: z.number(),
    growth: z.number(),
    overAssignment: z.number(),
    roundingUnit: z.number(),
    territory: weightSchema.nullable(),
    capacity: z.object({
      startDate: z.string().nullable(),
      endDate: z.string().nullable(),
      planned: z.boolean(),
      effective: z.array(z.number()),
      effectiveMonths: z.number(),
      seasonalMonths: z.number(),
    }),
    productivity: z.object({
      own: z.number().nullable(),
      fitCapacity: z.number(),
      credibility: z.number(),
      cohort: z.object({
        level: z.string(),
        productivity: z.number().nullable(),
        members: z.number(),
      }),
      productivity: z.number(),
    }),
    bottomUpCapacity: z.number(),
    topDown: z.number(),
    bottomUp: z.number(),
    blended: z.number(),
    unrounded: z.number(),
    roundingDelta: z.number(),
  }),
  sentences: z.array(z.string()),
});

export const previewSchema = z.object({
  planId: z.number().int(),
  version: z.number().int(),
  quotas: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      quota: z.number(),
      before: z.number().nullable(),
    }),
  ),
  totalQuota: z.number(),
  weights: z.array(weightSchema),
  missingComponents: z.array(
    z.object({ component: z.enum(WEIGHT_COMPONENTS), reason: z.string() }),
  ),
  blocked: z.boolean(),
  pool: z.object({
    target: z.number(),
    capacity: z.number(),
    gap: z.number(),
    ambition: z.number().nullable(),
  }),
  checks: z.array(
    z.object({ code: z.string(), title: z.string(), status: z.string(), summary: z.string() }),
  ),
  issues: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() })),
});

const bucketSchema = z.object({
  label: z.string(),
  min: z.number(),
  /** null: the open top bucket. */
  max: z.number().nullable(),
  reps: z.number().int(),
  share: z.number(),
});

const groupSchema = z.object({
  key: z.string(),
  label: z.string(),
  reps: z.number().int(),
  shareAttaining: z.number(),
  buckets: z.array(bucketSchema),
});

export const backtestSchema = z.object({
  plan: z.string(),
  testWindow: z.object({ from: z.string(), to: z.string() }),
  fitWindow: z.object({ from: z.string(), to: z.string(), months: z.number() }),
  inSample: z.boolean(),
  notes: z.array(z.string()),
  ambition: z.number(),
  planTarget: z.number(),
  planCapacity: z.number(),
  testCapacity: z.number(),
  testTarget: z.number(),
  reps: z.number().int(),
  shareAttaining: z.number(),
  verdict: z.enum(['pass', 'review', 'fail']),
  verdictText: z.string(),
  kStar: z.number().nullable(),
  targetAtKStar: z.number().nullable(),
  buckets: z.array(bucketSchema),
  bySegment: z.array(groupSchema),
  byTerritory: z.array(groupSchema),
  quarters: z.array(
    z.object({
      label: z.string(),
      from: z.string(),
      to: z.string(),
      reps: z.number().int(),
      shareAttaining: z.number(),
    }),
  ),
  perRep: z.array(
    z.object({
      repId: z.string(),
      repName: z.string(),
      segment: z.string(),
      territoryName: z.string().nullable(),
      quota: z.number(),
      bookings: z.number(),
      attainment: z.number(),
    }),
  ),
  issues: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() })),
});

export const scenariosSchema = z.object({
  planId: z.number().int(),
  version: z.number().int(),
  trials: z.number().int(),
  seed: z.number(),
  target: z.number(),
  quota: z.number(),
  capacity: z.number(),
  scenarios: z.array(
    z.object({
      scenario: z.string(),
      levers: z.object({
        winRatePoints: z.number(),
        dealSizeMultiplier: z.number(),
        attrition: z.number(),
        extraRampMonths: z.number(),
        extraHires: z.number(),
      }),
      trials: z.number().int(),
      seed: z.number(),
      target: z.number(),
      pTeamAtTarget: z.number(),
      meanTeam: z.number(),
      p10: z.number(),
      p50: z.number(),
      p90: z.number(),
      expectedShareAttaining: z.number(),
      reps: z.array(
        z.object({
          repId: z.string(),
          repName: z.string(),
          quota: z.number(),
          pAttain: z.number(),
          meanBookings: z.number(),
        }),
      ),
      notes: z.array(z.string()),
    }),
  ),
});

const scenarioResultSchema = z.object({
  scenario: z.string(),
  levers: z.object({
    winRatePoints: z.number(),
    dealSizeMultiplier: z.number(),
    attrition: z.number(),
    extraRampMonths: z.number(),
    extraHires: z.number(),
  }),
  trials: z.number().int(),
  seed: z.number(),
  target: z.number(),
  pTeamAtTarget: z.number(),
  meanTeam: z.number(),
  p10: z.number(),
  p50: z.number(),
  p90: z.number(),
  expectedShareAttaining: z.number(),
  notes: z.array(z.string()),
});

const scenarioSideSchema = z.object({
  target: z.number(),
  quota: z.number(),
  capacity: z.number(),
  result: scenarioResultSchema,
});

export const customScenarioSchema = z.object({
  planId: z.number().int(),
  version: z.number().int(),
  trials: z.number().int(),
  seed: z.number(),
  plan: scenarioSideSchema,
  custom: scenarioSideSchema,
  reps: z.array(
    z.object({
      repId: z.string(),
      repName: z.string(),
      planQuota: z.number().nullable(),
      customQuota: z.number().nullable(),
      planPAttain: z.number().nullable(),
      customPAttain: z.number().nullable(),
    }),
  ),
});

/** A custom scenario's levers and input changes (the plan file's ranges; left out: unchanged). */
export const customScenarioRequestSchema = z.strictObject({
  /** Growth over the baseline, a fraction above -1 (0.1 = 10 %). */
  growth: z.number().gt(-1).max(MAX_GROWTH).optional(),
  /** Weight of the top-down target against bottom-up capacity, 0 to 1. */
  topDownShare: z.number().min(0).max(1).optional(),
  /** Quotas above the target, a fraction from 0 to 10. */
  overAssignment: z.number().min(0).max(10).optional(),
  /** The company target in currency units (or deals under the count basis). */
  target: z.number().gt(0).max(1e12).optional(),
  levers: z
    .strictObject({
      winRatePoints: z.number().min(-1).max(1).default(PRESETS.expected.winRatePoints),
      dealSizeMultiplier: z.number().gt(0).max(10).default(PRESETS.expected.dealSizeMultiplier),
      attrition: z.number().min(0).max(1).default(PRESETS.expected.attrition),
      extraRampMonths: z.number().int().min(0).max(24).default(0),
      extraHires: z.number().int().min(0).max(10_000).default(0),
    })
    .default({ ...PRESETS.expected }),
  trials: z.number().int().min(1).max(MAX_SERVER_TRIALS).optional(),
});

export function registerPlanningRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/explanation',
        summary: 'How one rep’s quota of a version was derived: the numbers and the sentences',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: {
          params: versionParams,
          query: z.object({ rep: z.string().min(1).max(MAX_REP_ID) }),
        },
        responses: { 200: json(explanationSchema, 'The explanation'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { rep } = c.req.valid('query');
        return jsonAnswer(c, await explainVersionRep(contextOf(c), planId, version, rep));
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/backtest',
        summary: 'The back-test of a version: attainment buckets, verdict, k* and T*, by territory',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: versionParams },
        responses: { 200: json(backtestSchema, 'The back-test'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        return jsonAnswer(c, await backtestVersion(contextOf(c), planId, version));
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/scenarios',
        summary:
          'Every scenario of a version simulated: team bookings p10/p50/p90 and P(attain) per rep',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: {
          params: versionParams,
          query: z.object({
            trials: z.coerce.number().int().min(1).max(MAX_SERVER_TRIALS).optional(),
          }),
        },
        responses: { 200: json(scenariosSchema, 'The scenarios'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { trials } = c.req.valid('query');
        return jsonAnswer(c, await simulateVersion(contextOf(c), planId, version, trials));
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/scenarios/custom',
        summary:
          'A custom scenario (levers, growth, top-down share, over-assignment, target) simulated beside the version (nothing is saved)',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: {
          params: versionParams,
          body: {
            required: true,
            content: { 'application/json': { schema: customScenarioRequestSchema } },
          },
        },
        responses: {
          200: json(customScenarioSchema, 'The scenario beside the plan'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        return jsonAnswer(
          c,
          await simulateCustomScenario(contextOf(c), planId, version, c.req.valid('json')),
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/preview',
        summary:
          'The quotas and territory weights a version would have with these edits (none: as it is; nothing is saved)',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: versionParams,
          body: {
            required: true,
            content: {
              'application/json': { schema: z.strictObject({ edits: planEditsSchema }) },
            },
          },
        },
        responses: { 200: json(previewSchema, 'The recomputed quotas'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { edits } = c.req.valid('json');
        const preview = await previewVersionEdits(
          contextOf(c),
          planId,
          version,
          edits.map((e) => ({ path: e.path, ...(e.value === null ? {} : { value: e.value }) })),
        );
        return jsonAnswer(c, preview);
      },
    );
}
