// The jobs the server runs on its worker threads (job-runner.ts): each a function of a workspace's
// dataset and plain input, returning plain data. The main thread imports this file's types only;
// the renderers are loaded by the render lane's worker alone, on its first job.

import { auditDataset } from '../core/audit/index.ts';
import type { AuditReport } from '../core/audit/index.ts';
import type { BaselineReport } from '../core/baseline/index.ts';
import { ok } from '../core/issue.ts';
import type { Result } from '../core/issue.ts';
import type { Dataset } from '../core/model.ts';
import { baselineOfDataset } from './baseline-service.ts';
import type { BaselineQuery } from './baseline-service.ts';
import type { DocsOptions, LetterFormat, PackageFile } from './docs-service.ts';
import type { WorkbookOptions } from './export-service.ts';
import { jsonText } from './json-text.ts';
import type { JsonText } from './json-text.ts';
import type { PreparedPlan } from './plan-service.ts';
import type { RegisterDecision } from '../core/workflow/index.ts';
import { WorkflowError } from './workflow/errors.ts';
import { withDecisions } from './workflow/with-decisions.ts';
import {
  backtestOn,
  draftOn,
  evaluateOn,
  explainOn,
  preparedOn,
  previewOn,
  scenariosOn,
  customScenarioOn,
} from './workflow/plan-runs.ts';

/** A stored version to render: refused (409) when its run is blocked. */
interface VersionText {
  text: string;
  name: string;
  version: number;
  /** The plan's register decisions (confirmations beside the versions), applied to the run. */
  decisions: readonly RegisterDecision[];
}

async function renderable(dataset: Dataset, input: VersionText): Promise<PreparedPlan> {
  const prepared = await preparedOn(dataset, input.text, input.name);
  if (prepared.run.blocked) {
    throw new WorkflowError(
      'precondition-failed',
      `version ${input.version} is blocked by failed checks or errors; fix the plan first`,
    );
  }
  return withDecisions(prepared, input.decisions, input.version);
}

/** A package file as it crosses threads: a Buffer arrives as a plain Uint8Array of its bytes. */
export type PostedFile = Omit<PackageFile, 'bytes'> & { bytes: Uint8Array };

/** A job whose result the server answers as it is: written as JSON where it is computed. */
const asJson =
  <I, T>(job: (dataset: Dataset, input: I) => T | Promise<T>) =>
  async (dataset: Dataset, input: I): Promise<JsonText<T>> =>
    jsonText(await job(dataset, input));

function audit(
  dataset: Dataset,
  input: { asOf?: string | undefined },
): AuditReport & { deals: number } {
  const report = auditDataset(dataset, { asOf: input.asOf ?? dataset.settings.asOf ?? null });
  return { ...report, deals: dataset.deals.length };
}

export const JOBS = {
  baseline: (
    dataset: Dataset,
    input: BaselineQuery,
  ): Result<JsonText<BaselineReport & { asOfNote: string }>> => {
    const result = baselineOfDataset(dataset, input);
    return result.ok ? ok(jsonText(result.value)) : result;
  },
  /** The data-quality audit, as JSON. */
  audit: asJson(audit),
  /** The audit's counts alone (the sign-off checklist needs the number of errors). */
  auditCounts: (dataset: Dataset, input: { asOf?: string | undefined }) => {
    const { errorCount, warningCount, deals } = audit(dataset, input);
    return { errorCount, warningCount, deals };
  },
  draft: draftOn,
  /** A version's assumption register as the engine makes it (the register view, a decision). */
  assumptions: async (dataset: Dataset, input: { text: string; name: string }) =>
    (await preparedOn(dataset, input.text, input.name)).run.assumptions,
  evaluate: evaluateOn,
  explain: asJson(explainOn),
  preview: asJson(previewOn),
  backtest: asJson(backtestOn),
  scenarios: asJson(scenariosOn),
  customScenario: asJson(customScenarioOn),
  workbook: async (
    dataset: Dataset,
    input: VersionText & { options: WorkbookOptions },
  ): Promise<Uint8Array> => {
    const { buildWorkbook } = await import('./export-service.ts');
    const prepared = await renderable(dataset, input);
    // The cover names the plan and its version unless the caller names the source.
    const source = input.options.source ?? `${prepared.plan.name}, version ${input.version}`;
    return buildWorkbook(prepared, { ...input.options, source });
  },
  docs: async (
    dataset: Dataset,
    input: VersionText & { options: DocsOptions },
  ): Promise<PostedFile[]> => {
    const { buildDocsPackage } = await import('./docs-service.ts');
    return buildDocsPackage(await renderable(dataset, input), input.options);
  },
  letter: async (
    dataset: Dataset,
    input: VersionText & {
      options: Omit<DocsOptions, 'format'>;
      repId: string;
      format: LetterFormat;
    },
  ): Promise<PostedFile | null> => {
    const { buildQuotaLetter } = await import('./docs-service.ts');
    const prepared = await renderable(dataset, input);
    return buildQuotaLetter(prepared, input.options, input.repId, input.format);
  },
};

export type JobName = keyof typeof JOBS;
export type JobInput<N extends JobName> = Parameters<(typeof JOBS)[N]>[1];
export type JobOutput<N extends JobName> = Awaited<ReturnType<(typeof JOBS)[N]>>;
