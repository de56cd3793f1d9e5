// The deals behind a rep's bookings figure (rep: their own; manager: their team; leaders and
// RevOps: anyone) and credit disputes: a rep disputes a deal's credit, a manager of theirs or a
// leader accepts it with a note or rejects it; each person sees the disputes of their scope.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import { MAX_REP_ID } from '../../contracts/api.ts';
import {
  creditedDealsOf,
  disputesOf,
  raiseDispute,
  resolveDispute,
} from '../../services/workflow/credit.ts';
import { repIdsOfScope, scopeContains } from '../../services/workflow/queries.ts';
import { assertRepInScope, requireRole, ROLES, scopeOf } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { contextOf, errorResponses, id32, json, planParams } from './common.ts';

/** Text stored as it is sent: no lone UTF-16 surrogate (Postgres refuses one). */
const storedText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((text) => !/\p{Cs}/u.test(text), 'well-formed Unicode text');

const creditedDealSchema = z.object({
  dealId: z.string(),
  name: z.string().nullable(),
  accountId: z.string().nullable(),
  closeDate: z.string(),
  type: z.string().nullable(),
  amount: z.number(),
  share: z.number(),
  credited: z.number(),
  split: z.boolean(),
});

const creditedDealsSchema = z.object({
  planId: z.number().int(),
  repId: z.string(),
  name: z.string(),
  period: z.object({
    kind: z.enum(['month', 'quarter', 'year']),
    index: z.number().int(),
    label: z.string(),
    from: z.string(),
    to: z.string(),
  }),
  measure: z.string(),
  counts: z.array(z.string()),
  deals: z.array(creditedDealSchema),
  total: z.number(),
  bookings: z.number(),
  bookingsAsOf: z.string().nullable(),
});

const disputeSchema = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  repId: z.string(),
  dealId: z.string(),
  reason: z.string(),
  state: z.enum(['open', 'accepted', 'rejected']),
  raisedBy: z.string(),
  raisedAt: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
});

export function registerDisputeRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/credited-deals',
        summary:
          'The won deals credited to a rep in a period, with split share and credited amount (your scope)',
        middleware: [requireRole(ROLES.readQuotas)] as const,
        request: {
          params: planParams,
          query: z.object({
            /** The rep; yourself when left out. */
            rep: z.string().min(1).max(MAX_REP_ID).optional(),
            period: z.enum(['month', 'quarter', 'year']).default('year'),
            index: z.coerce.number().int().min(0).max(1000).default(0),
          }),
        },
        responses: { 200: json(creditedDealsSchema, 'The deals'), ...errorResponses },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const query = c.req.valid('query');
        const context = contextOf(c);
        const member = c.get('member');
        const repId = query.rep ?? member.repId;
        if (repId === null) {
          throw new HttpProblem(422, 'invalid', 'rep: name the rep whose deals to list', [
            {
              code: 'rep-missing',
              severity: 'error',
              message: 'rep: you have no rep record; name the rep whose deals to list',
              expected: 'rep=<rep id>',
            },
          ]);
        }
        await assertRepInScope(context.workspace, planId, member, repId);
        return c.json(
          await creditedDealsOf(context, planId, repId, { kind: query.period, index: query.index }),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/disputes',
        summary: 'Credit disputes of the reps in your scope, newest first',
        middleware: [requireRole(ROLES.readQuotas)] as const,
        request: { params: planParams },
        responses: { 200: json(z.array(disputeSchema), 'Disputes'), ...errorResponses },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const context = contextOf(c);
        const ids = await repIdsOfScope(context.workspace, planId, scopeOf(c.get('member')));
        return c.json(await disputesOf(context, planId, ids), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/disputes',
        summary: 'Dispute the credit of one of your won deals in the plan',
        middleware: [requireRole(ROLES.raiseDispute)] as const,
        request: {
          params: planParams,
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.strictObject({
                  dealId: storedText(1, 200),
                  reason: storedText(5, 4000),
                }),
              },
            },
          },
        },
        responses: { 201: json(disputeSchema, 'The dispute'), ...errorResponses },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const member = c.get('member');
        if (member.repId === null) {
          throw new HttpProblem(403, 'forbidden', 'your membership is not linked to a rep record');
        }
        return c.json(
          await raiseDispute(contextOf(c), planId, member.repId, c.req.valid('json')),
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/plans/{planId}/disputes/{disputeId}/decision',
        summary:
          'Accept (with a note) or reject an open credit dispute: a manager of the rep, or a leader',
        middleware: [requireRole(ROLES.resolveDispute)] as const,
        request: {
          params: planParams.extend({ disputeId: id32.min(1) }),
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z.strictObject({
                  accept: z.boolean(),
                  note: storedText(0, 2000).nullable().default(null),
                }),
              },
            },
          },
        },
        responses: { 200: json(disputeSchema, 'The resolution'), ...errorResponses },
      }),
      async (c) => {
        const { planId, disputeId } = c.req.valid('param');
        const context = contextOf(c);
        const member = c.get('member');
        const scope = scopeOf(member);
        // A manager resolves their team's disputes, never their own; out of scope is not found.
        const mayResolve = async (repId: string) =>
          repId !== member.repId && (await scopeContains(context.workspace, planId, scope, repId));
        return c.json(
          await resolveDispute(context, planId, disputeId, c.req.valid('json'), mayResolve),
          200,
        );
      },
    );
}
