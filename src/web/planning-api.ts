// The planning workspace's calls to the server (RevOps and leaders): plans, versions, the diff,
// definitions, the sign-off checklist, a rep's explanation, the preview of edits and the
// deliverables (workbook, documentation package), each a TanStack Query options object, a plain
// call the pages' mutations use, or the link of a download.

import { queryOptions } from '@tanstack/react-query';
import type { InferResponseType } from 'hono/client';
import type { BaselineReport } from '../core/baseline/types.ts';
import { client, readJson, WORKSPACE } from './api.ts';

const ws = client.api.workspaces[':ws'];
const plan = ws.plans[':planId'];
const version = plan.versions[':version'];

function versionParam(planId: number, v: number) {
  return { ws: WORKSPACE, planId: String(planId), version: String(v) };
}

export const plansQuery = queryOptions({
  queryKey: ['plans', WORKSPACE],
  queryFn: async () => readJson(await ws.plans.$get({ param: { ws: WORKSPACE } })),
  staleTime: 10_000,
});

export function planQuery(planId: number) {
  return queryOptions({
    queryKey: ['plan', planId],
    queryFn: async () =>
      readJson(await plan.$get({ param: { ws: WORKSPACE, planId: String(planId) } })),
    staleTime: 10_000,
  });
}

export function versionQuery(planId: number, v: number) {
  return queryOptions({
    queryKey: ['version', planId, v],
    queryFn: async () => readJson(await version.$get({ param: versionParam(planId, v) })),
    // A version never changes once stored.
    staleTime: Infinity,
  });
}

export function diffQuery(planId: number, from: number, to: number) {
  return queryOptions({
    queryKey: ['diff', planId, from, to],
    queryFn: async () =>
      readJson(
        await plan.diff.$get({
          param: { ws: WORKSPACE, planId: String(planId) },
          query: { from: String(from), to: String(to) },
        }),
      ),
    staleTime: Infinity,
  });
}

export function signoffQuery(planId: number, v: number) {
  return queryOptions({
    queryKey: ['signoff', planId, v],
    queryFn: async () => readJson(await version.signoff.$get({ param: versionParam(planId, v) })),
    staleTime: 5_000,
  });
}

/** The assumption register of a version as it stands: every decision applied (it changes). */
export function registerQuery(planId: number, v: number) {
  return queryOptions({
    queryKey: ['register', planId, v],
    queryFn: async () =>
      readJson(await version.assumptions.$get({ param: versionParam(planId, v) })),
    staleTime: 5_000,
  });
}

/** Approver roles asked for (pending first): leaders approve them. */
export const roleGrantsQuery = queryOptions({
  queryKey: ['role-grants', WORKSPACE],
  queryFn: async () => readJson(await ws['role-grants'].$get({ param: { ws: WORKSPACE } })),
  staleTime: 10_000,
});

export const definitionsQuery = queryOptions({
  queryKey: ['definitions', WORKSPACE],
  queryFn: async () => readJson(await ws.definitions.$get({ param: { ws: WORKSPACE } })),
  staleTime: 10_000,
});

export function explanationQuery(planId: number, v: number, repId: string) {
  return queryOptions({
    queryKey: ['explanation', planId, v, repId],
    queryFn: async () =>
      readJson(
        await version.explanation.$get({ param: versionParam(planId, v), query: { rep: repId } }),
      ),
    staleTime: Infinity,
  });
}

export function backtestQuery(planId: number, v: number) {
  return queryOptions({
    queryKey: ['backtest', planId, v],
    queryFn: async () => readJson(await version.backtest.$get({ param: versionParam(planId, v) })),
    staleTime: Infinity,
  });
}
export type BacktestView = Awaited<
  ReturnType<NonNullable<ReturnType<typeof backtestQuery>['queryFn']>>
>;

export function scenariosQuery(planId: number, v: number) {
  return queryOptions({
    queryKey: ['scenarios', planId, v],
    queryFn: async () =>
      readJson(await version.scenarios.$get({ param: versionParam(planId, v), query: {} })),
    // Seeded: a version's scenarios never change.
    staleTime: Infinity,
  });
}
export type ScenariosView = Awaited<
  ReturnType<NonNullable<ReturnType<typeof scenariosQuery>['queryFn']>>
>;

export type BaselineGrouping = 'rep' | 'territory' | 'segment' | 'manager';

