// The deliverables of a stored plan version, for the server's download buttons: the quota model
// workbook and the documentation package, with the workspace's real Definition Alignment
// approvals in it.

import type { PackageFile } from '../docs-service.ts';
import { buildDocsPackage } from '../docs-service.ts';
import type { DocsFormat } from '../docs-service.ts';
import { buildWorkbook } from '../export-service.ts';
import { listDefinitions } from './definitions.ts';
import { WorkflowError } from './errors.ts';
import { evaluatePlanText, requireVersion, today } from './plan-versions.ts';
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
