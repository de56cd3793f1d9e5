// Who I am (any signed-in user) and the members of a workspace (admins).

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import { memberSchema, meSchema, newMemberSchema } from '../../contracts/api.ts';
import { membersOf, membershipsOfUser } from '../../services/workflow/queries.ts';
import { requireRole, ROLES } from '../access.ts';
import type { QuotaplanAuth } from '../auth/index.ts';
import type { AppEnv } from '../context.ts';
import { addMember } from '../members.ts';
import { contextOf, errorResponses, json, workspaceParams } from './common.ts';

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
        summary: 'Add a person (creating their user) or change their role',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: workspaceParams,
          body: { content: { 'application/json': { schema: newMemberSchema } } },
        },
        responses: {
          201: json(z.object({ userId: z.string(), repId: z.string().nullable() }), 'The member'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const context = contextOf(c);
        const body = c.req.valid('json');
        const added = await addMember(auth, context.workspace, context.actor, body);
        return c.json({ userId: added.userId, repId: added.repId }, 201);
      },
    );
}