export function baselineQuery(by: BaselineGrouping) {
  return queryOptions({
    queryKey: ['baseline', WORKSPACE, by],
    queryFn: async () =>
      // The route declares its rows loosely; their shape is the core's BaselineReport.
      (await readJson(
        await ws.baseline.$get({ param: { ws: WORKSPACE }, query: { by } }),
      )) as unknown as BaselineReport,
    staleTime: 60_000,
  });
}

export type PlanListing = Awaited<ReturnType<NonNullable<(typeof plansQuery)['queryFn']>>>[number];
export type PlanWithVersions = Awaited<
  ReturnType<NonNullable<ReturnType<typeof planQuery>['queryFn']>>
>;
export type VersionView = Awaited<
  ReturnType<NonNullable<ReturnType<typeof versionQuery>['queryFn']>>
>;
export type VersionQuota = VersionView['results']['quotas'][number];
export type DiffView = Awaited<ReturnType<NonNullable<ReturnType<typeof diffQuery>['queryFn']>>>;
export type SignoffView = Awaited<
  ReturnType<NonNullable<ReturnType<typeof signoffQuery>['queryFn']>>
>;
export type GateItem = SignoffView['checklist']['items'][number];
export type GateRecord = SignoffView['records'][number];
export type RegisterView = Awaited<
  ReturnType<NonNullable<ReturnType<typeof registerQuery>['queryFn']>>
>;
export type RegisterEntry = RegisterView['entries'][number];
export type RoleGrant = Awaited<
  ReturnType<NonNullable<(typeof roleGrantsQuery)['queryFn']>>
>[number];
export type Definition = Awaited<
  ReturnType<NonNullable<(typeof definitionsQuery)['queryFn']>>
>[number];
export type Explanation = Awaited<
  ReturnType<NonNullable<ReturnType<typeof explanationQuery>['queryFn']>>
>;

/** A key path of the plan file and its new value (null removes the key). */
export interface PlanEditInput {
  path: (string | number)[];
  value: unknown;
}

export async function draftPlan(name: string) {
  return readJson(await ws.plans.$post({ param: { ws: WORKSPACE }, json: { name } }));
}

export async function saveEdits(
  planId: number,
  baseVersion: number,
  note: string,
  edits: PlanEditInput[],
) {
  return readJson(
    await plan.versions.$post({
      param: { ws: WORKSPACE, planId: String(planId) },
      json: { baseVersion, note, edits },
    }),
  );
}

export async function previewEdits(planId: number, v: number, edits: PlanEditInput[]) {
  return readJson(await version.preview.$post({ param: versionParam(planId, v), json: { edits } }));
}
export type Preview = Awaited<ReturnType<typeof previewEdits>>;

/**
 * Confirms one input at the value the person was shown (or reopens it): a decision in the
 * register, no new version. The server refuses it when the value is no longer that one.
 */
export async function decideAssumption(
  planId: number,
  v: number,
  entry: { key: string; value: string },
  status: 'CONFIRMED' | 'ASSUMED',
) {
  return readJson(
    await version.assumptions.$post({
      param: versionParam(planId, v),
      json: { key: entry.key, value: entry.value, status },
    }),
  );
}

export async function decideRoleGrant(grantId: number, approve: boolean) {
  return readJson(
    await ws['role-grants'][':grantId'].decision.$post({
      param: { ws: WORKSPACE, grantId: String(grantId) },
      json: { approve, note: null },
    }),
  );
}

export async function approveDefinition(key: string) {
  return readJson(await ws.definitions[':key'].approvals.$post({ param: { ws: WORKSPACE, key } }));
}

export async function overrideBacktest(planId: number, v: number, reason: string) {
  return readJson(
    await version['backtest-override'].$post({ param: versionParam(planId, v), json: { reason } }),
  );
}

export async function approveQuotas(planId: number, v: number, note: string | null) {
  return readJson(
    await version['quota-approvals'].$post({ param: versionParam(planId, v), json: { note } }),
  );
}

export async function signOffVersion(planId: number, v: number) {
  return readJson(await version.signoff.$post({ param: versionParam(planId, v) }));
}

/** Publishes a signed-off version; `supersedes` names the published plans it replaces. */
export async function publishVersion(planId: number, v: number, supersedes: number[] = []) {
  return readJson(
    await version.publish.$post({ param: versionParam(planId, v), json: { supersedes } }),
  );
}

