// The deliverables of a stored plan version, for the server's download buttons: the quota model
// workbook and the documentation package, with the workspace's real Definition Alignment
// approvals in it.

import type { LetterFormat, PackageFile } from '../docs-service.ts';
import { buildDocsPackage, buildQuotaLetter } from '../docs-service.ts';
import type { DocsFormat } from '../docs-service.ts';
import { buildWorkbook } from '../export-service.ts';
import { listDefinitions } from './definitions.ts';
import { WorkflowError } from './errors.ts';
import { evaluatePlanText, requirePlan, requireVersion, today } from './plan-versions.ts';
import type { EvaluatedPlan, WorkflowContext } from './plan-versions.ts';

async function usableVersion(
  context: WorkflowContext,
  planId: number,
  version: number,
): Promise<EvaluatedPlan> {
  const row = await requireVersion(context, planId, version);
  const evaluated = await evaluatePlanText(
    context.workspace,
    row.planYaml,
    `plan ${planId} v${version}`,
  );
  if (evaluated.prepared.run.blocked) {
    throw new WorkflowError(
      'precondition-failed',
      `version ${version} is blocked by failed checks or errors; fix the plan first`,
    );
  }
  return evaluated;
}

/** The quota model workbook (XLSX bytes) of a version. */
export async function versionWorkbook(
  context: WorkflowContext,
  planId: number,
  version: number,
  options: { scenarios: boolean },
): Promise<{ fileName: string; bytes: Buffer }> {
  const { prepared } = await usableVersion(context, planId, version);
  const bytes = await buildWorkbook(prepared, {
    scenarios: options.scenarios,
    source: `${prepared.plan.name}, version ${version}`,
    generatedOn: today(context),
  });
  return { fileName: `quota-model-plan-${planId}-v${version}.xlsx`, bytes };
}

/** The documentation package of a version, with the workspace's definition approvals. */
export async function versionDocuments(
  context: WorkflowContext,
  planId: number,
  version: number,
  format: DocsFormat,
): Promise<PackageFile[]> {
  const { prepared } = await usableVersion(context, planId, version);
  const definitions = await listDefinitions(context);
  return buildDocsPackage(prepared, {
    format,
    definitions: definitions.map((d) => ({
      term: { key: d.key, term: d.term, definition: d.definition },
      approvals: d.approvals,
    })),
    planPath: `plan-${planId}-v${version}.yaml`,
    generatedOn: today(context),
  });
}

/**
 * One rep's quota letter from the published version's documentation package (the callers check
 * that the rep is in the reader's scope). Not found when the plan is not published or holds no
 * quota for the rep.
 */
export async function publishedQuotaLetter(
  context: WorkflowContext,
  planId: number,
  repId: string,
  format: LetterFormat,
): Promise<{ fileName: string; bytes: Buffer; version: number }> {
  const plan = await requirePlan(context, planId);
  const version = plan.publishedVersion;
  if (version === null) {
    throw new WorkflowError('not-found', `plan ${planId} has no published quotas yet`);
  }
  const { prepared } = await usableVersion(context, planId, version);
  const definitions = await listDefinitions(context);
  const letter = await buildQuotaLetter(
    prepared,
    {
      definitions: definitions.map((d) => ({
        term: { key: d.key, term: d.term, definition: d.definition },
        approvals: d.approvals,
      })),
      planPath: `plan-${planId}-v${version}.yaml`,
      generatedOn: today(context),
    },
    repId,
    format,
  );
  if (letter === null) {
    throw new WorkflowError('not-found', `rep ${repId} has no quota in plan ${planId}`);
  }
  const name = letter.path.split('/').pop() ?? `${repId}.${format}`;
  return { fileName: `quota-letter-plan-${planId}-${name}`, bytes: letter.bytes, version };
}
