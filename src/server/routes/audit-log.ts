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
      summary:
        'Audit log entries, newest first (page back with before=<id>), by person, plan and kind',
      middleware: [requireRole(ROLES.readAudit)] as const,
      request: {
        params: workspaceParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: id32.min(1).optional(),
          entity: z.string().max(50).optional(),
          /** Who acted, or the member an entry is about. */
          person: z.email().max(254).optional(),
          /** Entries of one plan: the plan, its versions, register, adjustments and disputes. */
          plan: id32.min(1).optional(),
          /** An action ('adjustment.approve') or its family ('adjustment'). */
          kind: z
            .string()
            .min(1)
            .max(50)
            .regex(/^[a-z_]+(\.[a-z_]+)?$/, 'an action such as adjustment or adjustment.approve')
            .optional(),
        }),
      },
      responses: { 200: json(z.array(auditEntrySchema), 'Entries'), ...errorResponses },
    }),
    async (c) => {
      const { limit, before, entity, person, plan, kind } = c.req.valid('query');
      const workspace = c.get('workspace');
      const rows = await auditLogOf(workspace, {
        limit,
        beforeId: before,
        entity,
        person,
        planId: plan,
        action: kind,
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
