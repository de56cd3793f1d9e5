// Plans and their versions: list, draft v0 (names are unique), read a version, save an edit
// (optimistic locking), the assumption register of a version with its decisions (confirm or
// reopen one input at the value shown: no new version), the history of the register.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import {
  assumptionDecisionSchema,
  newPlanSchema,
  newVersionSchema,
  planSchema,
  registerSchema,
  transitionSchema,
  versionListingSchema,
  versionResultsSchema,
  versionSchema,
} from '../../contracts/api.ts';
import { planWithVersions, plansOf, transitionsOf } from '../../services/workflow/queries.ts';
import type { PlanRow } from '../../services/workflow/queries.ts';
import { decideAssumption, versionRegister } from '../../services/workflow/assumptions.ts';
import {
  createDraftPlan,
  requireVersion,
  saveVersion,
} from '../../services/workflow/plan-versions.ts';
import { requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import {
  contextOf,
  errorResponses,
  json,
  planParams,
  versionParams,
  workspaceParams,
} from './common.ts';

function planJson(p: PlanRow): z.infer<typeof planSchema> {
  return {
    id: p.id,
    name: p.name,
    latestVersion: p.latestVersion,
    publishedVersion: p.publishedVersion,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    periodStart: p.periodStart,
    months: p.months,
    supersedes: p.supersedes ?? [],
    supersededBy: p.supersededBy,
    supersededFrom: p.supersededFrom,
    createdAt: p.createdAt.toISOString(),
    createdBy: p.createdBy,
  };
}

export function registerPlanRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans',
        summary: 'The plans of the workspace',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: workspaceParams },
        responses: { 200: json(z.array(planSchema), 'Plans, oldest first'), ...errorResponses },
      }),
      async (c) => {
        const workspace = c.get('workspace');
        const rows = await plansOf(workspace);
        return c.json(rows.map(planJson), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans',
        summary: 'Draft v0 of a new plan from the workspace data, every input ASSUMED',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: workspaceParams,
          body: { required: true, content: { 'application/json': { schema: newPlanSchema } } },
        },
        responses: {
          201: json(
            z.object({ planId: z.number().int(), version: z.number().int() }),
            'The new plan',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const created = await createDraftPlan(contextOf(c), body);
        return c.json(created, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}',
        summary: 'One plan with its versions',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: planParams },
        responses: {
          200: json(
            planSchema.extend({ versions: z.array(versionListingSchema) }),
            'The plan and its versions',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const { plan, versions } = await planWithVersions(contextOf(c), planId);
        return c.json(
          {
            ...planJson(plan),
            versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}',
        summary: 'One version: its plan text and what its run produced',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: versionParams },
        responses: { 200: json(versionSchema, 'The version'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const row = await requireVersion(contextOf(c), planId, version);
        return c.json(
          {
            planId: row.planId,
            version: row.version,
            parentVersion: row.parentVersion,
            note: row.note,
            createdAt: row.createdAt.toISOString(),
            createdBy: row.createdBy,
            planYaml: row.planYaml,
            results: row.results,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/versions',
        summary: 'Save an edit as a new version (refused with 409 when baseVersion is stale)',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: planParams,
          body: { required: true, content: { 'application/json': { schema: newVersionSchema } } },
        },
        responses: {
          201: json(
            z.object({
              planId: z.number().int(),
              version: z.number().int(),
              results: versionResultsSchema,
            }),
            'The new version',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const body = c.req.valid('json');
        if ((body.planYaml === undefined) === (body.edits === undefined)) {
          throw new HttpProblem(
            422,
            'invalid',
            'planYaml, edits: send either planYaml or edits, not both or neither',
          );
        }
        const saved = await saveVersion(contextOf(c), {
          planId,
          baseVersion: body.baseVersion,
          note: body.note,
          change:
            body.planYaml !== undefined
              ? { kind: 'text', text: body.planYaml }
              : {
                  kind: 'edits',
                  edits: (body.edits ?? []).map((e) => ({
                    path: e.path,
                    ...(e.value === null ? {} : { value: e.value }),
                  })),
                },
        });
        return c.json(saved, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/assumptions',
        summary: 'The assumption register of a version as it stands, every decision applied',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: versionParams },
        responses: { 200: json(registerSchema, 'The register'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        return c.json(await versionRegister(contextOf(c), planId, version), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/assumptions',
        summary:
          'Confirm one input at the value shown (ASSUMED → CONFIRMED) or reopen it; recorded in the register, no new version',
        middleware: [requireRole(ROLES.confirm)] as const,
        request: {
          params: versionParams,
          body: {
            content: { 'application/json': { schema: assumptionDecisionSchema } },
            required: true,
          },
        },
        responses: { 201: json(registerSchema, 'The register'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const body = c.req.valid('json');
        return c.json(await decideAssumption(contextOf(c), { planId, version, ...body }), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/assumptions/history',
        summary: 'Every ASSUMED ↔ CONFIRMED transition of the plan, oldest first',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: planParams },
        responses: { 200: json(z.array(transitionSchema), 'Transitions'), ...errorResponses },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const rows = await transitionsOf(contextOf(c), planId);
        return c.json(
          rows.map((t) => ({
            version: t.version,
            key: t.key,
            label: t.label,
            value: t.value,
            source: t.source,
            fromStatus: t.fromStatus,
            toStatus: t.toStatus,
            by: t.by,
            at: t.at.toISOString(),
            note: t.note,
          })),
          200,
        );
      },
    );
}
