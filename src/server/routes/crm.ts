// CRM connections (admins only): connect an org, list and remove connections, test one, and pull
// its data into the workspace through the import path. Secrets go in and never come out.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import {
  crmConnectionSchema,
  crmPullResultSchema,
  crmTestReportSchema,
  newCrmConnectionSchema,
} from '../../contracts/api.ts';
import {
  createCrmConnection,
  deleteCrmConnectionById,
  getCrmConnectionView,
  listCrmConnectionViews,
  testCrmConnection,
  type CrmRuntime,
} from '../../services/crm-connections.ts';
import { pullFromCrm } from '../../services/crm-pull.ts';
import { requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { contextOf, errorResponses, id32, json, WS, workspaceParams } from './common.ts';

const connectionParams = workspaceParams.extend({ connectionId: id32.min(1) });
const problemJson = {
  content: { 'application/problem+json': { schema: z.object({}).loose() } },
};

export function registerCrmRoutes<S extends Schema>(
  app: OpenAPIHono<AppEnv, S>,
  runtime: CrmRuntime,
) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: `${WS}/crm/connections`,
        summary: 'The workspace’s CRM connections (never their secrets)',
        middleware: [requireRole(ROLES.build)] as const,
        request: { params: workspaceParams },
        responses: { 200: json(z.array(crmConnectionSchema), 'Connections'), ...errorResponses },
      }),
      async (c) => c.json(await listCrmConnectionViews(c.get('workspace')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: `${WS}/crm/connections`,
        summary:
          'Connect a Salesforce org (client credentials, JWT bearer or an access token); the secret is stored encrypted (409 when QUOTAPLAN_SECRET_KEY is not set)',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: workspaceParams,
          body: {
            required: true,
            content: { 'application/json': { schema: newCrmConnectionSchema } },
          },
        },
        responses: { 201: json(crmConnectionSchema, 'The connection'), ...errorResponses },
      }),
      async (c) => {
        const created = await createCrmConnection(contextOf(c), c.req.valid('json'), runtime);
        return c.json(created, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: `${WS}/crm/connections/{connectionId}`,
        summary: 'Remove a CRM connection and its stored secret',
        middleware: [requireRole(ROLES.build)] as const,
        request: { params: connectionParams },
        responses: { 204: { description: 'Removed' }, ...errorResponses },
      }),
      async (c) => {
        await deleteCrmConnectionById(contextOf(c), c.req.valid('param').connectionId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: `${WS}/crm/connections/{connectionId}/test`,
        summary:
          'Sign in and report the API version, the user and which of forecasting, multicurrency, splits and territories are on (ok false with Salesforce’s error when it refuses)',
        middleware: [requireRole(ROLES.build)] as const,
        request: { params: connectionParams },
        responses: { 200: json(crmTestReportSchema, 'The report'), ...errorResponses },
      }),
      async (c) => {
        const report = await testCrmConnection(
          contextOf(c),
          c.req.valid('param').connectionId,
          runtime,
        );
        return c.json(report, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: `${WS}/crm/connections/{connectionId}/pull`,
        summary:
          'Pull users, accounts, opportunities, splits and rates into the workspace as one import: in full the first time (or with mode=full), then what changed since the stored SystemModstamp watermark, removing what the CRM deleted (nothing is stored when the CRM cannot be read to the end or the import is refused)',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: connectionParams,
          query: z.object({
            /** Default: incremental once a pull has stored a watermark, else full. */
            mode: z.enum(['full', 'incremental']).optional(),
          }),
        },
        responses: {
          201: json(crmPullResultSchema, 'The import made by the pull'),
          ...errorResponses,
          502: { ...problemJson, description: 'The CRM could not be read; nothing was stored' },
        },
      }),
      async (c) => {
        const context = contextOf(c);
        const { connectionId } = c.req.valid('param');
        // 404 before any CRM traffic for a connection that is not this workspace's.
        await getCrmConnectionView(context.workspace, connectionId);
        const result = await pullFromCrm(context, connectionId, runtime, {
          mode: c.req.valid('query').mode,
        });
        if (result.error !== null) {
          throw new HttpProblem(
            502,
            'crm-unavailable',
            `the CRM could not be read; nothing was stored: ${result.error.code}: ${result.error.message}`,
          );
        }
        if (!result.ok) {
          throw new HttpProblem(
            422,
            'import-refused',
            'the CRM data was not imported; nothing changed',
            result.issues,
          );
        }
        return c.json(result, 201);
      },
    );
}