/** What the import's dry run answers: the route's 200 body (the server's importPreviewSchema). */
export type ImportPreview = InferResponseType<typeof ws.imports.$post, 200>;
export type PreviewFile = ImportPreview['files'][number];
export type PreviewIssue = ImportPreview['errors'][number];
export type AuditFindingView = NonNullable<ImportPreview['audit']>['findings'][number];

/** What the import answers: the route's 201 body. */
export type ImportDone = InferResponseType<typeof ws.imports.$post, 201>;

export interface UploadOptions {
  /** '' lets the server detect the preset from the headers. */
  preset: string;
  /** '' lets the server take the latest date in the data. */
  asOf: string;
  /** A mapping document (YAML) for "Map columns"; null for a preset. */
  mapping: string | null;
  /** Why data-quality errors are accepted (kept in the audit log); null: they block the import. */
  acceptAuditErrors?: string | null;
}

async function upload(
  files: readonly File[],
  options: UploadOptions,
  dryRun: boolean,
): Promise<Response> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  if (options.preset !== '') form.append('preset', options.preset);
  if (options.asOf !== '') form.append('asOf', options.asOf);
  if (options.mapping !== null) form.append('mapping', options.mapping);
  if (!dryRun && options.acceptAuditErrors !== undefined && options.acceptAuditErrors !== null) {
    form.append('acceptAuditErrors', JSON.stringify({ reason: options.acceptAuditErrors }));
  }
  if (dryRun) form.append('dryRun', 'true');
  return fetch(`/api/workspaces/${WORKSPACE}/imports`, {
    method: 'POST',
    credentials: 'same-origin',
    body: form,
  });
}

/**
 * The import's dry run (multipart, outside the typed client): every file's columns with sample
 * values and how it would be read, the first records as stored, row errors and the audit.
 */
export async function checkImport(
  files: readonly File[],
  options: UploadOptions,
): Promise<ImportPreview> {
  return readJson<ImportPreview>(await upload(files, options, true));
}

/** The import itself: all or nothing. */
export async function commitImport(
  files: readonly File[],
  options: UploadOptions,
): Promise<ImportDone> {
  return readJson<ImportDone>(await upload(files, options, false));
}

/** Undoes an import (the workspace's latest): its records removed, those it replaced put back. */
export async function undoImport(importId: number) {
  return readJson(
    await ws.imports[':id'].undo.$post({ param: { ws: WORKSPACE, id: String(importId) } }),
  );
}

/** The link that downloads a version's quota model workbook. */
export function workbookUrl(planId: number, v: number): string {
  const url = version.workbook.$url({ param: versionParam(planId, v), query: {} });
  return url.pathname + url.search;
}

export const DOCUMENT_FORMATS = ['pdf', 'html', 'md'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export function isDocumentFormat(value: string | null): value is DocumentFormat {
  return DOCUMENT_FORMATS.some((f) => f === value);
}

/** The files of a version's documentation package in one format (the server renders them). */
export function documentsQuery(planId: number, v: number, format: DocumentFormat) {
  return queryOptions({
    queryKey: ['documents', planId, v, format],
    queryFn: async () =>
      readJson(await version.documents.$get({ param: versionParam(planId, v), query: { format } })),
    // The package quotes today's definition approvals: approving a term invalidates it.
    staleTime: 60_000,
  });
}
export type PackageListing = Awaited<
  ReturnType<NonNullable<ReturnType<typeof documentsQuery>['queryFn']>>
>;
export type PackageEntry = PackageListing[number];

/** The link that downloads one file of a version's documentation package. */
export function documentUrl(
  planId: number,
  v: number,
  format: DocumentFormat,
  path: string,
): string {
  const url = version.documents.file.$url({
    param: versionParam(planId, v),
    query: { format, path },
  });
  return url.pathname + url.search;
}

/** A custom scenario's changes: inputs (fractions; the target in currency units) and levers. */
export interface CustomScenarioRequest {
  growth?: number;
  topDownShare?: number;
  overAssignment?: number;
  target?: number;
  levers: {
    winRatePoints: number;
    dealSizeMultiplier: number;
    attrition: number;
    extraRampMonths: number;
    extraHires: number;
  };
  trials?: number;
}

/** A custom scenario simulated beside the version (nothing is saved). */
export async function simulateCustomScenario(
  planId: number,
  v: number,
  request: CustomScenarioRequest,
) {
  return readJson(
    await version.scenarios.custom.$post({ param: versionParam(planId, v), json: request }),
  );
}

export type CustomScenarioView = Awaited<ReturnType<typeof simulateCustomScenario>>;
