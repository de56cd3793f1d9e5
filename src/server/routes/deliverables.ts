// Downloads of a version's deliverables: the quota model workbook and the documents of the
// package (RevOps and leaders; the package holds every rep's numbers, so not for managers or
// reps), and one rep's quota letter of the published version (anyone, within their scope).

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import { MAX_REP_ID } from '../../contracts/api.ts';
import {
  publishedQuotaLetter,
  versionDocuments,
  versionWorkbook,
} from '../../services/workflow/deliverables.ts';
import { assertRepInScope, requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { contextOf, errorResponses, json, planParams, versionParams } from './common.ts';

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

const formatQuery = z.object({ format: z.enum(['pdf', 'html', 'md']).default('pdf') });

export function registerDeliverableRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/workbook',
        summary: 'The quota model workbook (XLSX, every quota a live formula of the inputs)',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: {
          params: versionParams,
          query: z.object({ scenarios: z.enum(['true', 'false']).default('true') }),
        },
        responses: {
          200: {
            content: {
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: z.string().meta({ format: 'binary' }),
              },
            },
            description: 'The workbook',
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { scenarios } = c.req.valid('query');
        const file = await versionWorkbook(contextOf(c), planId, version, {
          scenarios: scenarios === 'true',
        });
        return c.body(new Uint8Array(file.bytes), 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${file.fileName}"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/documents',
        summary:
          'The files of the package (methodology, definitions, letters, talking points…) with their kind and title',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: versionParams, query: formatQuery },
        responses: {
          200: json(
            z.array(
              z.object({
                path: z.string(),
                kind: z.enum(['package', 'document', 'talking-points', 'letter', 'index', 'chart']),
                title: z.string(),
                bytes: z.number().int(),
              }),
            ),
            'Files',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { format } = c.req.valid('query');
        const files = await versionDocuments(contextOf(c), planId, version, format);
        return c.json(
          files.map((f) => ({ path: f.path, kind: f.kind, title: f.title, bytes: f.bytes.length })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/versions/{version}/documents/file',
        summary: 'One document of the package, by its path in the listing',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: {
          params: versionParams,
          query: formatQuery.extend({ path: z.string().min(1).max(500) }),
        },
        responses: {
          200: {
            content: {
              'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) },
            },
            description: 'The document',
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId, version } = c.req.valid('param');
        const { format, path } = c.req.valid('query');
        const files = await versionDocuments(contextOf(c), planId, version, format);
        const file = files.find((f) => f.path === path);
        if (file === undefined) throw new HttpProblem(404, 'not-found', `no document ${path}`);
        const name = path.split('/').pop() ?? 'document';
        return c.body(new Uint8Array(file.bytes), 200, {
          'content-type': CONTENT_TYPES[format] ?? 'application/octet-stream',
          'content-disposition': `attachment; filename="${name.replace(/["\\\r\n]/g, '_')}"`,
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/plans/{planId}/quota-letter',
        summary:
          'A rep’s quota letter of the published version (default: your own; 404 outside your scope)',
        middleware: [requireRole(ROLES.readQuotas)] as const,
        request: {
          params: planParams,
          query: z.object({
            rep: z.string().min(1).max(MAX_REP_ID).optional(),
            format: z.enum(['html', 'pdf']).default('html'),
          }),
        },
        responses: {
          200: {
            content: {
              'text/html': { schema: z.string() },
              'application/pdf': { schema: z.string().meta({ format: 'binary' }) },
            },
            description: 'The letter',
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { planId } = c.req.valid('param');
        const { rep, format } = c.req.valid('query');
        const member = c.get('member');
        const repId = rep ?? member.repId;
        if (repId === null) {
          throw new HttpProblem(422, 'invalid', 'rep: name the rep whose letter you want (?rep=…)');
        }
        const context = contextOf(c);
        await assertRepInScope(context.workspace, planId, member, repId);
        const letter = await publishedQuotaLetter(context, planId, repId, format);
        return c.body(new Uint8Array(letter.bytes), 200, {
          'content-type': CONTENT_TYPES[format] ?? 'application/octet-stream',
          // Inline: the browser shows the letter; the file name serves a "save as". The page
          // needs nothing but its inline styles and SVG charts.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
          'content-disposition': `inline; filename="${letter.fileName.replace(/["\\\r\n]/g, '_')}"`,
        });
      },
    );
}
