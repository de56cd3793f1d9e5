// The audit log: every import, edit, confirmation, approval, publication and adjustment, newest
// first, for RevOps and leaders.

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import { auditEntrySchema } from '../../contracts/api.ts';
import { auditLogOf } from '../../services/workflow/queries.ts';
import { requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { errorResponses, id32, json, workspaceParams } from './common.ts';

export function registerAuditLogRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app.openapi(
    createRoute({
      method: 'get',
      path: '/api/workspaces/{ws}/audit-log',
      summary: 'Audit log entries, newest first (page back with before=<id>)',
      middleware: [requireRole(ROLES.readAudit)] as const,
      request: {
        params: workspaceParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: id32.min(1).optional(),
          entity: z.string().max(50).optional(),
        }),
      },
      responses: { 200: json(z.array(auditEntrySchema), 'Entries'), ...errorResponses },
    }),
    async (c) => {
      const { limit, before, entity } = c.req.valid('query');
      const workspace = c.get('workspace');
      const rows = await auditLogOf(workspace, {
        limit,
        beforeId: before,
        entity,
      });
      return c.json(
        rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          userEmail: r.userEmail,
          action: r.action,
          entity: r.entity,
          entityId: r.entityId,
          before: r.before,
          after: r.after,
          reason: r.reason,
        })),
        200,
      );
    },
  );
}
