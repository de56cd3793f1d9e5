// Published quotas and attainment, each within the caller's scope (all, a manager's subtree, or
// the rep themself), the bookings refresh, and mid-period adjustments.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Schema, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { repIdsOfScope } from '../../services/workflow/queries.ts';
import {
  ADJUSTMENT_KINDS,
  attainment,
  decideAdjustment,
  listAdjustments,
  quotasInScope,
  refreshBookings,
  requestAdjustment,
} from '../../services/workflow/tracking.ts';
import type { AttainmentView } from '../../services/workflow/tracking.ts';
import { assertRepInScope, requireRole, ROLES, scopeOf } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { contextOf, errorResponses, id32, json, planParams, repParams } from './common.ts';
import { inputDate, MAX_CENTS, MAX_REP_ID } from '../../contracts/api.ts';

/**
 * The JSON bodies made of each attainment view, per form. A view comes from the attainment cache
 * and is shared by every request for it, never modified; its bytes are made once and dropped with
 * it. Serialising and encoding the view was the largest cost of a cached read.
 */
const viewBodies = new WeakMap<AttainmentView, Map<string, Uint8Array>>();
const encoder = new TextEncoder();

function jsonOfView<T extends AttainmentView>(
  c: Context,
  view: AttainmentView,
  form: string,
  shape: () => T,
) {
  let forms = viewBodies.get(view);
  if (forms === undefined) {
    forms = new Map();
    viewBodies.set(view, forms);
  }
  let body = forms.get(form);
  if (body === undefined) {
    body = encoder.encode(JSON.stringify(shape()));
    forms.set(form, body);
  }
  // The same body c.json would send, typed like it for the routes' client.
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/json',
  }) as unknown as Response & TypedResponse<JSONParsed<T>, 200, 'json'>;
}

const quotaSchema = z.object({
  repId: z.string(),
  name: z.string(),
  role: z.string(),
  managerId: z.string().nullable(),
  territoryId: z.string().nullable(),
  segment: z.string(),
  carriesQuota: z.boolean(),
  annual: z.number(),
  monthly: z.array(z.number()),
  bookings: z.array(z.number()),
  bookingsAsOf: z.string().nullable(),
});

const seriesPointSchema = z.object({
  month: z.number().int(),
  label: z.string(),
  quota: z.number(),
  bookings: z.number().nullable(),
  cumulativeQuota: z.number(),
  cumulativeBookings: z.number().nullable(),
});

const measuresSchema = z
  .object({
    quota: z.number(),
    bookings: z.number(),
    attainment: z.number().nullable(),
    gap: z.number(),
    expected: z.number(),
    paceAttainment: z.number().nullable(),
    indicator: z.enum(['green', 'yellow', 'red']).nullable(),
    series: z.array(seriesPointSchema),
  })
  .loose();

const groupSchema = measuresSchema.extend({
  kind: z.enum(['manager', 'territory', 'segment', 'organisation']),
  key: z.string().nullable(),
  label: z.string(),
  reps: z.number().int(),
});

const rampSchema = z
  .object({
    repId: z.string(),
    name: z.string(),
    startDate: z.string(),
    rampMonths: z.number().int(),
    months: z.array(
      z.object({
        month: z.number().int(),
        label: z.string(),
        tenureMonth: z.number().int(),
        rampFactor: z.number(),
        quota: z.number(),
        fullQuota: z.number().nullable(),
        bookings: z.number().nullable(),
        cumulativeQuota: z.number(),
        cumulativeBookings: z.number().nullable(),
        milestone: z.enum(['met', 'missed', 'in-progress', 'upcoming']),
      }),
    ),
    expectedToDate: z.number(),
    bookingsToDate: z.number(),
    daysBehind: z.number().nullable(),
    status: z.enum(['not-started', 'on-track', 'behind']),
    rampComplete: z.boolean(),
  })
  .loose();

const attainmentSchema = z.object({
  planId: z.number().int(),
  currency: z.string(),
  basis: z.enum(['amount', 'count']),
  planStart: z.string(),
  months: z.number().int(),
  thresholds: z.object({ green: z.number(), red: z.number() }),
  report: z
    .object({
      asOf: z.string(),
      period: z
        .object({
          kind: z.enum(['month', 'quarter', 'year']),
          index: z.number(),
          label: z.string(),
          from: z.string(),
          to: z.string(),
          state: z.enum(['not-started', 'open', 'closed']),
        })
        .loose(),
      reps: z.array(
        measuresSchema.extend({
          repId: z.string(),
          name: z.string(),
          managerId: z.string().nullable(),
          territoryId: z.string().nullable(),
          segment: z.string().nullable(),
        }),
      ),
      managers: z.array(groupSchema),
      territories: z.array(groupSchema),
      segments: z.array(groupSchema),
      organisation: groupSchema,
    })
    .loose(),
  ramps: z.array(rampSchema),
});

