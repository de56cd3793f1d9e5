// The Definition Alignment Document: read by RevOps and leaders, reworded by RevOps, approved per
// term by the VP of Sales and the CRO.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import { definitionEditSchema, definitionSchema } from '../../contracts/api.ts';
import {
  approveDefinition,
  editDefinition,
  listDefinitions,
} from '../../services/workflow/definitions.ts';
import { requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { contextOf, errorResponses, json, workspaceParams } from './common.ts';

const termParams = workspaceParams.extend({ key: z.string().min(1).max(100) });

export function registerDefinitionRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/definitions',
        summary: 'The Definition Alignment terms with their approvals',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: workspaceParams },
        responses: { 200: json(z.array(definitionSchema), 'Terms'), ...errorResponses },
      }),
      async (c) => c.json(await listDefinitions(contextOf(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/workspaces/{ws}/definitions/{key}',
        summary: 'Reword a term (a new revision: earlier approvals no longer count)',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: termParams,
          body: {
            required: true,
            content: { 'application/json': { schema: definitionEditSchema } },
          },
        },
        responses: { 200: json(definitionSchema, 'The term'), ...errorResponses },
      }),
      async (c) => {
        const { key } = c.req.valid('param');
        return c.json(await editDefinition(contextOf(c), key, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/definitions/{key}/approvals',
        summary: 'Approve the current revision of a term as VP of Sales or CRO',
        middleware: [requireRole(ROLES.approve)] as const,
        request: { params: termParams },
        responses: { 201: json(definitionSchema, 'The term'), ...errorResponses },
      }),
      async (c) => {
        const { key } = c.req.valid('param');
        const term = await approveDefinition(contextOf(c), key, c.get('member').title);
        return c.json(term, 201);
      },
    );
}
