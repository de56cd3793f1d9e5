// Who I am (any signed-in user), the members of a workspace (admins), and the approver roles
// waiting for a second person (listed to admins and leaders, decided by a leader).

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import {
  memberResultSchema,
  memberRoleChangeSchema,
  memberSchema,
  meSchema,
  newMemberSchema,
  roleGrantDecisionSchema,
  roleGrantSchema,
} from '../../contracts/api.ts';
import { changeMemberRole, removeMember } from '../../services/workflow/members.ts';
import { decideRoleGrant, roleGrantsOf } from '../../services/workflow/role-grants.ts';
import { membersOf, membershipsOfUser } from '../../services/workflow/queries.ts';
import { requireRole, ROLES } from '../access.ts';
import type { QuotaplanAuth } from '../auth/index.ts';
import type { AppEnv } from '../context.ts';
import { addMember } from '../members.ts';
import { createWorkspace } from '../../services/workspace-admin.ts';
import { HttpProblem } from '../problem.ts';
import { contextOf, errorResponses, json, workspaceParams } from './common.ts';

/** A member by user id (better-auth's ids: letters, digits, - and _). */
const memberParams = workspaceParams.extend({
  userId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'a user id: letters, digits, - and _'),
});

export function registerMemberRoutes<S extends Schema>(
  app: OpenAPIHono<AppEnv, S>,
  auth: QuotaplanAuth,
  database: Parameters<typeof membershipsOfUser>[0],
) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/me',
        summary: 'The signed-in user and their workspaces (user null when nobody is signed in)',
        responses: { 200: json(meSchema, 'You, or nobody'), ...errorResponses },
      }),
      async (c) => {
        const user = c.get('user');
        // Being signed out is a normal state, not an error: the web app asks before sign-in.
        if (user === null) return c.json({ user: null, memberships: [] }, 200);
        const rows = await membershipsOfUser(database, user.userId);
        return c.json(
          {
            user: { id: user.userId, email: user.email, name: user.name },
            memberships: rows.map((m) => ({
              workspaceId: m.workspaceId,
              role: m.role,
              title: m.title,
              repId: m.repId,
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces',
        summary:
          'Create a workspace (any workspace admin may); you become its admin. For data that belongs apart',
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.strictObject({
                  id: z
                    .string()
                    .regex(
                      /^[a-z0-9][a-z0-9-]{0,62}$/,
                      'lower-case letters, digits and hyphens, 1 to 63',
                    ),
                  name: z.string().trim().min(1).max(200),
                  currency: z
                    .string()
                    .regex(/^[A-Z]{3}$/, 'a 3-letter ISO code like USD')
                    .default('USD'),
                }),
              },
            },
            required: true,
          },
        },
        responses: {
          201: json(
            z.object({ id: z.string(), name: z.string(), currency: z.string() }),
            'The workspace',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const user = c.get('user');
        if (user === null) throw new HttpProblem(401, 'unauthenticated', 'sign in first');
        const body = c.req.valid('json');
        const created = await createWorkspace(
          database,
          { userId: user.userId, email: user.email },
          body,
        );
        return c.json(created, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/members',
        summary: 'The members of the workspace',
        middleware: [requireRole(ROLES.build)] as const,
        request: { params: workspaceParams },
        responses: { 200: json(z.array(memberSchema), 'Members'), ...errorResponses },
      }),
      async (c) => c.json(await membersOf(c.get('workspace')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/members',
        summary:
          'Add a person (creating their user) or change their role; a leader role waits for an existing leader (202)',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: workspaceParams,
          body: { required: true, content: { 'application/json': { schema: newMemberSchema } } },
        },
        responses: {
          201: json(memberResultSchema, 'The member'),
          202: json(memberResultSchema, 'The approver role waits for a leader’s approval'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const context = contextOf(c);
        const body = c.req.valid('json');
        const added = await addMember(auth, context.workspace, context.actor, body);
        const result = {
          userId: added.userId,
          repId: added.repId,
          pendingGrant: added.pendingGrant,
        };
        return added.pendingGrant === null ? c.json(result, 201) : c.json(result, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/workspaces/{ws}/members/{userId}',
        summary:
          'Change a member’s role; a leader role waits for an existing leader (202); the last admin stays one',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: memberParams,
          body: {
            required: true,
            content: { 'application/json': { schema: memberRoleChangeSchema } },
          },
        },
        responses: {
          200: json(memberResultSchema, 'The member'),
          202: json(memberResultSchema, 'The approver role waits for a leader’s approval'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { userId } = c.req.valid('param');
        const result = await changeMemberRole(contextOf(c), userId, c.req.valid('json'));
        return result.pendingGrant === null ? c.json(result, 200) : c.json(result, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/workspaces/{ws}/members/{userId}',
        summary: 'Remove a member from the workspace (never the last admin)',
        middleware: [requireRole(ROLES.build)] as const,
        request: { params: memberParams },
        responses: {
          200: json(z.object({ userId: z.string(), removed: z.literal(true) }), 'Removed'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { userId } = c.req.valid('param');
        await removeMember(contextOf(c), userId);
        return c.json({ userId, removed: true as const }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/role-grants',
        summary: 'Approver roles asked for, pending ones first',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: workspaceParams },
        responses: { 200: json(z.array(roleGrantSchema), 'Grants'), ...errorResponses },
      }),
      async (c) => c.json(await roleGrantsOf(contextOf(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/role-grants/{grantId}/decision',
        summary:
          'Approve or reject an approver role (a leader other than the admin who asked and the grantee)',
        middleware: [requireRole(ROLES.approve)] as const,
        request: {
          params: workspaceParams.extend({
            grantId: z.coerce.number().int().min(1).max(2_147_483_647),
          }),
          body: {
            content: { 'application/json': { schema: roleGrantDecisionSchema } },
            required: true,
          },
        },
        responses: { 200: json(roleGrantSchema, 'The grant'), ...errorResponses },
      }),
      async (c) => {
        const { grantId } = c.req.valid('param');
        const decision = c.req.valid('json');
        const grant = await decideRoleGrant(
          contextOf(c),
          grantId,
          { approve: decision.approve, note: decision.note },
          c.get('member').title,
        );
        return c.json(grant, 200);
      },
    );
}
