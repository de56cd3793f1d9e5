// The workspace and its history: who I am here, the imports (upload CSV/XLSX files, all or
// nothing, recorded with their SHA-256 and who imported them), the data-quality audit and the
// baseline metrics.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { z } from 'zod';
import { asOfSchema, inputDate, issueSchema, workspaceSchema } from '../../contracts/api.ts';
import type { AsOf } from '../../core/as-of.ts';
import { hasControlCharacter } from '../../core/input-check.ts';
import { formatIssue } from '../../core/issue.ts';
import type { Issue } from '../../core/issue.ts';
import { importsOf, trackingPlansOf } from '../../services/workflow/queries.ts';
import { auditInWorker } from '../../services/audit-service.ts';
import { baselineInWorker } from '../../services/baseline-service.ts';
import {
  importIntoWorkspace,
  loadRequestMapping,
  mappingCatalog,
  parseDateFormatOption,
  previewImportIntoWorkspace,
  validateImportRequest,
} from '../../services/import-service.ts';
import { workspaceAsOf } from '../../services/workspace.ts';
import { requireRole, ROLES } from '../access.ts';
import type { AppEnv } from '../context.ts';
import { HttpProblem } from '../problem.ts';
import { contextOf, errorResponses, json, jsonAnswer, workspaceParams } from './common.ts';
import { BASELINE_GROUPINGS } from '../../core/baseline/index.ts';
import { DEAL_TYPES } from '../../core/model.ts';
import type { DealType } from '../../core/model.ts';

/**
 * The as-of date as a member may see it: admins and leaders learn which record set it; managers
 * and reps get the rule without the record (a deal id of another team is not theirs to see).
 */
function asOfForMember(
  asOf: AsOf | null,
  role: string,
): { date: string; source: AsOf['source']; note: string } | null {
  if (asOf === null) return null;
  const note =
    asOf.source === 'data' && role !== 'admin' && role !== 'leader'
      ? 'the latest past date in the data'
      : asOf.note;
  return { date: asOf.date, source: asOf.source, note };
}

/** An issue naming the uploaded file by its name, not the path the server kept it under. */
function uploadedName(issue: Issue): Issue {
  const file = issue.location?.file;
  return file === undefined
    ? issue
    : { ...issue, location: { ...issue.location, file: basename(file) } };
}

/** The longest upload name accepted, in characters (and file systems allow 255 bytes). */
const MAX_UPLOAD_NAME = 200;

/** Why an uploaded file's name cannot be kept on disk and shown, or null when it can. */
function uploadNameProblem(name: string): string | null {
  if (name === '.' || name === '..') return 'names a folder';
  if (hasControlCharacter(name)) return 'holds a control character';
  if (name.length > MAX_UPLOAD_NAME || Buffer.byteLength(name) > 255) {
    return `is longer than ${MAX_UPLOAD_NAME} characters (or 255 bytes)`;
  }
  return null;
}

