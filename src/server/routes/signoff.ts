// The sign-off gate and publication of a version (with the gate as recorded), the workspace's
// sign-off policy, and the diff of two versions.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import {
  publishSchema,
  signoffPolicyChangeSchema,
  signoffPolicySchema,
  signoffStatusSchema,
} from '../../contracts/api.ts';
import { setSignOffPolicy, signOffPolicyOf } from '../../services/workflow/policy.ts';
import {
  approveQuotas,
  overrideBacktest,
  publishVersion,
  signOff,
  signOffStatus,
} from '../../services/workflow/signoff.ts';
import { diffVersions } from '../../services/workflow/tracking.ts';
import { requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import {
  contextOf,
  errorResponses,
  id32,
  json,
  planParams,
  versionParams,
  workspaceParams,
} from './common.ts';

const checklistSchema = signoffStatusSchema;

const diffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  inputs: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['added', 'removed', 'changed']),
      before: z.unknown(),
      after: z.unknown(),
    }),
  ),
  quotas: z.object({ rows: z.array(z.object({ repId: z.string() }).loose()) }).loose(),
});

export function registerSignoffRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/diff',
        summary: 'What changed between two versions: inputs and per-rep quotas',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: {
          params: planParams,
          query: z.object({ from: id32, to: id32 }),
        },
        responses: { 200: json(diffSchema, 'The diff'), ...errorResponses },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const { from, to } = c.req.valid('query');
        return c.json(await diffVersions(contextOf(c), planId, from, to), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/signoff',
        summary: 'The sign-off checklist of a version, computed from the data',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: versionParams },
        responses: { 200: json(checklistSchema, 'The checklist'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        return c.json(await signOffStatus(contextOf(c), planId, version), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/backtest-override',
        summary: 'Accept a back-test outside the band, with a written reason',
        middleware: [requireRole(ROLES.approve)] as const,
        request: {
          params: versionParams,
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.strictObject({ reason: z.string().min(10).max(4000) }),
              },
            },
          },
        },
        responses: { 201: json(checklistSchema, 'The checklist'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { reason } = c.req.valid('json');
        const status = await overrideBacktest(
          contextOf(c),
          planId,
          version,
          c.get('member').title,
          reason,
        );
        return c.json(status, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/quota-approvals',
        summary: 'Approve the individual quotas of a version',
        middleware: [requireRole(ROLES.approve)] as const,
        request: {
          params: versionParams,
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.strictObject({ note: z.string().max(2000).nullable().default(null) }),
              },
            },
          },
        },
        responses: { 201: json(checklistSchema, 'The checklist'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { note } = c.req.valid('json');
        const status = await approveQuotas(
          contextOf(c),
          planId,
          version,
          c.get('member').title,
          note,
        );
        return c.json(status, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/signoff',
        summary: 'Sign the newest version off (refused while checklist items are open)',
        middleware: [requireRole(ROLES.approve)] as const,
        request: { params: versionParams },
        responses: { 201: json(checklistSchema, 'The checklist'), ...errorResponses },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        return c.json(await signOff(contextOf(c), planId, version, c.get('member').title), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/publish',
        summary:
          'Publish a signed-off version as the quota of record (once per plan; refused while the gate fails or when it overlaps a published plan it does not supersede)',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: versionParams,
          body: { content: { 'application/json': { schema: publishSchema } } },
        },
        responses: {
          201: json(
            z.object({
              planId: z.number().int(),
              version: z.number().int(),
              reps: z.number().int(),
              superseded: z.array(z.number().int()),
            }),
            'Published',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { supersedes } = c.req.valid('json');
        return c.json(await publishVersion(contextOf(c), planId, version, { supersedes }), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/signoff-policy',
        summary:
          'The approver titles that must approve definitions and quotas, each a different person',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: workspaceParams },
        responses: { 200: json(signoffPolicySchema, 'The policy'), ...errorResponses },
      }),
      async (c) => c.json(await signOffPolicyOf(contextOf(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/workspaces/{ws}/signoff-policy',
        summary: 'Name the approver titles (two different titles at least)',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: workspaceParams,
          body: { content: { 'application/json': { schema: signoffPolicyChangeSchema } } },
        },
        responses: { 200: json(signoffPolicySchema, 'The policy'), ...errorResponses },
      }),
      async (c) => {
        const { approverTitles } = c.req.valid('json');
        return c.json(await setSignOffPolicy(contextOf(c), approverTitles), 200);
      },
    );
}
