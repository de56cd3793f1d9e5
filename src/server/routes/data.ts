// The workspace and its history: who I am here, the imports (upload CSV/XLSX files, all or
// nothing, recorded with their SHA-256 and who imported them), the data-quality audit and the
// baseline metrics.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import { issueSchema, workspaceSchema } from '../../contracts/api.ts';
import type { Issue } from '../../core/issue.ts';
import { importsOf, plansOf, recordAudit } from '../../services/workflow/queries.ts';
import { auditWorkspace } from '../../services/audit-service.ts';
import { baselineOfWorkspace } from '../../services/baseline-service.ts';
import {
  importIntoWorkspace,
  previewImportIntoWorkspace,
  validateImportRequest,
} from '../../services/import-service.ts';
import { requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { contextOf, errorResponses, json, workspaceParams } from './common.ts';
import { BASELINE_GROUPINGS } from '../../core/baseline/index.ts';
import { DEAL_TYPES } from '../../core/model.ts';
import type { DealType } from '../../core/model.ts';

/** An issue naming the uploaded file by its name, not the path the server kept it under. */
function uploadedName(issue: Issue): Issue {
  const file = issue.location?.file;
  return file === undefined
    ? issue
    : { ...issue, location: { ...issue.location, file: basename(file) } };
}

const importSchema = z.object({
  id: z.number().int(),
  startedAt: z.string(),
  preset: z.string(),
  importedBy: z.string(),
  status: z.string(),
  files: z.array(
    z.object({
      name: z.string(),
      sha256: z.string(),
      entity: z.string().nullable(),
      rows: z.number(),
      accepted: z.number(),
      rejected: z.number(),
    }),
  ),
  error: z.string().nullable(),
});

const importResultSchema = z.object({
  importId: z.number().int(),
  preset: z.string(),
  files: z.array(
    z.object({
      name: z.string(),
      sha256: z.string(),
      entity: z.string().nullable(),
      format: z.string(),
      rows: z.number(),
      accepted: z.number(),
      rejected: z.number(),
    }),
  ),
  counts: z.record(z.string(), z.object({ inserted: z.number(), updated: z.number() })),
  notices: z.array(issueSchema),
});

const importPreviewSchema = z.object({
  dryRun: z.literal(true),
  preset: z.string(),
  files: z.array(
    z.object({
      name: z.string(),
      entity: z.string().nullable(),
      format: z.string(),
      rows: z.number(),
      accepted: z.number(),
      rejected: z.number(),
      /** Model field → the source column it was read from. */
      columns: z.record(z.string(), z.string()),
    }),
  ),
  errors: z.array(issueSchema),
  errorCount: z.number().int(),
  notices: z.array(issueSchema),
  records: z.record(z.string(), z.number().int()),
  samples: z.record(z.string(), z.array(z.unknown())),
  audit: z.object({
    asOf: z.string().nullable(),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    findings: z.array(
      z.object({
        code: z.string(),
        severity: z.string(),
        title: z.string(),
        description: z.string(),
        count: z.number().int(),
      }),
    ),
  }),
});

const uploadSchema = z
  .object({
    /** "true": read and check the files, store nothing (the import wizard's preview). */
    dryRun: z.string().optional(),
    preset: z.string().optional(),
    dateFormat: z.string().optional(),
    asOf: z.string().optional(),
  })
  .loose();

export function registerDataRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S>) {
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}',
        summary: 'The workspace and your role in it',
        request: { params: workspaceParams },
        responses: { 200: json(workspaceSchema, 'The workspace'), ...errorResponses },
      }),
      async (c) => {
        const workspace = c.get('workspace');
        const member = c.get('member');
        const plans = await plansOf(workspace);
        const trackingPlans = plans
          .flatMap((p) =>
            p.publishedVersion === null || p.periodStart === null || p.months === null
              ? []
              : [
                  {
                    id: p.id,
                    name: p.name,
                    publishedVersion: p.publishedVersion,
                    publishedAt: p.publishedAt?.toISOString() ?? null,
                    periodStart: p.periodStart,
                    months: p.months,
                  },
                ],
          )
          .reverse();
        return c.json(
          {
            id: workspace.id,
            currency: workspace.settings.currency,
            basis: workspace.settings.basis,
            asOf: workspace.settings.asOf,
            role: member.role,
            title: member.title,
            repId: member.repId,
            trackingPlans,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/imports',
        summary: 'Imports, oldest first, with each file’s SHA-256 and who imported it',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: workspaceParams },
        responses: { 200: json(z.array(importSchema), 'Imports'), ...errorResponses },
      }),
      async (c) => {
        const workspace = c.get('workspace');
        const rows = await importsOf(workspace);
        return c.json(
          rows.map((r) => ({
            id: r.id,
            startedAt: r.startedAt,
            preset: r.preset,
            importedBy: r.importedBy,
            status: r.status,
            files: r.files,
            error: r.error,
          })),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{ws}/imports',
        summary:
          'Import CSV or XLSX files (multipart field "files"); all or nothing; dryRun=true stores nothing',
        middleware: [requireRole(ROLES.build)] as const,
        request: {
          params: workspaceParams,
          body: { content: { 'multipart/form-data': { schema: uploadSchema } } },
        },
        responses: {
          200: json(importPreviewSchema, 'The dry run: what the import would read'),
          201: json(importResultSchema, 'The import'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const context = contextOf(c);
        const form = await c.req.parseBody({ all: true });
        const uploaded = ([] as unknown[])
          .concat(form.files ?? [])
          .filter((f) => f instanceof File);
        if (uploaded.length === 0) {
          throw new HttpProblem(
            422,
            'invalid',
            'attach one or more files in the form field "files"',
          );
        }
        const text = (key: string): string | undefined => {
          const value = form[key];
          return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
        };
        const dir = await mkdtemp(join(tmpdir(), 'quotaplan-upload-'));
        try {
          const paths: string[] = [];
          for (const [i, file] of uploaded.entries()) {
            // The original name (without any folder part) is what messages and the import record show.
            const name = basename(file.name.replaceAll('\\', '/')) || `upload-${i + 1}.csv`;
            // One folder per file: two uploads may share a name.
            const folder = join(dir, String(i));
            await mkdir(folder);
            const target = join(folder, name);
            await writeFile(target, new Uint8Array(await file.arrayBuffer()));
            paths.push(target);
          }
          const request = {
            paths,
            env: {},
            preset: text('preset'),
            dateFormat: text('dateFormat'),
            asOf: text('asOf'),
            importedBy: context.actor.email,
          };
          const problems = validateImportRequest(request);
          if (problems.length > 0)
            throw new HttpProblem(422, 'invalid', 'the import options are not valid', problems);
          if (text('dryRun') === 'true') {
            const preview = await previewImportIntoWorkspace(
              context.workspace,
              request,
              undefined,
              undefined,
            );
            if (!preview.ok) {
              throw new HttpProblem(
                422,
                'import-refused',
                'the files cannot be read',
                preview.issues.slice(0, 200).map(uploadedName),
              );
            }
            const p = preview.value;
            return c.json(
              {
                dryRun: true as const,
                preset: p.preset,
                files: p.files.map((f) => ({
                  name: basename(f.name),
                  entity: f.entity,
                  format: f.format,
                  rows: f.rows,
                  accepted: f.accepted,
                  rejected: f.rejected,
                  columns: f.columns,
                })),
                errors: p.errors.map(uploadedName),
                errorCount: p.errorCount,
                notices: p.notices.map(uploadedName),
                records: p.records,
                samples: p.samples,
                audit: {
                  asOf: p.audit.asOf,
                  errorCount: p.audit.errorCount,
                  warningCount: p.audit.warningCount,
                  findings: p.audit.findings.map((f) => ({
                    code: f.code,
                    severity: f.severity,
                    title: f.title,
                    description: f.description,
                    count: f.count,
                  })),
                },
              },
              200,
            );
          }
          const outcome = await importIntoWorkspace(
            context.workspace,
            request,
            undefined,
            undefined,
          );
          if (!outcome.ok) {
            throw new HttpProblem(
              422,
              'import-refused',
              'the files were not imported; nothing changed',
              outcome.issues.slice(0, 200).map(uploadedName),
            );
          }
          const summary = outcome.value;
          await recordAudit(context, {
            action: 'import',
            entity: 'import',
            entityId: String(summary.importId),
            after: { files: summary.files.map((f) => f.name), counts: summary.counts },
          });
          return c.json(
            {
              importId: summary.importId,
              preset: summary.preset,
              files: summary.files.map((f) => ({
                name: basename(f.name),
                sha256: f.sha256,
                entity: f.entity,
                format: f.format,
                rows: f.rows,
                accepted: f.accepted,
                rejected: f.rejected,
              })),
              counts: summary.counts,
              notices: summary.notices,
            },
            201,
          );
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/data-quality',
        summary: 'The data-quality audit of the workspace’s history, by rule',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: { params: workspaceParams },
        responses: {
          200: json(z.object({ deals: z.number() }).loose(), 'The audit report'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const report = await auditWorkspace(c.get('workspace'));
        // The server's storage location is not the client's business.
        return c.json({ ...report, location: undefined }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{ws}/baseline',
        summary: 'Baseline metrics (METHOD §3) by rep, territory, segment, manager or company',
        middleware: [requireRole(ROLES.readPlans)] as const,
        request: {
          params: workspaceParams,
          query: z.object({
            by: z.enum(BASELINE_GROUPINGS as unknown as [string, ...string[]]).default('rep'),
            from: z.iso.date().optional(),
            to: z.iso.date().optional(),
            types: z.string().optional(),
          }),
        },
        responses: {
          200: json(z.object({ rows: z.array(z.unknown()) }).loose(), 'The baseline'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const query = c.req.valid('query');
        let types: DealType[] | undefined;
        if (query.types !== undefined) {
          types = query.types.split(',').map((t) => t.trim()) as DealType[];
          const unknown = types.filter((t) => !DEAL_TYPES.includes(t));
          if (unknown.length > 0) {
            throw new HttpProblem(
              422,
              'invalid',
              `unknown deal types: ${unknown.join(', ')}; expected ${DEAL_TYPES.join(', ')}`,
            );
          }
        }
        const result = await baselineOfWorkspace(c.get('workspace'), query, types);
        if (!result.ok)
          throw new HttpProblem(422, 'invalid', 'the baseline cannot be computed', result.issues);
        return c.json({ ...result.value, location: undefined }, 200);
      },
    );
}