function showName(name: string): string {
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}…` : name);
}

/** Mapping documents are small; a larger field is a mistake (a data file in the wrong field). */
const MAX_MAPPING_BYTES = 256 * 1024;

/**
 * The multipart field "mapping" as text (sent as a value or as a file; the route's schema has
 * refused anything else, such as the field twice); undefined when absent or blank.
 */
async function mappingOf(field: unknown): Promise<string | undefined> {
  let text: string;
  if (typeof field === 'string') text = field;
  else if (field instanceof File) {
    if (field.size > MAX_MAPPING_BYTES) throw mappingTooLarge(field.size);
    text = await field.text();
  } else return undefined;
  if (text.length > MAX_MAPPING_BYTES) throw mappingTooLarge(text.length);
  return text.trim() === '' ? undefined : text;
}

function mappingTooLarge(size: number): HttpProblem {
  return new HttpProblem(
    422,
    'mapping-invalid',
    `the mapping is ${size.toLocaleString('en-US')} bytes; expected a mapping document of at most ${MAX_MAPPING_BYTES.toLocaleString('en-US')} bytes`,
  );
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
  /** The workspace's as-of date after the import, and where it came from. */
  asOf: asOfSchema.nullable(),
});

const previewFileSchema = z.object({
  name: z.string(),
  /**
   * recognised: read as `entity`; ignored: skipped by the preset or the mapping; unrecognised:
   * nothing says what it holds (map its columns); refused: recognised but a required or mapped
   * column is missing, or its dates fit no order; unreadable: not a CSV or XLSX table.
   */
  status: z.enum(['recognised', 'ignored', 'unrecognised', 'refused', 'unreadable']),
  entity: z.string().nullable(),
  /** Which rule decided: 'Maven sales_pipeline', 'mapping files[0]', 'generic deals (by name)'. */
  label: z.string().nullable(),
  format: z.enum(['csv', 'xlsx']).nullable(),
  /** The CSV delimiter detected or given; null for XLSX and unreadable files. */
  delimiter: z.string().nullable(),
  rows: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** Model field → the source column it is read from (`$row`: the row number). */
  columns: z.record(z.string(), z.string()),
  /** The file's header, in order, with up to 3 distinct raw values from its first rows. */
  headers: z.array(z.object({ name: z.string(), samples: z.array(z.string()) })),
  /** For every entity: field → the column its usual header names find in this file. */
  suggested: z.record(z.string(), z.record(z.string(), z.string())),
  /** Why the file is unrecognised, refused or unreadable. */
  issues: z.array(issueSchema),
});

const importPreviewSchema = z.object({
  dryRun: z.literal(true),
  /** True when importing these files would store them: no file problem and no row error. */
  ready: z.boolean(),
  /** Null when the files look like exports of different systems. */
  preset: z.string().nullable(),
  files: z.array(previewFileSchema),
  /** File problems, then row errors, each naming file, row, column and what was expected. */
  errors: z.array(issueSchema),
  errorCount: z.number().int(),
  notices: z.array(issueSchema),
  /**
   * Per entity that has stored records: the fields the files have no column for; stored values
   * of these fields are kept, not erased.
   */
  untouched: z.record(z.string(), z.array(z.string())),
  records: z.record(z.string(), z.number().int()),
  samples: z.record(z.string(), z.array(z.unknown())),
  /** Null when the files cannot be read as a whole. */
  audit: z
    .object({
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
          /** The first 20 affected records, with the file and row each was read from. */
          refs: z.array(
            z.object({
              entity: z.string(),
              id: z.string(),
              detail: z.string(),
              /** Null for records the import derived (e.g. reps from deal owners). */
              file: z.string().nullable(),
              row: z.number().int().nullable(),
            }),
          ),
        }),
      ),
    })
    .nullable(),
  /** What a mapping can say: each entity's fields (and which are required). */
  mappingFields: z.array(
    z.object({
      entity: z.string(),
      fields: z.array(z.object({ name: z.string(), kind: z.string(), required: z.boolean() })),
      requiredOneOf: z.array(z.array(z.string())),
    }),
  ),
});

const uploadSchema = z
  .object({
    /** "true": read and check the files, store nothing (the import wizard's preview). */
    dryRun: z.enum(['true', 'false']).optional(),
    preset: z.string().max(50).optional(),
    dateFormat: z.string().max(50).optional(),
    /** The data's extraction date (empty: the latest date in the data). */
    asOf: z.union([z.literal(''), inputDate]).optional(),
    /**
     * A mapping document, as text or a file: YAML (or JSON) in the format of mapping files
     * (docs/data-formats.md, examples/mapping-reference.yaml); with a dry run or the import.
     */
    mapping: z
      .union([z.string(), z.file().meta({ type: 'string', format: 'binary' })], {
        error: 'expected one mapping document: text or a file',
      })
      .optional(),
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
        const trackingPlans = await trackingPlansOf(workspace);
        return c.json(
          {
            id: workspace.id,
            currency: workspace.settings.currency,
            basis: workspace.settings.basis,
            asOf: workspace.settings.asOf,
            dataAsOf: asOfForMember(await workspaceAsOf(workspace), member.role),
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
            'files: attach one or more files in the form field "files"',
          );
        }
        const text = (key: string): string | undefined => {
          const value = form[key];
          return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
        };
        // The original name (without any folder part) is what messages and the import record
        // show, and the file is kept under it while it is read: it must be a usable file name.
        const names = uploaded.map(
          (file, i) => basename(file.name.replaceAll('\\', '/')) || `upload-${i + 1}.csv`,
        );
        const badNames = names.flatMap((name, i) => {
          const problem = uploadNameProblem(name);
          return problem === null
            ? []
            : [
                {
                  code: 'upload-name-invalid',
                  severity: 'error' as const,
                  message: `files[${i}]: the file name ${showName(name)} ${problem}`,
                  expected: `a file name of 1 to ${MAX_UPLOAD_NAME} characters, without control characters, other than . and ..`,
                },
              ];
        });
        if (badNames.length > 0) {
          throw new HttpProblem(
            422,
            'invalid',
            'a file name cannot be used; rename the file',
            badNames,
          );
        }
        const dir = await mkdtemp(join(tmpdir(), 'quotaplan-upload-'));
        try {
          const paths: string[] = [];
          for (const [i, file] of uploaded.entries()) {
            const name = names[i] ?? `upload-${i + 1}.csv`;
            // One folder per file: two uploads may share a name.
            const folder = join(dir, String(i));
            await mkdir(folder);
            const target = join(folder, name);
            await writeFile(target, new Uint8Array(await file.arrayBuffer()));
            paths.push(target);
          }
          const mappingText = await mappingOf(form.mapping);
          const request = {
            paths,
            env: {},
            preset: text('preset'),
            dateFormat: text('dateFormat'),
            asOf: text('asOf'),
            mappingText,
            importedBy: context.actor.email,
            importedByUserId: context.actor.userId,
          };
          const problems = validateImportRequest(request);
          if (problems.length > 0)
            throw new HttpProblem(422, 'invalid', 'the import options are not valid', problems);
          const mapping = await loadRequestMapping(request);
          if (!mapping.ok) {
            const first = mapping.issues[0];
            throw new HttpProblem(
              422,
              'mapping-invalid',
              `the mapping is not valid: ${first === undefined ? 'unreadable' : formatIssue(first)}`,
              mapping.issues,
            );
          }
          const dateFormat = parseDateFormatOption(request.dateFormat);
          if (text('dryRun') === 'true') {
            const p = await previewImportIntoWorkspace(
              context.workspace,
              request,
              mapping.value,
              dateFormat,
            );
            return c.json(
              {
                dryRun: true as const,
                ready: p.ready,
                preset: p.preset,
                files: p.files.map((f) => ({
                  name: f.name,
                  status: f.status,
                  entity: f.entity,
                  label: f.label,
                  format: f.format,
                  delimiter: f.delimiter,
                  rows: f.rows,
                  accepted: f.accepted,
                  rejected: f.rejected,
                  columns: f.columns,
                  headers: f.headers,
                  suggested: f.suggested,
                  issues: f.issues.map(uploadedName),
                })),
                errors: p.errors.map(uploadedName),
                errorCount: p.errorCount,
                notices: p.notices.map(uploadedName),
                untouched: p.untouched,
                records: p.records,
                samples: p.samples,
                audit: p.audit,
                mappingFields: mappingCatalog(),
              },
              200,
            );
          }
          const outcome = await importIntoWorkspace(
            context.workspace,
            request,
            mapping.value,
            dateFormat,
          );
          if (!outcome.ok) {
            throw new HttpProblem(
              422,
              'import-refused',
              'the files were not imported; nothing changed',
              outcome.issues.slice(0, 200).map(uploadedName),
            );
          }
          // The audit entry was written in the import's transaction (saveImport).
          const summary = outcome.value;
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
              asOf: summary.asOf,
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
        return jsonAnswer(c, await auditInWorker(c.get('workspace')));
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
            from: inputDate.optional(),
            to: inputDate.optional(),
            types: z.string().max(200).optional(),
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
              `types: unknown deal types ${unknown.map((t) => JSON.stringify(t)).join(', ')}; expected ${DEAL_TYPES.join(', ')}`,
            );
          }
        }
        const result = await baselineInWorker(c.get('workspace'), query, types);
        if (!result.ok)
          throw new HttpProblem(422, 'invalid', 'the baseline cannot be computed', result.issues);
        return jsonAnswer(c, result.value);
      },
    );
}