const adjustmentSchema = z.object({
  id: z.number().int(),
  repId: z.string(),
  kind: z.string(),
  effective: z.string(),
  reason: z.string(),
  before: z.array(z.number()),
  newMonthly: z.array(z.number()),
  result: z.array(z.number()),
  state: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

const periodQuery = z.object({
  period: z.enum(['month', 'quarter', 'year']).default('year'),
  /** Checked against the plan's calendar by the service (a month index of 12 in a 12-month plan: 422). */
  index: z.coerce.number().int().min(0).max(1000).default(0),
  asOf: inputDate.optional(),
  /** Narrow to one manager's subtree or one rep, inside the caller's own scope. */
  manager: z.string().min(1).max(MAX_REP_ID).optional(),
  rep: z.string().min(1).max(MAX_REP_ID).optional(),
  /** Keep only one territory's or segment's reps (an empty value: those without one). */
  territory: z.string().max(200).optional(),
  segment: z.string().max(200).optional(),
  /**
   * 'summary' keeps the monthly series only on the organisation and on the team asked for
   * (manager=…, else your own): a 5,000-rep team's tables need the period's totals alone, and
   * the series of every rep, team and territory would be most of the response.
   */
  series: z.enum(['all', 'summary']).default('all'),
});

export function registerTrackingRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/quotas',
        summary: 'Quotas of record in your scope',
        middleware: [requireRole(ROLES.readQuotas)] as const,
        request: { params: planParams },
        responses: { 200: json(z.array(quotaSchema), 'Quotas'), ...errorResponses },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        return c.json(await quotasInScope(contextOf(c), planId, scopeOf(c.get('member'))), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/quotas/{repId}',
        summary: 'One rep’s quota of record (404 outside your scope)',
        middleware: [requireRole(ROLES.readQuotas)] as const,
        request: { params: repParams },
        responses: { 200: json(quotaSchema, 'The quota'), ...errorResponses },
      }),
      async (c) => {
        const { planId, repId } = c.req.valid('param');
        const context = contextOf(c);
        await assertRepInScope(context.workspace, planId, c.get('member'), repId);
        const [row] = await quotasInScope(context, planId, { kind: 'self', repId });
        if (row === undefined)
          throw new HttpProblem(404, 'not-found', `no rep ${repId} in this plan`);
        return c.json(row, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/attainment',
        summary: 'Attainment, pace and indicators of a period, with roll-ups, in your scope',
        middleware: [requireRole(ROLES.readQuotas)] as const,
        request: { params: planParams, query: periodQuery },
        responses: { 200: json(attainmentSchema, 'Attainment'), ...errorResponses },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const query = c.req.valid('query');
        const context = contextOf(c);
        const member = c.get('member');
        let scope = scopeOf(member);
        // Narrowing: the manager or rep asked for must itself be inside the caller's scope.
        if (query.rep !== undefined) {
          await assertRepInScope(context.workspace, planId, member, query.rep);
          scope = { kind: 'self', repId: query.rep };
        } else if (query.manager !== undefined) {
          await assertRepInScope(context.workspace, planId, member, query.manager);
          scope = { kind: 'subtree', managerId: query.manager };
        }
        const view = await attainment(
          context,
          planId,
          scope,
          { kind: query.period, index: query.index },
          query.asOf,
          { territory: query.territory, segment: query.segment },
        );
        if (query.series !== 'summary') return jsonOfView(c, view, 'all', () => view);
        const team = query.manager ?? member.repId;
        return jsonOfView(c, view, `summary\n${team ?? ''}`, () => {
          const { report } = view;
          const bare = <T extends { series: unknown[] }>(row: T): T => ({
            ...row,
            series: row.series.slice(0, 0),
          });
          return {
            ...view,
            report: {
              ...report,
              reps: report.reps.map(bare),
              managers: report.managers.map((m) => (m.key === team ? m : bare(m))),
              territories: report.territories.map(bare),
              segments: report.segments.map(bare),
            },
          };
        });
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/bookings/refresh',
        summary: 'Recompute credited bookings from the workspace’s deals',
        middleware: [requireRole(ROLES.build)] as const,
        request: { params: planParams },
        responses: {
          200: json(z.object({ reps: z.number().int(), asOf: z.string() }), 'Refreshed'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        return c.json(await refreshBookings(contextOf(c), planId), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/adjustments',
        summary: 'Adjustments of the reps in your scope, and structural-change flags',
        middleware: [requireRole(ROLES.readQuotas)] as const,
        request: { params: planParams },
        responses: {
          200: json(
            z.object({ adjustments: z.array(adjustmentSchema), structural: z.array(z.unknown()) }),
            'Adjustments',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const context = contextOf(c);
        const scope = scopeOf(c.get('member'));
        const ids = await repIdsOfScope(context.workspace, planId, scope);
        return c.json(await listAdjustments(context, planId, ids), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/adjustments',
        summary: 'Request a mid-period change of a rep’s quota (managers: their team)',
        middleware: [requireRole(ROLES.requestAdjustment)] as const,
        request: {
          params: planParams,
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.strictObject({
                  repId: z.string().min(1).max(MAX_REP_ID),
                  kind: z.enum(ADJUSTMENT_KINDS),
                  effective: inputDate,
                  reason: z.string().min(5).max(4000),
                  newMonthly: z.array(z.number().int().min(0).max(MAX_CENTS)).min(1).max(120),
                }),
              },
            },
          },
        },
        responses: { 201: json(adjustmentSchema, 'The request'), ...errorResponses },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const body = c.req.valid('json');
        const context = contextOf(c);
        await assertRepInScope(context.workspace, planId, c.get('member'), body.repId);
        return c.json(await requestAdjustment(context, planId, body), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/adjustments/{adjustmentId}/decision',
        summary: 'Approve or reject a pending adjustment',
        middleware: [requireRole(ROLES.approve)] as const,
        request: {
          params: planParams.extend({ adjustmentId: id32.min(1) }),
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.strictObject({
                  approve: z.boolean(),
                  note: z.string().max(2000).nullable().default(null),
                }),
              },
            },
          },
        },
        responses: { 200: json(adjustmentSchema, 'The decision'), ...errorResponses },
      }),
      async (c) => {
        const { planId, adjustmentId } = c.req.valid('param');
        return c.json(
          await decideAdjustment(contextOf(c), planId, adjustmentId, c.req.valid('json')),
          200,
        );
      },
    );
}
